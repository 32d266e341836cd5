"""An objective check of shaping and order (issue 33): the same line drawn by the slides'
painter (Pillow, raqm, FriBiDi) and by Chromium (HarfBuzz, its own bidi) with the same font
file, compared as pictures. Both shape with HarfBuzz, so where the painter orders and joins
right, the two pictures nearly coincide (measured: 0.94 to 0.997); the same line with its
words out of order (the control) does not (-0.05 to 0.36)."""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
from PIL import Image, ImageFilter, ImageFont

from renderer.raster.scripts import Script
from renderer.raster.text import Fonts, TextStyle, Weight, draw_line, script_fonts
from renderer.theme import FONTS_DIR, load_theme
from renderer.web.fonts import RANGES

from .browser import needs_chromium

THEME = load_theme()
SIZE = 64
LINES = [
    ("ar", Script.ARABIC, "يعيد العامل المحاولة عند فشل API الخارجي"),
    ("ar", Script.ARABIC, "يتلقى المستخدم ردًا خلال 200 ms (سريع)"),
    ("ur", Script.ARABIC, "قطار کام کو محفوظ رکھتی ہے تاکہ وہ ضائع نہ ہو"),
    ("ur", Script.ARABIC, "قطار (Queue) کام کو محفوظ رکھتی ہے"),
    ("he", Script.HEBREW, "העובד מנסה שוב כש־API חיצוני נכשל (42)"),
    ("hi", Script.DEVANAGARI, "क्षत्रिय श्रृंगार द्वितीय हिन्दी"),
    ("ja", Script.CJK, "非同期ジョブは「キュー」に入ります。"),
]
"""Lines whose letters are all in one font (the script's; Latin letters and digits as that
font draws them), with a language's direction."""


def _font(language: str, script: Script) -> str:
    return script_fonts(THEME, language == "ur")[script][0]


def _ink(image: Image.Image) -> np.ndarray:
    """The line's ink, cropped to it and scaled to a fixed height (black on white)."""
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    mask = grey < 128
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = Image.fromarray(grey[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])
    height = 48
    width = max(1, round(crop.width * height / crop.height))
    return np.asarray(crop.resize((width, height), Image.Resampling.BOX)) < 128


def _agreement(a: np.ndarray, b: np.ndarray) -> float:
    """How alike two lines' ink is: the correlation of the two pictures, softened (a
    pixel's rasterising differs between the two) and stretched to a common width."""
    width = max(a.shape[1], b.shape[1])
    soft = [
        np.asarray(
            Image.fromarray((m * 255).astype(np.uint8))
            .resize((width, m.shape[0]), Image.Resampling.BILINEAR)
            .filter(ImageFilter.GaussianBlur(1.5)),
            dtype=np.float64,
        ).ravel()
        for m in (a, b)
    ]
    return float(np.corrcoef(soft[0], soft[1])[0, 1])


def _pillow(language: str, script: Script, text: str) -> Image.Image:
    """The line as the slides draw it."""
    style = TextStyle(Fonts(THEME, language), SIZE, Weight.REGULAR, (0, 0, 0))
    image = Image.new("RGBA", (round(style.width(text)) + 2 * SIZE, 4 * SIZE), "white")
    draw_line(image, (SIZE, SIZE / 2), text, style)
    return image


def _space(name: str) -> float:
    return float(ImageFont.truetype(str(FONTS_DIR / name), SIZE).getlength(" "))


def _chromium(page: Any, language: str, script: Script, text: str) -> Image.Image:
    """The line as Chromium draws it, in the same fonts as the web player gives it: the
    script's for its letters (`unicode-range`), the theme's Latin one for the rest."""
    fonts = [(_font(language, script), RANGES[script.value]), (THEME.font_regular, "")]
    faces = "".join(
        f"@font-face {{ font-family: F{k}; src: url(data:font/ttf;base64,"
        f"{base64.b64encode((FONTS_DIR / name).read_bytes()).decode()});"
        + (f" unicode-range: {scripts};" if scripts else "")
        + " }"
        for k, (name, scripts) in enumerate(fonts)
    )
    direction = "rtl" if language in ("ar", "ur", "he") else "ltr"
    # the page's spaces are the Latin face's (U+0020 is in no script's range); the slides
    # draw a space among a script's letters in that script's font: as wide as that
    spaces = _space(fonts[0][0]) - _space(fonts[1][0])
    page.set_content(
        f"""<!doctype html><html lang="{language}" dir="{direction}"><style>{faces}
        body {{ margin: 0; background: white; }}
        p {{ font: {SIZE}px F0, F1; color: black; padding: {SIZE}px; white-space: nowrap;
             display: inline-block; word-spacing: {spaces:.2f}px; }}
        </style><p id="line"></p></html>"""
    )
    page.eval_on_selector("#line", "(p, text) => { p.textContent = text; }", text)
    page.evaluate("document.fonts.ready")
    return Image.open(io.BytesIO(page.locator("#line").screenshot()))


@needs_chromium()
def test_lines_are_shaped_and_ordered_as_chromium_draws_them(browser: Any) -> None:
    page = browser.new_page()
    try:
        for language, script, text in LINES:
            ours = _ink(_pillow(language, script, text))
            theirs = _ink(_chromium(page, language, script, text))
            agreement = _agreement(ours, theirs)
            assert agreement > 0.9, f"{language} {text!r}: ink agrees {agreement:.2f}"
            words = text.split()  # the control: words (CJK: characters) out of order
            cut = len(text) // 3
            shuffled = (
                " ".join(words[1:] + words[:1]) if len(words) > 1 else text[cut:] + text[:cut]
            )
            control = _agreement(_ink(_pillow(language, script, shuffled)), theirs)
            assert control < agreement - 0.2, f"{language}: the check tells orders apart"
    finally:
        page.close()
