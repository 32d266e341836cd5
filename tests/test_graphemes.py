"""Text is cut only between grapheme clusters: never inside an emoji, a flag or a syllable.

The cluster oracle is `regex.findall(r"\\X", ...)` (UAX #29). Each case below is one the old
code-point cuts (`title[:99] + "…"`, `text[:room]`, a byte cut decoded with "ignore") got
wrong: half a ZWJ emoji, one regional indicator of a flag, a Devanagari consonant without
its vowel sign.
"""

from __future__ import annotations

import itertools
import json

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from renderer.article import load_article
from renderer.graphemes import (
    ELLIPSIS,
    chunks,
    clusters,
    cut,
    cut_bytes,
    drop_last,
    head,
    length,
    longest_prefix,
    tail,
    utf8_bytes,
    utf16_units,
)
from renderer.outputs.chapters import Chapter
from renderer.outputs.metadata import build_metadata, tags_length, write_metadata

CODER = "👩\u200d💻"  # woman, zero-width joiner, laptop: one picture, 3 code points
PRIDE = "🏳\ufe0f\u200d🌈"  # white flag, VS16, ZWJ, rainbow: 4 code points
INDIA = "🇮🇳"  # two regional indicators
KSHI = "क्षि"  # ka, virama, ssa, vowel sign i: one syllable, 4 code points
E_ACUTE = "e\u0301"  # e and a combining acute accent

PIECES = [CODER, PRIDE, INDIA, KSHI, E_ACUTE, "a", "b", " ", "नमस्ते", "✅", "👍🏽"]


def grapheme_list(text: str) -> list[str]:
    return regex.findall(r"\X", text)


def is_whole_prefix(part: str, whole: str) -> bool:
    """`part` is `whole`'s first clusters, each one whole."""
    mine, theirs = grapheme_list(part), grapheme_list(whole)
    return mine == theirs[: len(mine)]


def is_whole_run(part: str, whole: str) -> bool:
    """`part` is a run of `whole`'s clusters, each one whole (a line of a wrapped text)."""
    sep = "\x00"
    return (
        not part
        or f"{sep}{sep.join(grapheme_list(part))}{sep}"
        in f"{sep}{sep.join(grapheme_list(whole))}{sep}"
    )


texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    texts,
    st.integers(min_value=0, max_value=60),
    st.sampled_from([ELLIPSIS, "", "..."]),
    st.booleans(),
)
def test_cut_never_splits_a_cluster_and_keeps_the_limit(
    text: str, limit: int, ellipsis: str, words: bool
) -> None:
    result = cut(text, limit, ellipsis, words=words)
    assert length(result) <= limit or (result == text and length(text) <= limit)
    if result == text:
        return
    if ellipsis and length(ellipsis) <= limit:
        assert result.endswith(ellipsis)
        result = result[: -len(ellipsis)]
    assert is_whole_prefix(result, text)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=120))
def test_cut_in_other_units_never_splits_a_cluster(text: str, limit: int) -> None:
    for size in (utf16_units, utf8_bytes):
        result = cut(text, limit, size=size)
        assert size(result) <= limit or result == text == "" or size(ELLIPSIS) > limit
        body = result.removesuffix(ELLIPSIS) if result != text else result
        assert is_whole_prefix(body, text)
    kept = cut_bytes(text, limit)
    assert utf8_bytes(kept) <= limit and is_whole_prefix(kept, text)


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(min_value=0, max_value=50))
def test_the_helpers_keep_clusters_whole(text: str, count: int) -> None:
    assert "".join(clusters(text)) == text and length(text) == len(grapheme_list(text))
    assert is_whole_prefix(head(text, count), text) and length(head(text, count)) <= count
    assert text.endswith(tail(text, count)) and length(tail(text, count)) <= count
    assert is_whole_run(tail(text, count), text)
    assert is_whole_prefix(drop_last(text), text)
    pieces = chunks(text, max(count, 1))
    assert "".join(pieces) == text and all(is_whole_run(p, text) for p in pieces)
    if text:
        fits = longest_prefix(text, lambda part: utf8_bytes(part) <= count)
        assert is_whole_prefix(fits, text) and fits
        assert utf8_bytes(fits) <= count or length(fits) == 1


def test_a_title_of_99_letters_and_an_emoji_keeps_the_emoji_whole() -> None:
    assert cut("a" * 99 + CODER, 100) == "a" * 99 + CODER  # 100 clusters: it fits
    cut_short = cut("a" * 98 + CODER + "bc", 100)  # the old [:99] kept the woman, not her laptop
    assert cut_short == "a" * 98 + CODER + ELLIPSIS
    assert cut("a" * 99 + CODER + "b", 100) == "a" * 99 + ELLIPSIS
    # in UTF-16 units the emoji (5) does not fit beside 98 letters and the ellipsis: dropped
    assert cut("a" * 98 + CODER + "bc", 100, size=utf16_units) == "a" * 98 + ELLIPSIS


def test_a_devanagari_title_is_cut_between_syllables() -> None:
    title = KSHI * 30  # 30 syllables, 120 code points
    assert cut(title, 100) == title, "30 characters as a reader counts them"
    short = cut(title, 10)
    assert short == KSHI * 9 + ELLIPSIS
    assert cut(title, 100, size=utf16_units) == KSHI * 24 + ELLIPSIS  # the old cut: 24 + क्ष
    assert cut("नमस्ते दुनिया", 4) == "नमस्ते…", "स्ते is one syllable (the old [:3]: नमस)"


def test_a_flag_is_never_split_into_its_letters() -> None:
    text = "a" + INDIA * 5
    assert cut(text, 4) == "a" + INDIA * 2 + ELLIPSIS  # the old text[:3] left half a flag
    assert cut(PRIDE * 3, 3, "") == PRIDE * 3 and cut(PRIDE * 3, 2, "") == PRIDE * 2
    assert cut(INDIA * 3, 5, size=utf16_units) == INDIA + ELLIPSIS


def test_the_description_byte_cut_keeps_whole_syllables() -> None:
    text = KSHI * 2000  # 12 bytes a syllable: 5000 bytes end 8 bytes into the 417th
    kept = cut_bytes(text, 5000)
    assert kept == KSHI * 416 and utf8_bytes(kept) == 4992
    old = text.encode("utf-8")[:5000].decode("utf-8", "ignore")
    assert not is_whole_prefix(old, text), "the old cut left क् without its ष and ि"
    assert cut_bytes("ab", 5000) == "ab" and cut_bytes(CODER, 10) == ""


def test_an_ellipsis_follows_the_text_not_its_spaces() -> None:
    assert cut("one two three", 9) == "one two…"
    assert cut("one two three", 8) == "one two…"
    assert cut("one two three", 9, "") == "one two t"
    assert cut("abc", 0) == "" and cut("abc", 1) == ELLIPSIS and cut("", 0) == ""


def test_words_moves_the_cut_back_to_a_near_space() -> None:
    text = "Asynchronous jobs and their queues"
    assert cut(text, 20) == "Asynchronous jobs a…"
    assert cut(text, 20, words=True) == "Asynchronous jobs…"
    assert cut(text, 22, words=True) == "Asynchronous jobs and…", "a cut at a space stays"
    assert cut("Supercalifragilistic expialidocious", 10, words=True) == "Supercali…", (
        "no space in the second half: the word is cut"
    )
    assert cut(f"{KSHI * 5} {KSHI * 5}", 9, words=True) == KSHI * 5 + ELLIPSIS


def article_titled(write_article, title: str, tag: str = "queue"):
    return load_article(
        write_article(
            f'title: "{title}"\nsummary: A summary.\ntags: ["{tag}"]\n'
            "sections:\n  - title: A\n    points: [a]\n"
        )
    )


@pytest.mark.parametrize(
    "title",
    [
        "a" * 98 + CODER + " more words",  # the old cut at 99 kept 👩 and the joiner
        KSHI * 30,  # the old cut at 99 kept क्ष of the 25th क्षि
        "Flags " + INDIA * 60,  # the old cut split the 47th flag's letters
        CODER * 40,  # 40 clusters but 200 UTF-16 units: cut to 100 units all the same
    ],
)
def test_the_upload_title_is_cut_whole(write_article, tmp_path, title: str) -> None:
    article = article_titled(write_article, title, tag=KSHI * 30)
    meta = build_metadata(article, [Chapter(0.0, 20.0, "A")], 20.0, {})
    assert meta.title.endswith(ELLIPSIS) and meta.title != title
    assert utf16_units(meta.title) <= 100, "within 100 however YouTube counts"
    assert is_whole_prefix(meta.title.removesuffix(ELLIPSIS), title)
    write_metadata(meta, tmp_path / "x.json", tmp_path / "x.description.txt")
    written = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert written["title"] == meta.title
    tag = next(t for t in meta.tags if t.startswith(KSHI))
    assert tag == KSHI * 25 and tags_length(meta.tags) <= 500, "a tag is cut whole too"


def test_a_long_title_in_plain_letters_is_cut_as_before(write_article) -> None:
    title = "A very long title for a video " * 6
    meta = build_metadata(article_titled(write_article, title), [], 20.0, {})
    assert meta.title == " ".join(title.split())[:99].rstrip() + ELLIPSIS


def test_chapter_titles_are_cut_whole(storyboard) -> None:
    from dataclasses import replace

    from renderer.outputs.chapters import slide_title

    title = "x" * 58 + CODER + " and the rest"
    board = replace(storyboard, slides=[replace(storyboard.slides[0], title=title)])
    assert slide_title(board, 0) == "x" * 58 + CODER + ELLIPSIS  # old: 58 x, 👩, ZWJ, "…"


def test_a_word_too_wide_for_a_slide_breaks_between_clusters() -> None:
    from renderer.raster.text import Fonts, TextStyle
    from renderer.raster.wrap import fit, wrap
    from renderer.theme import load_theme

    style = TextStyle(Fonts(load_theme()), 40)
    words = (CODER * 12 + PRIDE * 6, KSHI * 40, "नमस्ते" * 20, INDIA + "a" + INDIA * 12)
    for word, width in itertools.product(words, (150, 220, 333)):
        lines = wrap(word, style, width)  # the old cut at 150 left क्ष, at 333 स्, at a line's end
        assert len(lines) > 1 and "".join(lines) == word
        assert all(is_whole_run(line, word) for line in lines), (width, lines)
    text = " ".join([KSHI * 3 + CODER] * 40)
    fitted = fit(text, style, 300, 100, min_size=30)
    assert fitted.ellipsized and fitted.lines[-1].endswith(ELLIPSIS)
    assert all(is_whole_run(line.removesuffix(ELLIPSIS), text) for line in fitted.lines)


def test_a_code_line_wraps_between_clusters() -> None:
    from renderer.raster.painters.code import _wrapped, lines_of

    source = f"label = '{CODER * 30}{KSHI * 20}'\n"
    rows = _wrapped(lines_of(source, "python"), 0, 30)
    texts = ["".join(text for _, text in row).lstrip(" ") for _, _, row in rows]
    assert len(texts) > 2 and all(length(t) <= 30 for t in texts)
    assert all(is_whole_run(t, source) for t in texts), texts


def test_a_caption_word_too_long_for_two_lines_is_cut_between_clusters() -> None:
    from renderer.outputs.captions import split_sentence

    word = "a" + KSHI * 100
    pieces = split_sentence(word)
    assert len(pieces) > 1 and "".join(pieces) == word
    assert all(is_whole_run(piece, word) for piece in pieces)


def test_messages_quote_whole_characters(tmp_path) -> None:
    from renderer.errors import ConfigError
    from renderer.narration.voices import load_profile

    with pytest.raises(ConfigError) as caught:
        load_profile("x" + CODER * 100, tmp_path)
    quoted = caught.value.message.split("'")[1]
    assert length(quoted) == 80 and is_whole_prefix(quoted, "x" + CODER * 100)
