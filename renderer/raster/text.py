"""Text on slides: font fallback per character run, colour emoji, wrapping and fitting.

Latin text uses Inter, Devanagari uses Noto Sans Devanagari (shaped by raqm), emoji come
from Noto Color Emoji (a bitmap font drawn at 109 px, then scaled), other symbols from
Noto Sans Symbols. A character no bundled font has is drawn as a visible box and reported
once as a warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from renderer.graphemes import drop_last, length, longest_prefix
from renderer.theme import FONTS_DIR, RGB, Theme

log = logging.getLogger(__name__)

EMOJI_BITMAP_SIZE = 109
ELLIPSIS = "…"
ZWJ, VS16, KEYCAP = "\u200d", "\ufe0f", "\u20e3"


class Weight(StrEnum):
    """Text weights of the theme."""

    REGULAR = "regular"
    MEDIUM = "medium"
    SEMIBOLD = "semibold"
    BOLD = "bold"
    BLACK = "black"


class Script(StrEnum):
    """Which font draws a run."""

    LATIN = "latin"
    DEVANAGARI = "devanagari"
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


def _is_devanagari(ch: str) -> bool:
    cp = ord(ch)
    return 0x0900 <= cp <= 0x097F or 0xA8E0 <= cp <= 0xA8FF or 0x1CD0 <= cp <= 0x1CFF


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
def _probe_font(name: str) -> ImageFont.FreeTypeFont:
    size = EMOJI_BITMAP_SIZE if name.endswith("Emoji.ttf") else 48
    return ImageFont.truetype(str(FONTS_DIR / name), size)


@lru_cache(maxsize=8192)
def _font_has(name: str, ch: str) -> bool:
    """True if the font maps `ch` to a real glyph (not .notdef)."""
    if ch.isspace() or ch in (ZWJ, VS16):
        return True
    font = _probe_font(name)
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
        if _is_devanagari(ch) or (ch in "।॥" and runs and runs[-1].script is Script.DEVANAGARI):
            push(ch, Script.DEVANAGARI)
        elif (
            (ch.isspace() or ch in "\u0964\u0965") and runs and runs[-1].script is Script.DEVANAGARI
        ):
            push(ch, Script.DEVANAGARI)
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


class Fonts:
    """Loads theme fonts on demand, cached by (file, size)."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme

    def latin(self, weight: Weight, size: int) -> ImageFont.FreeTypeFont:
        names = {
            Weight.REGULAR: self.theme.font_regular,
            Weight.MEDIUM: self.theme.font_medium,
            Weight.SEMIBOLD: self.theme.font_semibold,
            Weight.BOLD: self.theme.font_bold,
            Weight.BLACK: self.theme.font_black,
        }
        return _load(names[weight], size)

    def for_run(self, run: Run, weight: Weight, size: int) -> ImageFont.FreeTypeFont:
        if run.script is Script.DEVANAGARI:
            bold = weight in (Weight.SEMIBOLD, Weight.BOLD, Weight.BLACK)
            name = self.theme.font_devanagari_bold if bold else self.theme.font_devanagari
            return _load(name, size)
        if run.script is Script.SYMBOL:
            return _load(self.theme.font_symbols[run.symbol_font], size)
        return self.latin(weight, size)


@lru_cache(maxsize=256)
def _load(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(FONTS_DIR / name), max(size, 1), layout_engine=ImageFont.Layout.RAQM
    )


@lru_cache(maxsize=512)
def emoji_image(cluster: str, size: int) -> Image.Image:
    """A colour emoji scaled so its height is `size` pixels."""
    font = _probe_font("NotoColorEmoji.ttf")
    left, top, right, bottom = font.getbbox(cluster)
    width, height = max(round(right - left), 1), max(round(bottom - top), 1)
    canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((-left, -top), cluster, font=font, embedded_color=True)
    scale = size / EMOJI_BITMAP_SIZE
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    return canvas.resize(target, Image.Resampling.LANCZOS)


class TextStyle:
    """A weight, size and colour: everything to draw a line."""

    def __init__(
        self,
        fonts: Fonts,
        size: int,
        weight: Weight = Weight.REGULAR,
        fill: RGB | tuple[int, int, int, int] = (255, 255, 255),
    ) -> None:
        self.fonts = fonts
        self.size = size
        self.weight = weight
        self.fill = fill

    def with_size(self, size: int) -> TextStyle:
        return TextStyle(self.fonts, size, self.weight, self.fill)

    def run_width(self, run: Run) -> float:
        if run.script is Script.EMOJI:
            return emoji_image(run.text, self.emoji_size).width + self.size * 0.12
        if run.script is Script.MISSING:
            return self.size * 0.7 * len(run.text)
        return float(self.fonts.for_run(run, self.weight, self.size).getlength(run.text))

    def width(self, text: str) -> float:
        return sum(self.run_width(r) for r in segment(text, self.fonts.theme))

    @property
    def emoji_size(self) -> int:
        """Height of colour emoji drawn in this style."""
        return round(self.size * 1.05)

    @property
    def line_height(self) -> int:
        return round(self.size * 1.28)


def wrap(text: str, style: TextStyle, max_width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between grapheme clusters
    (never inside an emoji or a Devanagari syllable)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if style.width(candidate) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while style.width(current) > max_width and length(current) > 1:
                piece = longest_prefix(current, lambda part: style.width(part) <= max_width)
                lines.append(piece)
                current = current[len(piece) :]
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Fitted:
    """Text laid out to fit a box."""

    lines: tuple[str, ...]
    style: TextStyle
    ellipsized: bool

    @property
    def height(self) -> int:
        return self.style.line_height * len(self.lines)

    @property
    def width(self) -> float:
        return max((self.style.width(line) for line in self.lines), default=0.0)


def fit(
    text: str,
    style: TextStyle,
    width: float,
    height: float,
    *,
    min_size: int | None = None,
    max_lines: int | None = None,
) -> Fitted:
    """Wrap on words, shrink down to `min_size`, then ellipsize with "…" as the last resort
    (dropping whole grapheme clusters). A word is broken across lines only when it does not
    fit whole even at `min_size`."""
    text = " ".join(text.split()) if "\n" not in text else text
    floor = max(min_size or round(style.size * 0.6), 8)
    size = style.size
    words = text.split()
    while True:
        current = style.with_size(size)
        lines = wrap(text, current, width)
        allowed = max(1, int((height + 0.5) // current.line_height))  # float slack
        if max_lines:
            allowed = min(allowed, max_lines)
        whole = size <= floor or all(current.width(word) <= width for word in words)
        if whole and len(lines) <= allowed and all(current.width(li) <= width for li in lines):
            return Fitted(tuple(lines), current, False)
        if size <= floor:
            break
        size = max(floor, int(size * 0.92))
    kept = lines[:allowed]
    last = kept[-1]
    while last and current.width(last + ELLIPSIS) > width:
        last = drop_last(last).rstrip()
    kept[-1] = last.rstrip(" ,.;:") + ELLIPSIS
    return Fitted(tuple(kept), current, True)


def draw_line(image: Image.Image, xy: tuple[float, float], text: str, style: TextStyle) -> float:
    """Draw one line with its top-left at xy; returns the width drawn."""
    draw = ImageDraw.Draw(image)
    x, y = xy
    baseline = y + style.size * 0.98
    for run in segment(text, style.fonts.theme):
        if run.script is Script.EMOJI:
            glyph = emoji_image(run.text, style.emoji_size)
            top = round(baseline - style.size * 0.9)
            image.alpha_composite(glyph, (round(x + style.size * 0.06), max(top, 0)))
        elif run.script is Script.MISSING:
            log.warning(
                "no bundled font has %s; drawn as a box",
                ", ".join(f"U+{ord(ch):04X}" for ch in run.text),
            )
            box = style.size * 0.55
            for _ in run.text:
                draw.rectangle(
                    (x + box * 0.15, baseline - box, x + box * 1.1, baseline),
                    outline=style.fill,
                    width=max(1, style.size // 14),
                )
                x += style.size * 0.7
            continue
        else:
            font = style.fonts.for_run(run, style.weight, style.size)
            draw.text((x, baseline), run.text, font=font, fill=style.fill, anchor="ls")
        x += style.run_width(run)
    return x - xy[0]


def draw_fitted(
    image: Image.Image,
    box: tuple[float, float, float, float],
    fitted: Fitted,
    align: str = "left",
    valign: str = "top",
) -> None:
    """Draw fitted lines inside box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    if valign == "middle":
        y = y0 + (y1 - y0 - fitted.height) / 2
    elif valign == "bottom":
        y = y1 - fitted.height
    else:
        y = y0
    for line in fitted.lines:
        line_width = fitted.style.width(line)
        if align == "center":
            x = x0 + (x1 - x0 - line_width) / 2
        elif align == "right":
            x = x1 - line_width
        else:
            x = x0
        draw_line(image, (x, y), line, fitted.style)
        y += fitted.style.line_height
