"""Pictures as the encoder takes them: yuv420p arrays loaded once (with a caption state drawn
over its slide as it loads), the frames of a crossfade or a dip, and rectangles and rows
cut from or pasted into a yuv420p picture."""

from __future__ import annotations

from collections.abc import Mapping

import av
import numpy as np
from PIL import Image

from renderer.encode.packets import Packet
from renderer.raster.caption import CaptionOverlay, draw_overlay


def blend_frames(
    a: np.ndarray,
    b: np.ndarray,
    first: int,
    count: int,
    total: int,
    through_black: bool,
    black: np.ndarray | None = None,
) -> list[np.ndarray]:
    """Frames [first, first+count) of a crossfade (or a dip through black) from a to b.

    Frame i of the animation shows b at opacity (i + 1) / (total + 1): the same frames
    MoviePy's `CrossFadeIn` (and `FadeOut` + `FadeIn` for the dip) give at those times, which
    the tests check; drawn with Pillow because MoviePy's compositing costs ~10x more. Works on
    RGB pictures or single-channel arrays (then `black` is that layout's black). A crossfade
    blends only the rows and columns where a and b differ (a bullet fading in touches a
    tenth of the frame); elsewhere the blend of equal pixels is that pixel.
    """
    if through_black:
        rows, cols = np.arange(a.shape[0]), slice(0, a.shape[1])
    else:
        changed = a != b
        if changed.ndim == 3:
            changed = changed.any(axis=2)
        rows = np.flatnonzero(changed.any(axis=1))
        columns = np.flatnonzero(changed.any(axis=0))
        if not rows.size:
            return [a.copy() for _ in range(count)]
        cols = slice(int(columns[0]), int(columns[-1]) + 1)
    first_image = Image.fromarray(np.ascontiguousarray(a[rows, cols]))
    last_image = Image.fromarray(np.ascontiguousarray(b[rows, cols]))
    if black is None:
        dark = Image.new(first_image.mode, first_image.size)
    else:
        dark = Image.fromarray(np.ascontiguousarray(black[rows, cols]))
    frames = []
    for i in range(first, first + count):
        t = (i + 1) / (total + 1)
        if through_black:
            mixed = (
                Image.blend(first_image, dark, min(1.0, 2 * t))
                if t < 0.5
                else Image.blend(dark, last_image, min(1.0, 2 * t - 1))
            )
        else:
            mixed = Image.blend(first_image, last_image, t)
        frame = a.copy()
        frame[rows, cols] = np.asarray(mixed)
        frames.append(frame)
    return frames


def to_yuv(rgb: np.ndarray) -> np.ndarray:
    """An RGB picture as one yuv420p array (Y rows, then U and V), as the encoder takes it."""
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    return frame.reformat(format="yuv420p").to_ndarray()


def blend_yuv(
    a: np.ndarray, b: np.ndarray, first: int, count: int, total: int, through_black: bool
) -> list[np.ndarray]:
    """`blend_frames` on yuv420p pictures: a blend is linear, so blending in YUV gives the
    RGB blend's conversion to within rounding (the tests check 2 levels) and skips one colour
    conversion per frame."""
    height = a.shape[0] * 2 // 3
    black = to_yuv(np.zeros((height, a.shape[1], 3), dtype=np.uint8))
    return blend_frames(a, b, first, count, total, through_black, black)


def load_yuv(path: str) -> np.ndarray:
    """A slide picture file as a yuv420p array."""
    with Image.open(path) as image:
        return to_yuv(np.asarray(image.convert("RGB")))


class Pictures:
    """Pictures as yuv420p arrays, each loaded once; a caption state (see
    `SlideImages.overlays`) is drawn over the picture below it as it loads, in its own
    rectangle only, whose rows are kept (`rows`)."""

    def __init__(self, overlays: Mapping[str, CaptionOverlay] | None = None) -> None:
        self.overlays = overlays or {}
        self.loaded: dict[str, np.ndarray] = {}
        self.recent: dict[str, np.ndarray] = {}
        self.rows: dict[str, tuple[int, int]] = {}
        self.sliced: dict[str, Packet] = {}
        """I-frames of pictures below captions, encoded in slices (see `banded`)."""
        self.rgb: tuple[str, np.ndarray] | None = None

    def __call__(self, path: str) -> np.ndarray:
        if path in self.overlays:  # used by a GOP or two: only the latest few are kept
            if path not in self.recent:
                overlay = self.overlays[path]
                below = self._rgb(overlay.below)
                if overlay.below not in self.overlays and overlay.below not in self.loaded:
                    self.loaded[overlay.below] = to_yuv(below)  # one decode of its picture
                piece, (left, top) = draw_overlay(overlay, below)
                self.recent[path] = paste(self(overlay.below), to_yuv(piece), left, top)
                self.rows[path] = (top, top + piece.shape[0])
                while len(self.recent) > 4:
                    del self.recent[next(iter(self.recent))]
            return self.recent[path]
        if path not in self.loaded:
            self.loaded[path] = load_yuv(path)
        return self.loaded[path]

    def _rgb(self, path: str) -> np.ndarray:
        """A picture in RGB (the last one asked for is kept: captions come in runs)."""
        if self.rgb is None or self.rgb[0] != path:
            with Image.open(path) as image:
                self.rgb = (path, np.asarray(image.convert("RGB")))
        return self.rgb[1]


def paste(picture: np.ndarray, piece: np.ndarray, left: int, top: int) -> np.ndarray:
    """A yuv420p picture with a rectangle replaced by a piece's (both laid out as `to_yuv`
    does: Y rows, then U and V packed two half rows to a row; the piece's corner and size
    on multiples of 4)."""
    height, width = picture.shape[0] * 2 // 3, picture.shape[1]
    rows, columns = piece.shape[0] * 2 // 3, piece.shape[1]
    out = picture.copy()
    out[top : top + rows, left : left + columns] = piece[:rows]
    for plane in range(2):  # U, then V: half size, as (height/2, width/2) views
        start, own = height + plane * height // 4, rows + plane * rows // 4
        view = out[start : start + height // 4].reshape(height // 2, width // 2)
        mine = piece[own : own + rows // 4].reshape(rows // 2, columns // 2)
        view[top // 2 : (top + rows) // 2, left // 2 : (left + columns) // 2] = mine
    return out


def crop_rows(picture: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """Rows [top, bottom) of a yuv420p array (laid out as `to_yuv` does; even rows)."""
    height, width = picture.shape[0] * 2 // 3, picture.shape[1]
    planes = [picture[top:bottom]]
    for plane in range(2):
        start = height + plane * height // 4
        view = picture[start : start + height // 4].reshape(height // 2, width // 2)
        planes.append(view[top // 2 : bottom // 2].reshape(-1, width))
    return np.concatenate(planes)
