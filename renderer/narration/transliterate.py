"""Hinglish for a Hindi voice: words in Latin letters written in Devanagari, for the voice only.

Slides and captions keep the author's text; the voice reads what this gives it. A word is
looked up in a table (`voices/hinglish-devanagari.tsv`: Hinglish words as IndicXlit writes
them, re-ranked by Hindi word frequency, and English technical words as Hindi writes them,
made by `scripts/hinglish_table.py`); an acronym in capitals is spelled letter by letter as
an Indian reader says it (API: एपीआई); any other word is written by a few phonetic rules
(`by_rules`). A voice's own lexicon is applied before this and always wins.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from renderer.errors import ConfigError

LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
"""A run of Latin letters (with an inner apostrophe: don't), what is transliterated."""

LETTERS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ए बी सी डी ई एफ़ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई ज़ेड".split(),
        strict=True,
    )
)
"""How an Indian reader names each Latin capital (acronyms are said letter by letter)."""


@dataclass(frozen=True)
class Transliterator:
    """Latin-letter words to Devanagari: a word table first, then rules."""

    table: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    """The table's hash (what the voice says depends on it)."""

    @classmethod
    def load(cls, path: Path) -> Transliterator:
        """Read a `latin<TAB>devanagari` table (`#` lines are comments); errors name the
        file and line."""
        where = path.resolve()
        try:
            stat = where.stat()
        except OSError as exc:
            raise ConfigError(f"cannot read transliteration table {path}: {exc.strerror}") from None
        return _load(where, stat.st_mtime_ns, stat.st_size)

    def text(self, text: str) -> str:
        """The text with every Latin word written in Devanagari (the rest as it is)."""
        return LATIN_WORD.sub(lambda match: self.word(match.group(0)), text)

    def word(self, word: str) -> str:
        """One Latin word in Devanagari."""
        known = self.table.get(word.lower())
        if known is not None:
            return known
        if word.isupper() and len(word) <= 6:
            return "".join(LETTERS[letter] for letter in word)
        stem = self.table.get(word.lower()[:-1]) if word.lower().endswith("s") else None
        if stem and len(word) > 3:  # an English plural of a word the table knows: jobs
            return stem + (VIRAMA + "स" if _ends_in_consonant(stem) else "ज़")
        return by_rules(word)


@functools.lru_cache(maxsize=4)
def _load(path: Path, mtime: int, size: int) -> Transliterator:
    """The table at `path` (read again when its time or size changes)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read transliteration table {path}: {exc.strerror}") from None
    table: dict[str, str] = {}
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        latin, tab, devanagari = line.partition("\t")
        if not tab or not LATIN_WORD.fullmatch(latin.strip()) or not devanagari.strip():
            raise ConfigError(
                f"{path}:{number}: expected a Latin word, a tab and its Devanagari",
                hint="e.g.  karte<TAB>करते",
            )
        table[latin.strip().lower()] = devanagari.strip()
    return Transliterator(table, hashlib.sha256(raw).hexdigest()[:16])


# The rules: casual Hinglish spelling, longest match first.
VIRAMA = "\u094d"
ANUSVARA = "\u0902"
CONSONANTS = {
    "cch": "च्छ", "chh": "छ", "ksh": "क्ष", "kh": "ख", "gh": "घ", "ch": "च", "jh": "झ", "th": "थ",
    "dh": "ध", "ph": "फ", "bh": "भ", "sh": "श", "gy": "ज्ञ", "k": "क", "g": "ग", "c": "क",
    "j": "ज", "t": "त", "d": "द", "n": "न", "p": "प", "f": "फ़", "b": "ब", "m": "म",
    "y": "य", "r": "र", "l": "ल", "v": "व", "w": "व", "s": "स", "h": "ह", "z": "ज़",
    "q": "क़", "x": "क्स",
}  # fmt: skip
VOWELS = {  # spelling: (on its own, after a consonant)
    "aa": ("आ", "ा"), "ai": ("ऐ", "ै"), "au": ("औ", "ौ"), "ee": ("ई", "ी"), "ii": ("ई", "ी"),
    "oo": ("ऊ", "ू"), "uu": ("ऊ", "ू"), "ei": ("ए", "े"), "ou": ("औ", "ौ"),
    "a": ("अ", ""), "e": ("ए", "े"), "i": ("इ", "ि"), "o": ("ओ", "ो"), "u": ("उ", "ु"),
}  # fmt: skip
FINAL_VOWELS = {"a": "ा", "i": "ी"}
"""A word's last vowel after a consonant, as Hinglish means it (kya क्या, bhi भी)."""
NASAL_BEFORE = set("kgcjtdpb")
"""An n (or m) before these is the nasal of the next consonant (hindi हिंदी)."""
NASAL_FINAL_AFTER = ("ai", "ei", "oo")
"""A last n after these is a nasal vowel (hain हैं, mein में, hoon हूं)."""


def by_rules(word: str) -> str:
    """A Latin word in Devanagari by casual Hinglish spelling rules: digraphs for aspirates
    (kh ख, bh भ), long vowels doubled (aa ा, ee ी), consonants joined by a virama, a
    nasal n before a stop written as anusvara, and Hinglish's last a and i long."""
    text = word.lower()
    out: list[str] = []
    at = 0
    after_consonant = False
    while at < len(text):
        vowel = _match(text, at, VOWELS)
        if vowel is not None:
            alone, sign = VOWELS[vowel]
            end = at + len(vowel)
            if after_consonant and end == len(text) and vowel in FINAL_VOWELS:
                sign = FINAL_VOWELS[vowel]
            out.append(sign if after_consonant else alone)
            at, after_consonant = end, False
            continue
        consonant = _match(text, at, CONSONANTS)
        if consonant is None:  # an apostrophe or a letter no rule knows
            at, after_consonant = at + 1, False
            continue
        end = at + len(consonant)
        following = text[end : end + 1]
        if consonant in ("n", "m") and out and not after_consonant:
            if following and following in NASAL_BEFORE and (consonant == "n" or following in "pb"):
                out.append(ANUSVARA)
                at = end
                continue
            if not following and text[:at].endswith(NASAL_FINAL_AFTER):
                out.append(ANUSVARA)
                at = end
                continue
        if after_consonant:
            out.append(VIRAMA)
        out.append(CONSONANTS[consonant])
        at, after_consonant = end, True
    return "".join(out)


def _ends_in_consonant(devanagari: str) -> bool:
    """Whether the last letter is a consonant without a vowel sign (जॉब, not क्यू)."""
    last = devanagari[-1:]
    return last == "\u093c" or ("\u0915" <= last <= "\u0939") or ("\u0958" <= last <= "\u095f")


def _match(text: str, at: int, spellings: Mapping[str, object]) -> str | None:
    """The longest spelling in `spellings` that starts at `at`."""
    for size in (3, 2, 1):
        piece = text[at : at + size]
        if len(piece) == size and piece in spellings:
            return piece
    return None
