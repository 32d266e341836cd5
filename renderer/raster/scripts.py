"""Which font draws each character: a line of text split into runs by script.

Latin text uses Inter; Devanagari, Arabic (Naskh, or Nastaliq for Urdu), Hebrew and Chinese,
Japanese and Korean use their Noto fonts (shaped by raqm); emoji come from Noto Color Emoji,
other symbols from Noto Sans Symbols. A character no bundled font has forms a MISSING run
(`validate` refuses it in an article, naming its script; `text.draw_line` draws a box).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import regex
from PIL import ImageFont

from renderer.theme import FONTS_DIR, Theme

EMOJI_BITMAP_SIZE = 109
ZWJ, VS16, KEYCAP = "\u200d", "\ufe0f", "\u20e3"


class Script(StrEnum):
    """Which font draws a run."""

    LATIN = "latin"
    DEVANAGARI = "devanagari"
    ARABIC = "arabic"
    HEBREW = "hebrew"
    CJK = "cjk"
    EMOJI = "emoji"
    SYMBOL = "symbol"
    MISSING = "missing"


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn with one font."""

    text: str
    script: Script
    symbol_font: int = 0
    """Index into Theme.font_symbols for SYMBOL runs."""


COMPLEX = (
    (Script.DEVANAGARI, regex.compile(r"[\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff]")),
    (Script.ARABIC, regex.compile(r"\p{scx=Arabic}")),
    (Script.HEBREW, regex.compile(r"\p{scx=Hebrew}")),
    (
        Script.CJK,
        regex.compile(
            r"[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Bopomofo}"
            r"\u3000-\u303f\u3099-\u309c\u30fb\u30fc\uff01-\uff60\uffe0-\uffe6]"
        ),
    ),
)
"""Scripts drawn with a font of their own (shaped by raqm), and their characters: Arabic and
Hebrew by Unicode script extension (the Arabic comma is Arabic's), CJK by script and its
own punctuation and full-width forms (a middle dot or a quote mark stays Inter's)."""

SHAPED = frozenset({Script.DEVANAGARI, Script.ARABIC, Script.HEBREW})
"""Scripts that are drawn right only with raqm (joining, reordering, marks)."""


def complex_script(ch: str) -> Script | None:
    """The script of a character drawn with a font of its own, if it is one."""
    for script, characters in COMPLEX:
        if characters.match(ch):
            return script
    return None


def _emoji_start(ch: str, nxt: str, text_font: str) -> bool:
    cp = ord(ch)
    if nxt == VS16 or nxt == KEYCAP:
        return True
    if 0x1F000 <= cp <= 0x1FAFF:
        return True
    if 0x2600 <= cp <= 0x27BF or 0x2300 <= cp <= 0x23FF or 0x2B00 <= cp <= 0x2BFF:
        return not _font_has(text_font, ch)
    return False


def _emoji_cluster_end(text: str, i: int) -> int:
    """Index after the emoji cluster starting at i (ZWJ, VS16, skin tones, flags, tags)."""
    n = len(text)
    cp = ord(text[i])
    j = i + 1
    if 0x1F1E6 <= cp <= 0x1F1FF:  # regional indicator pair = flag
        if j < n and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
            return j + 1
        return j
    while j < n:
        c = ord(text[j])
        if text[j] in (VS16, KEYCAP) or 0x1F3FB <= c <= 0x1F3FF or 0xE0020 <= c <= 0xE007F:
            j += 1
        elif text[j] == ZWJ and j + 1 < n:
            j += 2
        else:
            break
    return j


@lru_cache(maxsize=64)
def probe_font(name: str) -> ImageFont.FreeTypeFont:
    size = EMOJI_BITMAP_SIZE if name.endswith("Emoji.ttf") else 48
    return ImageFont.truetype(str(FONTS_DIR / name), size)


@lru_cache(maxsize=8192)
def _font_has(name: str, ch: str) -> bool:
    """True if the font maps `ch` to a real glyph (not .notdef)."""
    if ch.isspace() or ch in (ZWJ, VS16):
        return True
    font = probe_font(name)
    try:
        mask = font.getmask(ch)
        missing = font.getmask("\U0010fffd")
    except (OSError, ValueError):
        return False
    return bool(mask.size != missing.size or bytes(mask) != bytes(missing))


def segment(text: str, theme: Theme) -> list[Run]:
    """Split text into runs, each drawable by one font (characters no bundled font has form
    MISSING runs: `validate` refuses them in an article, `draw_line` draws them as boxes)."""
    runs: list[Run] = []

    def push(chunk: str, script: Script, symbol_font: int = 0) -> None:
        last = runs[-1] if runs else None
        if (
            last
            and last.script == script
            and last.symbol_font == symbol_font
            and script is not Script.EMOJI
        ):
            runs[-1] = Run(last.text + chunk, script, symbol_font)
        else:
            runs.append(Run(chunk, script, symbol_font))

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if _emoji_start(ch, nxt, theme.font_regular) and _font_has(theme.font_emoji, ch):
            end = _emoji_cluster_end(text, i)
            push(text[i:end], Script.EMOJI)
            i = end
            continue
        if ch in (VS16, ZWJ):
            i += 1
            continue
        script = complex_script(ch)
        if script is not None:
            push(ch, script)
        elif ch.isspace() and runs and runs[-1].script in SHAPED:  # shaped with its words
            push(ch, runs[-1].script)
        elif _font_has(theme.font_regular, ch):
            push(ch, Script.LATIN)
        else:
            for index, name in enumerate(theme.font_symbols):
                if _font_has(name, ch):
                    push(ch, Script.SYMBOL, index)
                    break
            else:
                if _font_has(theme.font_emoji, ch):
                    push(ch, Script.EMOJI)
                else:
                    push(ch, Script.MISSING)
        i += 1
    return runs
