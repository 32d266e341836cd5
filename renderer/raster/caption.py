"""A caption cue drawn for burn-in: a translucent box with its lines, in one of two styles.

`phrase`: the cue's lines in white. `karaoke`: larger, with the word being spoken on an
accent-coloured pill; in vertical video it sits higher, clear of the bottom fifth where the
platforms put their own titles. A cue is laid out and drawn once; each word's highlight is
drawn over a copy. The box's rectangle (`region`) is all that changes between two words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from renderer.config import CaptionStyle
from renderer.presets import CAPTION_BAND, PHONE_SAFE
from renderer.raster.bidi import has_rtl, word_order
from renderer.raster.text import Fonts, TextStyle, Weight, draw_line
from renderer.raster.wrap import Fitted, draw_fitted, fit
from renderer.theme import Theme
from renderer.wordsplit import in_lines

BAND_ALIGN = 16
"""Rows of a caption band start and end on multiples of this (whole macroblock rows, and
whole rows of the half-height colour planes)."""


@dataclass(frozen=True)
class CaptionOverlay:
    """A caption state over a picture, drawn when the encoder loads it (see
    `SlideImages.overlays`)."""

    below: str
    """The picture it lies over."""
    lines: tuple[str, ...]
    highlight: int
    style: CaptionStyle
    theme: Theme
    size: tuple[int, int]
    language: str = "en"
    """The captions' language: its fonts, and right to left where it runs so."""
    words: tuple[str, ...] = ()
    """The cue's words (karaoke: what `highlight` counts; Chinese and Japanese ones are
    not what spaces separate)."""


def caption_layer(
    lines: tuple[str, ...],
    size: tuple[int, int],
    theme: Theme,
    style: CaptionStyle = CaptionStyle.PHRASE,
    highlight: int = -1,
    language: str = "en",
    words: tuple[str, ...] = (),
) -> tuple[Image.Image, tuple[int, int]]:
    """The cue as a translucent box with its lines, and where it goes on the frame.
    `highlight` is the index of the word being spoken (karaoke), -1 for none, among
    `words` (the cue's; where they are not the lines', what spaces separate)."""
    layout = _layout(lines, size, theme, style, language, words)
    if highlight < 0 or style is CaptionStyle.PHRASE:
        return layout.layer, layout.at
    if highlight >= len(layout.words):
        return layout.layer, layout.at
    layer = layout.layer.copy()
    _spoken(layer, *layout.words[highlight], layout.text, theme)
    return layer, layout.at


@dataclass(frozen=True)
class _Layout:
    layer: Image.Image
    """The box with every word in white."""
    at: tuple[int, int]
    words: tuple[tuple[str, float, float], ...]
    """Each word and where it is drawn (karaoke)."""
    text: TextStyle


_LAYOUTS: dict[tuple[object, ...], _Layout] = {}


def _layout(
    lines: tuple[str, ...],
    size: tuple[int, int],
    theme: Theme,
    style: CaptionStyle,
    language: str,
    words: tuple[str, ...] = (),
) -> _Layout:
    """A cue's box, laid out and drawn once (its words' highlights are drawn over it)."""
    key = (lines, size, theme, style, language, words)
    if key in _LAYOUTS:
        return _LAYOUTS[key]
    if len(_LAYOUTS) > 64:
        _LAYOUTS.clear()
    width, height = size
    vertical = height > width
    unit = min(size) / 1080
    karaoke = style is CaptionStyle.KARAOKE
    points = (62 if vertical else 46) if karaoke else (52 if vertical else 40)
    text = TextStyle(
        Fonts(theme, language),
        round(points * unit),
        Weight.BOLD if karaoke else Weight.SEMIBOLD,
        (255, 255, 255),
    )
    left, _, right, _ = PHONE_SAFE
    pad_x, pad_y = 28 * unit, 14 * unit
    if vertical:  # big type: the cue's words wrapped anew, up to four lines, the box clear
        # of the players' buttons down the right edge
        room = width * (right - left) - 2 * pad_x
        band = height * (CAPTION_BAND[1] - CAPTION_BAND[0]) - 2 * pad_y
        for _ in range(8):
            fitted = fit(
                " ".join(lines), text, room, min(band, text.line_height * 4.2), max_lines=4
            )
            over = fitted.width + _gaps(fitted, karaoke, words) + 2 * pad_x - width * (right - left)
            if over <= 0:
                break
            room -= over + 4
    else:
        fitted = fit("\n".join(lines), text, width * 0.84, text.line_height * 2.2, max_lines=2)
    gap = _gap(fitted.style, karaoke)
    extra = _gaps(fitted, karaoke, words)
    box_w = round(fitted.width + extra + 2 * pad_x)
    box_h = round(len(fitted.lines) * fitted.style.line_height + 2 * pad_y)
    layer = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
    ImageDraw.Draw(layer).rounded_rectangle(
        (0, 0, box_w - 1, box_h - 1), round(14 * unit), fill=(8, 8, 12, 200 if karaoke else 190)
    )
    inner = (pad_x, pad_y, box_w - pad_x, box_h - pad_y)
    placed: list[tuple[str, float, float]] = []
    if karaoke:
        placed = _place_words(inner, fitted.lines, fitted.style, gap, words)
        for word, x, y in placed:
            draw_line(layer, (x, y), word, fitted.style)
    else:
        draw_fitted(layer, inner, fitted, align="center")
    # above the progress bar, inside the title-safe area; in vertical video higher, clear
    # of the bottom fifth where Shorts and Reels put their own titles (see PHONE_SAFE)
    bottom = height * (CAPTION_BAND[1] if vertical else 0.865)
    centre = width * ((left + right) / 2 if vertical else 0.5)
    layout = _Layout(
        layer, (round(centre - box_w / 2), round(bottom - box_h)), tuple(placed), fitted.style
    )
    _LAYOUTS[key] = layout
    return layout


def _gap(style: TextStyle, karaoke: bool) -> float:
    """The room karaoke leaves between two words for the pill."""
    return style.size * 0.2 if karaoke else 0.0


CLOSE_GAP = 0.4
"""The share of that room left between two words written without a space (Chinese and
Japanese phrases): enough for the pill, not so much that it reads as a space."""


def _gaps(fitted: Fitted, karaoke: bool, words: tuple[str, ...] = ()) -> float:
    """That room on the widest line."""
    gap = _gap(fitted.style, karaoke)
    return max(
        (sum(_between(found, gap)) for found in _line_words(fitted.lines, words)), default=0.0
    )


def _between(found: list[tuple[str, bool]], gap: float, space: float = 0.0) -> list[float]:
    """What goes before each word of a line beyond its text: nothing before the first, the
    pill's room (and a space where the line has one) before the others."""
    return [0.0] + [gap + space if spaced else gap * CLOSE_GAP for _, spaced in found[1:]]


def _line_words(lines: tuple[str, ...], words: tuple[str, ...]) -> list[list[tuple[str, bool]]]:
    """Each line's words, each with whether a space comes before it: the cue's `words`
    laid over the lines (`wordsplit.in_lines`), else what spaces separate."""
    placed = in_lines(lines, words) if words else None
    if placed is None:
        return [[(word, k > 0) for k, word in enumerate(line.split(" "))] for line in lines]
    return [
        [(line[a:b], k > 0 and a > found[k - 1][2]) for k, (_, a, b) in enumerate(found)]
        for line, found in zip(lines, placed, strict=True)
    ]


def _place_words(
    box: tuple[float, float, float, float],
    lines: tuple[str, ...],
    style: TextStyle,
    gap: float,
    words: tuple[str, ...] = (),
) -> list[tuple[str, float, float]]:
    """Every word of centred lines with where it starts (in the order they are spoken; a
    right-to-left line's words sit from the right, as the bidi algorithm orders them)."""
    x0, y, x1, _ = box
    space = style.width(" ")
    out = []
    for line, found in zip(lines, _line_words(lines, words), strict=True):
        texts = [word for word, _ in found]
        between = _between(found, gap, space)
        x = x0 + (x1 - x0 - sum(style.width(w) for w in texts) - sum(between)) / 2
        at: dict[int, float] = {}
        previous = -1
        for index in word_order(texts, style.fonts.rtl and has_rtl(line)):
            if previous >= 0:  # what separates two neighbours: the later one's
                x += between[max(previous, index)]
            at[index] = x
            x += style.width(texts[index])
            previous = index
        out += [(word, at[index], y) for index, word in enumerate(texts)]
        y += style.line_height
    return out


def _spoken(
    layer: Image.Image, word: str, x: float, y: float, style: TextStyle, theme: Theme
) -> None:
    """The word being spoken: on a pill in the accent colour, in the colour drawn on it."""
    pad = style.size * 0.14
    ImageDraw.Draw(layer).rounded_rectangle(
        (
            x - pad,
            y - style.size * 0.02,
            x + style.width(word) + pad,
            y + style.line_height - style.size * 0.04,
        ),  # (room for marks above Devanagari)
        round(style.size * 0.22),
        fill=(*theme.accent, 255),
    )
    draw_line(
        layer, (x, y), word, TextStyle(style.fonts, style.size, style.weight, theme.on_accent)
    )


def region(
    position: tuple[int, int], layer: Image.Image, size: tuple[int, int]
) -> tuple[int, int, int, int]:
    """The rectangle (left, top, right, bottom) of the frame a layer at `position` covers,
    with a margin of unchanged pixels all round (the colour conversion filters across a
    region's edges, which then see the same pixels as in the whole frame), on BAND_ALIGN."""

    def down(value: int) -> int:
        return max(0, (value - BAND_ALIGN) // BAND_ALIGN * BAND_ALIGN)

    def up(value: int, limit: int) -> int:
        return min(limit, -(-(value + BAND_ALIGN) // BAND_ALIGN) * BAND_ALIGN)

    x, y = position
    return down(x), down(y), up(x + layer.width, size[0]), up(y + layer.height, size[1])


def draw_overlay(overlay: CaptionOverlay, below: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """The region of an RGB picture a caption state covers, with the caption drawn in it,
    and its (left, top)."""
    layer, at = caption_layer(
        overlay.lines,
        overlay.size,
        overlay.theme,
        overlay.style,
        overlay.highlight,
        overlay.language,
        overlay.words,
    )
    left, top, right, bottom = region(at, layer, overlay.size)
    piece = Image.fromarray(np.ascontiguousarray(below[top:bottom, left:right])).convert("RGBA")
    piece.alpha_composite(layer, (at[0] - left, at[1] - top))
    return np.asarray(piece.convert("RGB")), (left, top)
