"""Hinglish for a Hindi voice: Latin-letter words written in Devanagari for the voice only,
the lexicon first, then the word table, then acronyms and rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.errors import ConfigError
from renderer.narration.lexicon import Lexicon
from renderer.narration.transliterate import Transliterator, by_rules
from renderer.narration.voices import Voice, VoiceProfile, load_profile, make_voice


@pytest.mark.parametrize(
    ("word", "devanagari"),
    [
        ("hai", "है"),  # ai is one vowel
        ("kya", "क्या"),  # consonants joined; Hinglish's last a is long
        ("bhi", "भी"),  # an aspirate digraph; the last i is long
        ("kaam", "काम"),  # a doubled vowel is long; the last consonant keeps no virama
        ("hindi", "हिंदी"),  # n before a stop is a nasal
        ("mein", "में"),  # a last n after ei is a nasal vowel
        ("accha", "अच्छा"),  # a word that starts with a vowel; cch
        ("jaldi", "जल्दी"),
        ("aur", "और"),
    ],
)
def test_rules_write_casual_hinglish_as_a_hindi_reader_would(word: str, devanagari: str) -> None:
    assert by_rules(word) == devanagari


def test_the_table_wins_over_the_rules_and_acronyms_are_spelled(tmp_path: Path) -> None:
    table = tmp_path / "table.tsv"
    table.write_text("# by hand\nqueue\tक्यू\nkarte\tकरते\njob\tजॉब\n", encoding="utf-8")
    words = Transliterator.load(table)
    assert words.word("Queue") == "क्यू"  # case does not matter
    assert words.word("karte") == "करते"  # not the rules' कर्ते
    assert words.word("API") == "एपीआई"
    assert (words.word("jobs"), words.word("Queues")) == ("जॉब्स", "क्यूज़"), "English plurals"
    assert words.text("HTTP request, 2 baar!") == "एचटीटीपी " + by_rules("request") + ", 2 बार!"


def test_a_broken_table_is_an_error_naming_its_line(tmp_path: Path) -> None:
    table = tmp_path / "broken.tsv"
    table.write_text("hai\tहै\nkarte करते\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.tsv:2: expected a Latin word"):
        Transliterator.load(table)


def _voice(tmp_path: Path, lexicon: str = "") -> Voice:
    (tmp_path / "words.tsv").write_text("job\tजॉब\nkarti\tकरती\n", encoding="utf-8")
    profile = {"engine": "espeak", "language": "hi", "transliterate": "words.tsv"}
    if lexicon:
        (tmp_path / "mine.lexicon.yaml").write_text(lexicon, encoding="utf-8")
        profile["lexicon"] = "mine.lexicon.yaml"
    (tmp_path / "hindi.yaml").write_text(
        "\n".join(f"{key}: {value}" for key, value in profile.items()), encoding="utf-8"
    )
    return make_voice(load_profile("hindi", tmp_path), tmp_path)


def test_the_voice_reads_devanagari_and_the_users_lexicon_wins(tmp_path: Path) -> None:
    voice = _voice(tmp_path, lexicon="job: naukri\nslide kaam: स्लाइड काम\n")
    assert voice.spoken("API se job create karti hai.") == (
        "एपीआई से naukri " + by_rules("create") + " करती है."
    )
    units = voice.units("Job karti hai, slide kaam.")
    assert [unit.words for unit in units] == [
        ("Job",),
        ("karti",),
        ("hai,",),
        ("slide", "kaam."),
    ]  # the author's words, for captions and reveals
    assert [unit.spoken for unit in units] == ["naukri", "करती", "है,", "स्लाइड काम."]


def test_the_table_is_part_of_what_the_narration_cache_knows(tmp_path: Path) -> None:
    before = _voice(tmp_path).pronunciation
    (tmp_path / "words.tsv").write_text("job\tजॉब\nkarti\tकर्ती\n", encoding="utf-8")
    after = make_voice(load_profile("hindi", tmp_path), tmp_path).pronunciation
    assert before != after


def test_a_profile_cannot_name_a_table_outside_the_voices_folder(tmp_path: Path) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    (tmp_path / "words.tsv").write_text("hai\tहै\n", encoding="utf-8")
    profile = VoiceProfile(name="x", engine="espeak", transliterate="../words.tsv")
    with pytest.raises(ConfigError, match="outside"):
        make_voice(profile, voices)


def test_without_a_table_a_voice_reads_the_text_as_written() -> None:
    profile = VoiceProfile(name="x", engine="espeak")
    voice = make_voice(profile, Path("voices"))
    assert voice.spoken("API se job karti hai.") == "API se job karti hai."
    assert isinstance(voice.lexicon, Lexicon)
