"""A picture filling the slide's content box (contain or cover), with its caption; also the
picture beside a points section's bullets (`draw_picture`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from renderer.article import Section
from renderer.article.model import Fit
from renderer.errors import RenderError
from renderer.media import open_image
from renderer.raster.canvas import Box, Canvas
from renderer.raster.text import Weight


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.image is not None
    x0, y0, x1, y1 = canvas.content
    caption_h = 80 * canvas.u if section.image.caption else 0
    placed = draw_picture(canvas, (x0, y0, x1, y1 - caption_h), section.image.fit)
    if section.image.caption:  # just under the picture, wherever it ended up
        top = placed[3] + 14 * canvas.u
        canvas.text(section.image.caption, (x0, top, x1, top + caption_h - 14 * canvas.u),
                    canvas.style(28, Weight.MEDIUM, canvas.theme.muted), align="center",
                    valign="top", max_lines=2, min_size=18)


def draw_picture(canvas: Canvas, box: Box, fit: Fit) -> Box:
    """The slide's picture in `box`: all of it (contain) or filling it (cover), with
    rounded corners and a shadow, composed over the slide. Returns where it went."""
    if not canvas.slide.media:
        raise RenderError(f"slide {canvas.slide.number} ({canvas.slide.title}) has no "
                          "checked picture file to draw")
    x0, y0, x1, y1 = box
    width, height = round(x1 - x0), round(y1 - y0)
    picture = _fitted(canvas.slide.media[0].path, canvas.slide.media[0].digest, width,
                      height, fit.value)
    left = round(x0 + (width - picture.width) / 2)
    top = round(y0 + (height - picture.height) / 2)
    placed = (left, top, left + picture.width, top + picture.height)
    alpha = picture.getchannel("A")
    if alpha.getextrema()[0] == 255:  # an opaque picture: rounded corners and a shadow
        canvas.card(placed, fill=(0, 0, 0, 0), outline=(0, 0, 0, 0), radius=18)
        mask = Image.new("L", picture.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, picture.width - 1, picture.height - 1),
                                               round(18 * canvas.u), fill=255)
        alpha = ImageChops.darker(alpha, mask)
    # transparency is composed over the slide as it is
    canvas.image.alpha_composite(Image.merge("RGBA", (*picture.split()[:3], alpha)),
                                 (left, top))
    return placed


@lru_cache(maxsize=8)
def _fitted(path: Path, digest: str, width: int, height: int, fit: str) -> Image.Image:
    """The picture scaled to the box (cached by file content and box: a slide's reveal
    steps share it)."""
    del digest  # part of the cache key only
    image = open_image(path)
    scale = (max if fit == Fit.COVER.value else min)(width / image.width,
                                                      height / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if fit == Fit.COVER.value:
        left, top = (image.width - width) // 2, (image.height - height) // 2
        image = image.crop((left, top, left + min(width, image.width),
                            top + min(height, image.height)))
    return image
