"""Text to Kokoro's phonemes: for its espeak-trained voices (Hindi, and Urdu read by them)
espeak-ng as misaki's `EspeakG2P` runs it, which is what those voices were trained on; for
its Japanese and Chinese voices their own readers (`kokoro_cjk`).

misaki asks espeak-ng for IPA with a tie (`^`) inside every phoneme written with several
letters, keeps stress marks and the punctuation that ends clauses, drops espeak's language
switch flags (`(en)`, `(hi)`: the words keep their English sounds), writes a few tied
phonemes as the single letters Kokoro's vocabulary has (`E2M`), and drops the remaining ties
and hyphens. espeak-ng is the one the piper-tts wheel carries (its `espeakbridge` extension,
which links the library in, and its `espeak-ng-data` with `hi_dict`); its C functions are
called through ctypes because the bridge's own Python call asks for phonemes without ties.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import re
from pathlib import Path
from typing import Any

from renderer.errors import VoiceError
from renderer.narration import kokoro_cjk

E2M = sorted(
    {
        "a^ɪ": "I",
        "a^ʊ": "W",
        "d^z": "ʣ",
        "d^ʒ": "ʤ",
        "e^ɪ": "A",
        "o^ʊ": "O",
        "ə^ʊ": "Q",
        "s^s": "S",
        "t^s": "ʦ",
        "t^ʃ": "ʧ",
        "ɔ^ɪ": "Y",
    }.items()
)
"""misaki's replacements of espeak's tied phonemes by Kokoro's single letters."""
REVISION = 2
"""Bump when what `phonemize` makes for a text changes (part of the engine's identity)."""

_TIED_IPA = 0x02 | 0x80 | (ord("^") << 8)
"""espeak_TextToPhonemes mode: IPA (bit 1), `^` (bits 8-23) as a tie (bit 7) inside
phonemes of several letters."""
_UTF8 = 1
_SENTENCE = 0x00080000
_CLAUSE = 0x00040000
_QUESTION, _EXCLAMATION, _COMMA_INTONATION = 0x2000, 0x3000, 0x1000
_ENDS = ".,;:!?।॥…"
_FLAGS = re.compile(r"\([^)]*\)")


def phonemize(text: str, language: str = "hi") -> str:
    """The phonemes of `text` in Kokoro's alphabet: words apart by spaces, each clause
    followed by its mark (`,` `;` `:` `.` `?` `!`); the text's last clause has one only if
    the text ends with punctuation."""
    if language in kokoro_cjk.LANGUAGES:
        return kokoro_cjk.phonemize(text, language, english)
    espeak = _espeak()
    if espeak.espeak_SetVoiceByName(language.encode()) != 0:
        raise VoiceError(
            f"espeak-ng has no voice {language!r}",
            hint="a language espeak-ng reads: hi, ur, en-us, ...; ja and zh have their own readers",
        )
    source = ctypes.c_char_p(text.encode("utf-8"))
    pointer = ctypes.pointer(source)
    clauses = []
    while pointer.contents.value:
        terminator = ctypes.c_int(0)
        said = espeak.espeak_TextToPhonemesWithTerminator(
            pointer, _UTF8, _TIED_IPA, ctypes.byref(terminator)
        )
        words = " ".join(_FLAGS.sub("", (said or b"").decode("utf-8")).split())
        if words:
            clauses.append([words, _mark(terminator.value)])
    if clauses and not text.rstrip().endswith(tuple(_ENDS)):
        clauses[-1][1] = ""
    out = " ".join(words + mark for words, mark in clauses)
    for old, new in E2M:
        out = out.replace(old, new)
    return out.replace("^", "").replace("-", "")


def english(words: str) -> str:
    """English words in Kokoro's alphabet (American English, as its a*_ voices read)."""
    return phonemize(words, "en-us")


def _mark(terminator: int) -> str:
    """The punctuation mark of a clause, from espeak's terminator flags."""
    intonation = terminator & 0x7000
    if terminator & _SENTENCE:
        return {_QUESTION: "?", _EXCLAMATION: "!"}.get(intonation, ".")
    if terminator & _CLAUSE:
        if terminator & 0xFFF >= 30:  # a longer pause: colon or semicolon
            return ";" if intonation == _COMMA_INTONATION else ":"
        return ","
    return ""


def available(language: str = "hi") -> str | None:
    """Why `language` cannot be read (None when it can), without loading anything."""
    if language in kokoro_cjk.LANGUAGES:
        return kokoro_cjk.available(language) or available("en")
    spec = importlib.util.find_spec("piper")
    if spec is None or not spec.submodule_search_locations:
        return "piper-tts is not installed (pip install 'piper-tts==1.8.0'; it carries espeak-ng)"
    folder = next(iter(spec.submodule_search_locations))
    primary = language.split("-")[0]
    if not (Path(folder) / "espeak-ng-data" / f"{primary}_dict").is_file():
        return f"piper-tts's espeak-ng has no {primary!r} dictionary ({primary}_dict)"
    return None


@functools.cache
def _espeak() -> Any:
    """espeak-ng inside piper's bridge, initialised with piper's data, once per process."""
    try:
        from piper import espeakbridge
        from piper.phonemize_espeak import ESPEAK_DATA_DIR
    except ImportError as exc:
        raise VoiceError(
            "espeak-ng (from piper-tts) is not installed", hint="pip install 'piper-tts==1.8.0'"
        ) from exc
    espeakbridge.initialize(str(ESPEAK_DATA_DIR))
    library = ctypes.CDLL(espeakbridge.__file__)  # the same copy Python loaded
    library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    library.espeak_SetVoiceByName.restype = ctypes.c_int
    convert = library.espeak_TextToPhonemesWithTerminator
    convert.argtypes = [
        ctypes.POINTER(ctypes.c_char_p),
        ctypes.c_int,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int),
    ]
    convert.restype = ctypes.c_char_p
    return library
