"""Clips in slides: MoviePy decodes a clip (ffmpeg resizing it to its box as it decodes),
and composites it over the slide as painted, frame by frame (`ClipSpec.frame`); the encoder
asks for the frames as it encodes a clip slide's GOPs, in order, so the clip is read once.

The clip plays from the first frame its slide is held (after the transition in); when the
narration is longer than the clip, its last frame stays; when the clip is longer, the slide
waits for it (the storyboard gives the slide's first words that much time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from renderer.article import Section
from renderer.config import VideoSpec
from renderer.raster.bidi import is_rtl_language
from renderer.raster.painters.image import media_box
from renderer.storyboard import clip_seconds
from renderer.storyboard_model import Slide, SlideKind, Storyboard


@dataclass(frozen=True)
class ClipSpec:
    """How one slide's clip plays (everything that changes its frames)."""

    clip: str
    """The clip file."""
    digest: str
    start: float
    """Seconds into the file where it starts."""
    length: float
    """Seconds it plays."""
    box: tuple[int, int, int, int]
    """Where it sits on the slide, in pixels."""

    @property
    def key(self) -> list[object]:
        """What a cache key needs of it (not the file's path)."""
        return ["clip", self.digest, self.start, self.length, list(self.box)]

    def seconds(self, index: int, fps: float) -> float:
        """The clip's time (from its start) at frame `index` of its slide's held frames."""
        return min(index / fps, max(0.0, self.length - 0.5 / fps))

    def player(self, base: np.ndarray, base_key: str) -> Callable[[int, int, float], np.ndarray]:
        """Frames of the slide (`base`, RGB, known by `base_key`) with the clip playing:
        `draw(index, total, fps)` is held frame `index` of the slide's `total`."""
        composite = _composite(self, _Base(base_key, base))

        def draw(index: int, total: int, fps: float) -> np.ndarray:
            del total  # a clip plays at its own pace, whatever the slide's length
            return np.asarray(composite.get_frame(self.seconds(index, fps))).astype(np.uint8)

        return draw

    def ends(self, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The slide with the clip's first and last frames (what transitions blend with)."""
        try:
            draw = self.player(base, f"ends:{hash(base.tobytes())}")
            return draw(0, 2, 1.0), draw(10**9, 2, 1.0)
        finally:
            release_players()

    def first_frame(self) -> np.ndarray:
        """The clip's first frame at its box's size (RGB), as the composite shows it."""
        from moviepy import VideoFileClip

        x0, y0, x1, y1 = self.box
        source = VideoFileClip(self.clip, audio=False, target_resolution=(x1 - x0, y1 - y0))
        try:
            return np.asarray(source.get_frame(self.start)).astype(np.uint8)
        finally:
            source.close()


def slide_clip(slide: Slide, spec: VideoSpec, mirrored: bool = False) -> ClipSpec | None:
    """How a clip slide's clip plays, or None for other slides (or without its file); on a
    mirrored slide (a right-to-left article's), it plays where the slide shows it."""
    body = slide.body
    if (
        slide.kind is not SlideKind.VIDEO
        or not isinstance(body, Section)
        or body.video is None
        or not slide.media
    ):
        return None
    media = slide.media[0]
    return ClipSpec(
        str(media.path),
        media.digest,
        body.video.start,
        clip_seconds(body, media.duration),
        media_box(spec, slide, media.width, media.height, mirrored),
    )


def slide_clips(storyboard: Storyboard, spec: VideoSpec) -> dict[int, ClipSpec]:
    """Every clip slide (0-based index -> its clip)."""
    mirrored = is_rtl_language(storyboard.language)
    return {
        index: clip
        for index, slide in enumerate(storyboard.slides)
        if (clip := slide_clip(slide, spec, mirrored)) is not None
    }


class _Base:
    """A slide's pixels, known (hashed and compared) by their key."""

    def __init__(self, key: str, pixels: np.ndarray) -> None:
        self.key, self.pixels = key, pixels

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Base) and other.key == self.key


@lru_cache(maxsize=2)
def _composite(spec: ClipSpec, base: _Base) -> Any:
    """The slide with its clip on top, as a MoviePy clip: one per slide and process, so
    that the GOPs of a clip slide, encoded in order, read the clip once."""
    from moviepy import CompositeVideoClip, ImageClip, VideoFileClip

    x0, y0, x1, y1 = spec.box
    picture = base.pixels
    height, width = picture.shape[:2]
    source = VideoFileClip(spec.clip, audio=False, target_resolution=(x1 - x0, y1 - y0))
    playing = source.subclipped(spec.start, min(source.duration, spec.start + spec.length))
    made = CompositeVideoClip(
        [ImageClip(picture).with_duration(spec.length), playing.with_position((x0, y0))],
        size=(width, height),
    )
    _open.append(source)  # its reader is the ffmpeg process to close
    return made


def release_players() -> None:
    """Close the clip readers this process holds (each is an ffmpeg process)."""
    for reader in _open:
        reader.close()
    _open.clear()
    _composite.cache_clear()


_open: list[Any] = []
"""The clips `_composite` opened, to close them (an lru cache does not)."""
