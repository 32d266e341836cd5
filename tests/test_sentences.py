from renderer.narration.sentences import split_sentences


def test_splits_on_sentence_ends() -> None:
    assert split_sentences("Ek. Do! Teen? Char") == ["Ek.", "Do!", "Teen?", "Char"]


def test_long_sentences_are_split_to_forty_words() -> None:
    long = ", ".join(f"word{i} more text here" for i in range(30)) + "."
    parts = split_sentences(long)
    assert len(parts) > 1
    assert all(len(p.split()) <= 40 for p in parts)
    assert " ".join(parts).split() == long.split()
