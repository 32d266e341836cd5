"""Text on slides: a line drawn run by run in each run's font (`scripts.segment`), colour
emoji (Noto Color Emoji is a bitmap font drawn at 109 px, then scaled), styles. A character
no bundled font has is drawn as a visible box and reported as a warning. Wrapping and
fitting to a box: `wrap.py`.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from functools import lru_cache

import regex
from PIL import Image, ImageDraw, ImageFont

from renderer.raster.bidi import has_rtl, is_rtl_language, visual_runs
from renderer.raster.scripts import EMOJI_BITMAP_SIZE, Run, Script, probe_font, segment
from renderer.theme import FONTS_DIR, RGB, Theme

log = logging.getLogger(__name__)

ELLIPSIS = "…"
ARABIC_SCRIPT = regex.compile(r"\p{scx=Arabic}")


class Weight(StrEnum):
    """Text weights of the theme."""

    REGULAR = "regular"
    MEDIUM = "medium"
    SEMIBOLD = "semibold"
    BOLD = "bold"
    BLACK = "black"


class Fonts:
    """Loads theme fonts on demand, cached by (file, size), for text in `language` (its
    Arabic script drawn in Nastaliq for Urdu; CJK forms by language; right to left for a
    right-to-left language)."""

    def __init__(self, theme: Theme, language: str = "en") -> None:
        self.theme = theme
        self.language = language
        self.rtl = is_rtl_language(language)
        self.nastaliq = language.lower().split("-")[0] == "ur"

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
        bold = weight in (Weight.SEMIBOLD, Weight.BOLD, Weight.BLACK)
        pairs = script_fonts(self.theme, self.nastaliq)
        if run.script in pairs:
            return _load(pairs[run.script][bold], size)
        if run.script is Script.SYMBOL:
            return _load(self.theme.font_symbols[run.symbol_font], size)
        return self.latin(weight, size)

    @property
    def line_factor(self) -> float:
        """Line height in ems: Nastaliq's stacked words climb far above its baseline (up to
        2.2 em in its Regular, 2.4 in Bold, measured) and reach 0.6 below it."""
        return 2.8 if self.nastaliq else 1.28

    @property
    def ascent_factor(self) -> float:
        """The baseline below a line's top, in ems."""
        return 2.2 if self.nastaliq else 0.98

    @property
    def ink_drop(self) -> float:
        """How far the middle of a line's usual ink lies below the line's middle, in ems
        (text centred in a box is centred by its ink): Nastaliq's words sit low in its
        tall line, about 1.5 em over the baseline and 0.45 under it."""
        return 0.28 if self.nastaliq else 0.0

    @property
    def ink_height(self) -> float:
        """The height of a line's usual ink, in ems: what a box must hold for one line to
        show whole (Nastaliq's 2.8 em line has room for its tallest words over others)."""
        return 1.8 if self.nastaliq else 1.0

    @property
    def pill_factor(self) -> float:
        """A one-line label's pill height, in ems: taller round Nastaliq's words (most of
        their ink inside; a top bar's pill still clear of the frame's edge)."""
        return 2.2 if self.nastaliq else 1.94

    def plain(self) -> Fonts:
        """These fonts for text with no letter of the Arabic script: an Urdu article's
        "1/13", "A" or "API" line is set as Latin is, not in Nastaliq's tall line."""
        if not self.nastaliq:
            return self
        plain = Fonts(self.theme, self.language)
        plain.nastaliq = False
        return plain


@lru_cache(maxsize=16)
def script_fonts(theme: Theme, nastaliq: bool) -> dict[Script, tuple[str, str]]:
    """Each script's regular and bold font file (Urdu's Arabic script in Nastaliq): the
    slides' and the web pages' alike."""
    return {
        Script.DEVANAGARI: (theme.font_devanagari, theme.font_devanagari_bold),
        Script.ARABIC: (theme.font_urdu, theme.font_urdu_bold)
        if nastaliq
        else (theme.font_arabic, theme.font_arabic_bold),
        Script.HEBREW: (theme.font_hebrew, theme.font_hebrew_bold),
        Script.CJK: (theme.font_cjk, theme.font_cjk_bold),
    }


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

    def for_text(self, text: str) -> TextStyle:
        """This style for `text`: in Latin's line where it has no Arabic-script letter
        (see `Fonts.plain`)."""
        if not self.fonts.nastaliq or ARABIC_SCRIPT.search(text):
            return self
        return TextStyle(self.fonts.plain(), self.size, self.weight, self.fill)

    def run_width(self, run: Run) -> float:
        if run.script is Script.EMOJI:
            return emoji_image(run.text, self.emoji_size).width + self.size * 0.12
        if run.script is Script.MISSING:
            return self.size * 0.7 * len(run.text)
        font = self.fonts.for_run(run, self.weight, self.size)
        direction, language = _layout(run, self, run.script in (Script.ARABIC, Script.HEBREW))
        return float(font.getlength(run.text, direction=direction, language=language))

    def width(self, text: str) -> float:
        return sum(self.run_width(r) for r in segment(text, self.fonts.theme))

    @property
    def emoji_size(self) -> int:
        """Height of colour emoji drawn in this style."""
        return round(self.size * 1.05)

    @property
    def line_height(self) -> int:
        return round(self.size * self.fonts.line_factor)


def draw_line(image: Image.Image, xy: tuple[float, float], text: str, style: TextStyle) -> float:
    """Draw one line with its top-left at xy; returns the width drawn. Runs sit in the order
    the bidi algorithm gives (`bidi.visual_runs`): a line with right-to-left letters in a
    right-to-left article runs right to left (an English word in it reads left to right
    where it stands), any other line left to right (render-video's own English words)."""
    x, y = xy
    baseline = y + style.size * style.fonts.ascent_factor
    for part, rtl in visual_runs(text, style.fonts.rtl and has_rtl(text)):
        runs = segment(part, style.fonts.theme)
        for run in reversed(runs) if rtl else runs:
            x = _draw_run(image, x, baseline, run, style, rtl)
    return x - xy[0]


def _draw_run(
    image: Image.Image, x: float, baseline: float, run: Run, style: TextStyle, rtl: bool
) -> float:
    """Draw one run with its left edge at x; returns its right edge."""
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
            ImageDraw.Draw(image).rectangle(
                (x + box * 0.15, baseline - box, x + box * 1.1, baseline),
                outline=style.fill,
                width=max(1, style.size // 14),
            )
            x += style.size * 0.7
        return x
    else:
        font = style.fonts.for_run(run, style.weight, style.size)
        direction, language = _layout(run, style, rtl)
        ImageDraw.Draw(image).text(
            (x, baseline),
            run.text,
            font=font,
            fill=style.fill,
            anchor="ls",
            direction=direction,
            language=language,
        )
    return x + style.run_width(run)


def _layout(run: Run, style: TextStyle, rtl: bool) -> tuple[str | None, str | None]:
    """Raqm's direction and language for a run that needs them: a run at a right-to-left
    level (its letters, and the brackets and punctuation among them, which raqm mirrors);
    CJK, for each language's forms. None for the rest, which also draws without raqm."""
    if rtl:
        return "rtl", style.fonts.language
    if run.script is Script.CJK:
        return None, style.fonts.language
    return None, None
