"""Drawing context shared by the painters: frame geometry, theme, fonts and primitives."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from renderer.config import VideoSpec
from renderer.presets import CAPTION_BAND, PHONE_SAFE
from renderer.raster.text import (
    Fonts,
    Script,
    TextStyle,
    Weight,
    draw_line,
    emoji_image,
    segment,
)
from renderer.raster.wrap import Fitted, fit, placements
from renderer.storyboard_model import Slide, Storyboard
from renderer.theme import RGB, RGBA, Theme

Box = tuple[float, float, float, float]
PixelBox = TypeVar("PixelBox", Box, tuple[int, int, int, int])
Paint = Callable[[Image.Image, float, float], None]
"""Draws onto an image, its coordinates shifted by (dx, dy)."""


@dataclass
class Canvas:
    """One slide image being painted, with everything a painter needs.

    A right-to-left article's slides are mirrored: painters lay a slide out as ever, and
    the finished picture is flipped (`finish`), so the cards, icons, table columns, flow
    arrows and the progress bar all run from the right, and text aligned left is aligned
    right. What reads one way however the slide runs (text, emoji, pictures, code) is
    drawn flipped beforehand (`upright`), so that it reads right after the flip."""

    image: Image.Image
    spec: VideoSpec
    theme: Theme
    fonts: Fonts
    storyboard: Storyboard
    slide: Slide
    placed: list[tuple[Box, Fitted]] = field(default_factory=list)
    """Every text drawn: its box and its layout (tests check both stay in bounds)."""

    @property
    def width(self) -> int:
        return self.spec.width

    @property
    def mirrored(self) -> bool:
        """The slide runs from the right (a right-to-left language's)."""
        return self.fonts.rtl

    @property
    def height(self) -> int:
        return self.spec.height

    @property
    def u(self) -> float:
        """Layout unit: 1.0 on the short side of a 1080-pixel frame."""
        return unit(self.spec)

    @property
    def vertical(self) -> bool:
        return self.spec.vertical

    @property
    def margin(self) -> float:
        """Title-safe horizontal margin."""
        return self.width * (0.06 if not self.vertical else 0.07)

    @property
    def even_margin(self) -> float:
        """A margin the same on both sides, for what is centred: clear of a vertical
        frame's buttons (its safe zone is narrower at the right)."""
        x0, _, x1, _ = self.content
        return max(x0, self.width - x1)

    @property
    def content(self) -> Box:
        """The box below the slide header and above the progress bar."""
        return content_box(self.spec, self.mirrored)

    @property
    def scale(self) -> float:
        """Type scale of this frame (see `type_scale`)."""
        return type_scale(self.spec)

    def tall(self, height: float) -> float:
        """A card's largest height for text of the style sizes near `height`'s: in a
        vertical frame rows grow with the type and share the taller frame."""
        return height * self.u * (1.8 if self.vertical else 1.0)

    def style(
        self, size: float, weight: Weight = Weight.REGULAR, fill: RGB | RGBA | None = None
    ) -> TextStyle:
        return TextStyle(
            self.fonts, max(8, round(size * self.u * self.scale)), weight, fill or self.theme.text
        )

    def text(
        self,
        text: str,
        box: Box,
        style: TextStyle,
        *,
        align: str = "left",
        valign: str = "top",
        max_lines: int | None = None,
        min_size: float | None = None,
    ) -> Fitted:
        """Fit text into box and draw it; returns the layout used."""
        x0, y0, x1, y1 = box
        if x1 - x0 < 4 or y1 - y0 < 4:  # nothing legible fits: draw nothing rather than overflow
            return Fitted((), style, True)
        floor = round(min_size * self.u * self.scale) if min_size else None
        fitted = fit(text, style, x1 - x0, y1 - y0, min_size=floor, max_lines=max_lines)
        self.draw_text(box, fitted, align=align, valign=valign)
        return fitted

    def draw_text(
        self, box: Box, fitted: Fitted, *, align: str = "left", valign: str = "top"
    ) -> None:
        """Draw fitted lines in box, and note them where they end up (`placed`). Each line
        stands upright on its own: on a mirrored slide, lines aligned left end flush
        right, each one (a block of them turned as one would keep them ragged left)."""
        style = fitted.style
        reach = style.size * 0.4  # glyphs that reach past the line's box: accents, emoji
        for x, y, line, width in placements(box, fitted, align, valign):
            self.upright(
                (x - reach, y - reach, x + width + reach, y + style.line_height + reach),
                _line_painter((x, y), line, style),
            )
        self.placed.append((self.seen(box), fitted))

    def upright(self, area: Box, paint: Paint) -> None:
        """Draw something that reads one way however the slide runs (text, emoji, a
        picture): `paint` draws at its own coordinates within `area`. On a mirrored slide
        it draws on a layer over `area`, flipped, so that once the whole slide is flipped
        the area stands at its mirror with what is in it as drawn (text drawn at the left
        of its box, in an area just around it, ends at the right of the box's mirror)."""
        if not self.mirrored:
            paint(self.image, 0, 0)
            return
        x0, y0 = max(0, math.floor(area[0])), max(0, math.floor(area[1]))
        x1 = min(self.width, math.ceil(area[2]))
        y1 = min(self.height, math.ceil(area[3]))
        if x1 <= x0 or y1 <= y0:
            return
        layer = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
        paint(layer, -x0, -y0)
        self.image.alpha_composite(layer.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (x0, y0))

    def seen(self, box: Box) -> Box:
        """Where a box drawn on this canvas is seen in the finished slide (its mirror on
        a mirrored slide); also the other way round."""
        return mirror(box, self.width) if self.mirrored else box

    def finish(self) -> Image.Image:
        """The slide as seen: flipped if it is mirrored."""
        if self.mirrored:
            return self.image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        return self.image

    def one_size(
        self, style: TextStyle, texts: list[str], boxes: list[Box], max_lines: int | None = None
    ) -> TextStyle:
        """`style` at the largest size at which every text fits its box: cards of one
        slide read at one size (down to half the size asked for)."""
        size = min(
            (
                fit(
                    text,
                    style,
                    box[2] - box[0],
                    box[3] - box[1],
                    min_size=max(8, round(style.size * 0.5)),
                    max_lines=max_lines,
                ).style.size
                for text, box in zip(texts, boxes, strict=True)
            ),
            default=style.size,
        )
        return TextStyle(style.fonts, size, style.weight, style.fill)

    def card(
        self,
        box: Box,
        *,
        fill: RGBA | None = None,
        outline: RGBA | None = None,
        radius: float = 22,
        shadow: bool = True,
        width: float = 2,
    ) -> None:
        """A rounded card with a soft drop shadow."""
        r = round(radius * self.u)
        x0, y0, x1, y1 = (round(v) for v in box)
        if shadow:
            pad = round(30 * self.u)
            layer = _shadow(
                x1 - x0,
                y1 - y0,
                r,
                pad,
                round(8 * self.u),
                max(1, round(14 * self.u)),
                self.theme.shadow,
            )
            if x0 - pad >= 0 and y0 - pad >= 0:
                self.image.alpha_composite(layer, (x0 - pad, y0 - pad))
        self.overlay(
            (x0, y0, x1, y1),
            lambda draw, box: draw.rounded_rectangle(
                box,
                r,
                fill=fill or self.theme.card,
                outline=outline or self.theme.card_border,
                width=max(1, round(width * self.u)),
            ),
        )

    def overlay(self, box: Box, paint: Callable[[ImageDraw.ImageDraw, Box], None]) -> None:
        """Draw translucent shapes inside box on a small layer and blend it in (fast:
        only the box's pixels are touched, not the whole frame)."""
        x0, y0 = max(0, math.floor(box[0]) - 2), max(0, math.floor(box[1]) - 2)
        x1 = min(self.width, math.ceil(box[2]) + 2)
        y1 = min(self.height, math.ceil(box[3]) + 2)
        if x1 <= x0 or y1 <= y0:
            return
        layer = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
        local = (box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0)
        paint(ImageDraw.Draw(layer), local)
        self.image.alpha_composite(layer, (x0, y0))

    def pill_size(
        self, text: str, style: TextStyle, max_width: float | None = None
    ) -> tuple[Fitted, float, float]:
        """Layout of a pill label: the fitted text, the pill's width and height."""
        pad_x = style.size * 0.8
        limit = (max_width or self.width - 2 * self.margin) - 2 * pad_x
        fitted = fit(
            text,
            style,
            limit,
            style.line_height,
            max_lines=1,
            min_size=max(8, round(style.size * 0.75)),
        )
        return fitted, fitted.width + 2 * pad_x, style.size * fitted.style.fonts.pill_factor

    def pill(
        self,
        center_y: float,
        x: float,
        text: str,
        style: TextStyle,
        *,
        fill: RGBA,
        outline: RGBA | None = None,
        anchor: str = "left",
        max_width: float | None = None,
    ) -> Box:
        """A rounded one-line label (shrunk, then ellipsized to max_width); returns its box."""
        fitted, width, height = self.pill_size(text, style, max_width)
        x0 = x if anchor == "left" else x - width if anchor == "right" else x - width / 2
        box = (x0, center_y - height / 2, x0 + width, center_y + height / 2)
        self.overlay(
            box,
            lambda draw, local: draw.rounded_rectangle(
                local, height / 2, fill=fill, outline=outline, width=max(1, round(2 * self.u))
            ),
        )
        pad_x = (width - fitted.width) / 2
        self.draw_text((box[0] + pad_x, box[1], box[2] - pad_x, box[3]), fitted, valign="middle")
        return box

    def icon(
        self, emoji: str, center: tuple[float, float], size: float, *, badge: RGBA | None = None
    ) -> None:
        """An emoji icon, optionally on a round badge."""
        cx, cy = center
        px = round(size * self.u)
        if badge:
            r = px * 0.95
            self.overlay(
                (cx - r, cy - r, cx + r, cy + r),
                lambda draw, local: draw.ellipse(local, fill=badge),
            )
        runs = segment(emoji, self.theme)
        if runs and runs[0].script is Script.EMOJI:
            glyph = emoji_image(runs[0].text, px)
            x, y = round(cx - glyph.width / 2), round(cy - glyph.height / 2)
            self.upright(
                (x, y, x + glyph.width, y + glyph.height),
                lambda image, dx, dy: image.alpha_composite(glyph, (round(x + dx), round(y + dy))),
            )
        else:
            style = TextStyle(self.fonts, px, Weight.BOLD, self.theme.accent)
            self.draw_text(
                (cx - px, cy - px / 2 - px * 0.1, cx + px, cy + px),
                Fitted((emoji,), style, False),
                align="center",
            )


def mirror(box: PixelBox, width: int) -> PixelBox:
    """A box's mirror image in a frame `width` wide (pixel boxes stay pixel boxes)."""
    x0, y0, x1, y1 = box
    return (width - x1, y0, width - x0, y1)


def _line_painter(at: tuple[float, float], line: str, style: TextStyle) -> Paint:
    """Paints one line with its top-left at `at` (shifted as `upright` asks)."""

    def paint(image: Image.Image, dx: float, dy: float) -> None:
        draw_line(image, (at[0] + dx, at[1] + dy), line, style)

    return paint


def unit(spec: VideoSpec) -> float:
    """Layout unit of a frame: 1.0 on the short side of a 1080-pixel frame."""
    return min(spec.width, spec.height) / 1080


PHONE_TYPE = 1.4
"""Type in a vertical frame is this much larger than in a landscape one of the same short
side: a phone is held at arm's length, and its frame is as wide as a landscape frame is
tall (body text 34 -> 48 px, titles 68 -> 95 px at 1080 wide)."""


def type_scale(spec: VideoSpec) -> float:
    """How much larger type is drawn in this frame (`PHONE_TYPE` in vertical ones)."""
    return PHONE_TYPE if spec.vertical else 1.0


def content_box(spec: VideoSpec, mirrored: bool = False) -> Box:
    """The box below the slide header and above the progress bar (title-safe margins; in
    a vertical frame, inside `PHONE_SAFE` with room above for the header). On a mirrored
    slide (see `Canvas`), the mirror of the safe zone, which the flip puts back in place:
    the players' buttons stay at the right whichever way the slide runs."""
    if spec.vertical:  # above the burned-in captions' band, when there is one
        left, _, right, _ = PHONE_SAFE
        if mirrored:
            left, right = 1 - right, 1 - left
        return (
            spec.width * left,
            spec.height * 0.27,
            spec.width * right,
            spec.height * (CAPTION_BAND[0] - 0.01 if spec.caption_band else 0.715),
        )
    margin = spec.width * 0.06
    return (margin, spec.height * 0.30, spec.width - margin, spec.height * 0.875)


@lru_cache(maxsize=256)
def _shadow(
    width: int, height: int, radius: int, pad: int, drop: int, blur: int, colour: RGBA
) -> Image.Image:
    """A blurred rounded-rectangle shadow layer (cached: many cards share a size)."""
    layer = Image.new("RGBA", (width + 2 * pad, height + 2 * pad), (0, 0, 0, 0))
    ImageDraw.Draw(layer).rounded_rectangle(
        (pad, pad + drop, pad + width, pad + height), radius, fill=colour
    )
    return layer.filter(ImageFilter.GaussianBlur(blur))


@lru_cache(maxsize=8)
def background(spec_w: int, spec_h: int, theme: Theme) -> Image.Image:
    """The slide background: a vertical gradient with a soft glow at the upper right."""
    h, w = spec_h, spec_w
    t = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    top = np.array(theme.background_top, dtype=np.float32)
    bottom = np.array(theme.background_bottom, dtype=np.float32)
    rows = top * (1 - t) + bottom * t
    yy = np.arange(h, dtype=np.float32)[:, None]  # a column and a row, broadcast: a whole
    xx = np.arange(w, dtype=np.float32)[None, :]  # grid of coordinates costs 5x the time
    cx, cy, radius = w * 0.82, h * 0.08, max(w, h) * 0.55
    strength = np.clip(1 - np.hypot(xx - cx, yy - cy) / radius, 0, 1) ** 2
    glow = np.array(theme.glow[:3], dtype=np.float32)
    alpha = strength[..., None] * (theme.glow[3] / 255)
    pixels = rows * (1 - alpha) + glow * alpha
    cx2, cy2 = w * 0.1, h * 1.0
    strength2 = np.clip(1 - np.hypot(xx - cx2, yy - cy2) / radius, 0, 1) ** 2
    accent = np.array(theme.accent, dtype=np.float32)
    alpha2 = strength2[..., None] * 0.10
    pixels = pixels * (1 - alpha2) + accent * alpha2
    image = Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8))
    return image.convert("RGBA")
