"""A picture filling the slide's content box (contain or cover), with its caption; also the
picture beside a points section's bullets (`draw_picture`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from renderer.article import Section
from renderer.article.model import Fit
from renderer.config import VideoSpec
from renderer.errors import RenderError
from renderer.media import open_image
from renderer.raster.canvas import Box, Canvas, content_box, mirror, unit
from renderer.raster.text import Weight
from renderer.storyboard_model import Slide


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.image is not None
    x0, _, x1, _ = canvas.content
    area = _picture_area(canvas.spec, section, canvas.mirrored)
    placed = draw_picture(canvas, area, section.image.fit)
    if section.image.caption:  # just under the picture, wherever it ended up
        top = placed[3] + 14 * canvas.u
        canvas.text(
            section.image.caption,
            (x0, top, x1, top + CAPTION * canvas.u),
            canvas.style(28, Weight.MEDIUM, canvas.theme.muted),
            align="center",
            valign="top",
            max_lines=2,
            min_size=18,
        )


CAPTION = 66
"""Height of a caption under a picture, in 1080p pixels."""


def _picture_area(spec: VideoSpec, section: Section, mirrored: bool) -> Box:
    """The content box, less a caption's room when the picture (or clip) has one (as
    painted: see `Canvas.mirrored`)."""
    x0, y0, x1, y1 = content_box(spec, mirrored)
    body = section.image or section.video
    caption = (CAPTION + 14) * unit(spec) if body and body.caption else 0
    return (x0, y0, x1, y1 - caption)


def media_box(
    spec: VideoSpec, slide: Slide, width: int, height: int, mirrored: bool = False
) -> tuple[int, int, int, int]:
    """Where a clip slide's clip (width x height) is seen in the slide, in pixels: all of
    it, centred (on a mirrored slide, the mirror of where it is painted)."""
    section = slide.body
    assert isinstance(section, Section)
    painted = placement(_picture_area(spec, section, mirrored), width, height, Fit.CONTAIN.value)
    return mirror(painted, spec.width) if mirrored else painted


def picture_box(
    spec: VideoSpec, slide: Slide, width: int, height: int, mirrored: bool = False
) -> tuple[int, int, int, int]:
    """Where a picture slide's picture (width x height, upright) is seen, in pixels."""
    section = slide.body
    assert isinstance(section, Section) and section.image is not None
    area = _picture_area(spec, section, mirrored)
    painted = placement(area, width, height, section.image.fit.value)
    return mirror(painted, spec.width) if mirrored else painted


def placement(box: Box, width: int, height: int, fit: str) -> tuple[int, int, int, int]:
    """The pixels a picture of width x height takes in `box` (contain: all of it, centred;
    cover: the whole box)."""
    x0, y0, x1, y1 = box
    box_w, box_h = round(x1 - x0), round(y1 - y0)
    scale = (max if fit == Fit.COVER.value else min)(box_w / width, box_h / height)
    shown_w = min(box_w, max(1, round(width * scale)))
    shown_h = min(box_h, max(1, round(height * scale)))
    left, top = round(x0 + (box_w - shown_w) / 2), round(y0 + (box_h - shown_h) / 2)
    return (left, top, left + shown_w, top + shown_h)


def draw_picture(canvas: Canvas, box: Box, fit: Fit) -> Box:
    """The slide's picture in `box`: all of it (contain) or filling it (cover), with
    rounded corners and a shadow, composed over the slide. Returns where it went."""
    if not canvas.slide.media:
        raise RenderError(
            f"slide {canvas.slide.number} ({canvas.slide.title}) has no "
            "checked picture file to draw"
        )
    media = canvas.slide.media[0]
    placed = placement(box, media.width, media.height, fit.value)
    left, top = placed[0], placed[1]
    picture = _fitted(media.path, media.digest, placed[2] - left, placed[3] - top, fit.value)
    alpha = picture.getchannel("A")
    radius = round(18 * canvas.u)
    # an opaque picture: rounded corners and a shadow (not on a sliver thinner than its
    # corners, say a 5000x1 strip: there is no room for them, and it is drawn as it is)
    if alpha.getextrema()[0] == 255 and min(picture.size) > 2 * radius:
        canvas.card(placed, fill=(0, 0, 0, 0), outline=(0, 0, 0, 0), radius=18)
        mask = Image.new("L", picture.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (0, 0, picture.width - 1, picture.height - 1), radius, fill=255
        )
        alpha = ImageChops.darker(alpha, mask)
    # transparency is composed over the slide as it is
    shown = Image.merge("RGBA", (*picture.split()[:3], alpha))
    canvas.upright(
        placed,
        lambda image, dx, dy: image.alpha_composite(shown, (round(left + dx), round(top + dy))),
    )
    return placed


def cover_window(size: tuple[int, int], box: tuple[int, int]) -> tuple[float, float, float, float]:
    """The part of a picture of `size` a box of `box` shows when the picture covers it:
    the largest centred window of the box's shape."""
    scale = max(box[0] / size[0], box[1] / size[1])
    w, h = box[0] / scale, box[1] / scale
    left, top = (size[0] - w) / 2, (size[1] - h) / 2
    return (left, top, left + w, top + h)


@lru_cache(maxsize=8)
def _fitted(path: Path, digest: str, width: int, height: int, fit: str) -> Image.Image:
    """The picture scaled to fill width x height (cropped evenly when it covers a box of
    another shape); cached by file content and size: a slide's reveal steps share it."""
    del digest  # part of the cache key only
    image = open_image(path)
    if fit == Fit.COVER.value:
        return image.resize(
            (width, height),
            Image.Resampling.LANCZOS,
            box=cover_window(image.size, (width, height)),
            reducing_gap=3.0,
        )
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
