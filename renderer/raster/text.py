"""Text on slides: a line drawn run by run in each run's font (`scripts.segment`), colour
emoji (Noto Color Emoji is a bitmap font drawn at 109 px, then scaled), styles. A character
no bundled font has is drawn as a visible box and reported as a warning. Wrapping and
fitting to a box: `wrap.py`.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from renderer.raster.scripts import EMOJI_BITMAP_SIZE, Run, Script, probe_font, segment
from renderer.theme import FONTS_DIR, RGB, Theme

log = logging.getLogger(__name__)

ELLIPSIS = "…"


class Weight(StrEnum):
    """Text weights of the theme."""

    REGULAR = "regular"
    MEDIUM = "medium"
    SEMIBOLD = "semibold"
    BOLD = "bold"
    BLACK = "black"


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
    font = probe_font("NotoColorEmoji.ttf")
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
