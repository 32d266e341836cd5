"""A slow move over a picture (Ken Burns): zoom in or out, pan left or right.

The frames of a moving slide are its picture (drawn by the image painter) with only the
picture's box drawn again at each frame: the picture, cropped to a window that moves with
time, scaled into the box with sub-pixel precision (no judder), under the same rounded
corners. Frame 0 is the slide as painted; `motion_frame` gives any frame from the slide's
picture, so the encoder makes them as it encodes (on its animation path, cached by content).

A picture with transparency stays still: a window moving over a logo reads as a glitch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Union

import numpy as np
from PIL import Image, ImageDraw

from renderer.article.model import Fit, Motion, Section
from renderer.config import VideoSpec
from renderer.media import open_image
from renderer.raster.bidi import is_rtl_language
from renderer.raster.painters.image import cover_window, picture_box
from renderer.storyboard_model import SlideKind, Storyboard
from renderer.theme import Theme

if TYPE_CHECKING:
    from renderer.raster.clips import ClipSpec

ZOOM = 0.12
"""How far a move goes: the picture grows (or shrinks) by 12%, or a pan crosses 12%."""


@dataclass(frozen=True)
class MotionSpec:
    """How one slide's picture moves (everything that changes its frames)."""

    picture: str
    """The picture file."""
    digest: str
    """Its content hash (cache keys)."""
    box: tuple[int, int, int, int]
    """Where the picture sits on the slide, in pixels."""
    fit: str
    kind: str
    """A `Motion` value other than none."""
    radius: int
    """Rounded corners, in pixels."""

    @property
    def key(self) -> list[object]:
        """What a cache key needs of it (not the file's path)."""
        return ["motion", self.digest, list(self.box), self.fit, self.kind, self.radius, ZOOM]

    def player(self, base: np.ndarray, base_key: str) -> Callable[[int, int, float], np.ndarray]:
        """Frames of the slide (`base`, RGB): `draw(index, total, fps)` is frame `index` of
        a move `total` frames long."""
        del base_key  # every frame is drawn from `base` afresh

        def draw(index: int, total: int, fps: float) -> np.ndarray:
            del fps  # a move spans its slide, whatever the frame rate
            return motion_frame(base, self, index / max(1, total - 1))

        return draw

    def ends(self, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first and last frames of the move (what transitions blend to and from)."""
        return motion_frame(base, self, 0.0), motion_frame(base, self, 1.0)


def slide_motions(storyboard: Storyboard, spec: VideoSpec, theme: Theme) -> dict[int, MotionSpec]:
    """The moving slides (0-based index -> how): picture slides whose section or theme asks
    for a motion, with an opaque picture."""
    moving: dict[int, MotionSpec] = {}
    mirrored = is_rtl_language(storyboard.language)  # where the slide shows its picture
    for index, slide in enumerate(storyboard.slides):
        body = slide.body
        if (
            slide.kind is not SlideKind.IMAGE
            or not isinstance(body, Section)
            or body.image is None
            or not slide.media
        ):
            continue
        kind = body.image.motion or Motion(theme.motion)
        media = slide.media[0]
        if kind is Motion.NONE or not _opaque(media.path, media.digest):
            continue
        box = picture_box(spec, slide, media.width, media.height, mirrored)
        moving[index] = MotionSpec(
            str(media.path),
            media.digest,
            box,
            body.image.fit.value,
            kind.value,
            round(18 * min(spec.width, spec.height) / 1080),
        )
    return moving


@lru_cache(maxsize=16)
def _opaque(path: Path, digest: str) -> bool:
    del digest  # part of the cache key only
    return open_image(path).getchannel("A").getextrema()[0] == 255


@lru_cache(maxsize=1)
def _source(spec: MotionSpec) -> tuple[Image.Image, Image.Image]:
    """The picture cropped to its box's shape (cover) and the rounded-corner mask."""
    image = open_image(Path(spec.picture)).convert("RGB")
    x0, y0, x1, y1 = spec.box
    width, height = x1 - x0, y1 - y0
    if spec.fit == Fit.COVER.value:  # the part of the picture the box shows
        left, top, right, bottom = cover_window(image.size, (width, height))
        image = image.crop((round(left), round(top), round(right), round(bottom)))
    enough = round(width * (1 + ZOOM) * 1.05)  # every pixel a 12% zoom shows, no more
    if image.width > enough:  # (fewer pixels to resample at every frame)
        image = image.resize(
            (enough, max(1, round(image.height * enough / image.width))), Image.Resampling.LANCZOS
        )
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), spec.radius, fill=255)
    return image, mask


def window(kind: str, t: float, width: float, height: float) -> tuple[float, float, float, float]:
    """The part of a picture (width x height) shown at time t (0..1) of a move."""
    near = 1 / (1 + ZOOM)
    if kind in (Motion.ZOOM_IN.value, Motion.ZOOM_OUT.value):
        progress = t if kind == Motion.ZOOM_IN.value else 1 - t
        size = 1 - (1 - near) * progress
        w, h = width * size, height * size
        return ((width - w) / 2, (height - h) / 2, (width + w) / 2, (height + h) / 2)
    w, h = width * near, height * near
    travel = width - w
    left = travel * (1 - t) if kind == Motion.PAN_LEFT.value else travel * t
    return (left, (height - h) / 2, left + w, (height + h) / 2)


Moving = Union[MotionSpec, "ClipSpec"]
"""A slide whose frames move: a picture under a Ken Burns move, or a clip playing."""


def motion_frame(base: np.ndarray, spec: MotionSpec, t: float) -> np.ndarray:
    """The slide (`base`, RGB, as painted) with its picture at time t (0..1) of the move."""
    source, mask = _source(spec)
    x0, y0, x1, y1 = spec.box
    shown = source.resize(
        (x1 - x0, y1 - y0),
        Image.Resampling.BILINEAR,
        box=window(spec.kind, t, source.width, source.height),
    )
    frame = Image.fromarray(base)
    frame.paste(shown, (x0, y0), mask)
    return np.asarray(frame)


def moving_slides(storyboard: Storyboard, spec: VideoSpec, theme: Theme) -> dict[int, Moving]:
    """Every slide whose frames move: pictures with a motion, and clips."""
    from renderer.raster.clips import slide_clips

    return {**slide_motions(storyboard, spec, theme), **slide_clips(storyboard, spec)}
