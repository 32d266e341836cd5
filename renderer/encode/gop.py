"""One closed GOP at a time: the encoder, animation frames, and the frames of a held picture.

A held picture's GOP is one I-frame from libx264 followed by frames that repeat it exactly,
every macroblock skipped. Such frames are the same bytes whatever the picture is, so they are
encoded once (from a flat grey picture), checked, and spliced after every held picture's
I-frame: a held picture costs one intra encode, about a fifth of a whole GOP. All encoders
share one SPS and PPS (`stitchable`, the same weighted prediction), so GOPs from different
encoders form one ordinary stream.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import av
import numpy as np
from PIL import Image

from renderer.encode.h264 import SpliceError, band_rows, splice, x264_slicing
from renderer.encode.packets import Packet
from renderer.errors import RenderError
from renderer.raster.caption import CaptionOverlay, draw_overlay
from renderer.raster.clips import release_players
from renderer.raster.motion import Moving


@dataclass(frozen=True)
class EncodeSettings:
    """Encoder knobs (everything that changes the encoded bytes)."""

    crf: int = 20
    """Quality of animated frames."""
    still_crf: int = 18
    """Quality of a held picture's I-frame. Every frame after it repeats it exactly, so it
    carries all of the picture's quality: 2 steps finer than `crf` gives about 52 dB PSNR,
    above the ~51 dB average of a whole GOP at `crf` (whose later frames refine the first),
    in fewer bytes, and without quality pulsing at each GOP."""
    preset: str = "veryfast"
    moving_preset: str = "ultrafast"
    """For animated spans: 40% faster to encode; their frames are gone in a blink."""
    audio_bitrate: int = 192_000
    gop: int | None = None
    """Frames per closed GOP; None is half the frame rate (YouTube's recommendation)."""
    workers: int = 1
    """Worker processes that encode GOPs (the render's CPU budget)."""


@dataclass(frozen=True)
class GopJob:
    """One closed GOP to encode: a held picture, or a slice of an animation."""

    still: str | None
    """The picture file of a held picture (None for an animation)."""
    blend: tuple[str, str, bool] | None
    """(picture a, picture b, through black) for an animation."""
    first: int
    """Index of the GOP's first frame within the whole animation (0 for a still)."""
    frames: int
    """Frames in this GOP."""
    total: int
    """Frames in the whole animation (equals `frames` for a still)."""
    family: int = field(default=0, compare=False, hash=False)
    """The slide whose pictures this job reads first: jobs of one family are encoded by one
    task, so that each picture is decoded once (a scheduling hint, not part of the job)."""
    motion: Moving | None = None
    """For the frames of a moving picture or a clip (`still` is then the slide they are
    drawn on)."""
    brief: bool = False
    """A held picture on screen for a moment (a karaoke word): its I-frame is made like an
    animation's frames (faster analysis, their quality: half the time and 56 dB PSNR instead
    of 60 on a slide; the frames after it still repeat it exactly)."""


def gop_length(fps: Fraction) -> int:
    """Closed GOP of half the frame rate (YouTube's recommendation), at least 1 frame."""
    return max(1, round(fps / 2))


def blend_frames(a: np.ndarray, b: np.ndarray, first: int, count: int, total: int,
                 through_black: bool, black: np.ndarray | None = None) -> list[np.ndarray]:
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
            mixed = Image.blend(first_image, dark, min(1.0, 2 * t)) if t < 0.5 else \
                Image.blend(dark, last_image, min(1.0, 2 * t - 1))
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


def blend_yuv(a: np.ndarray, b: np.ndarray, first: int, count: int, total: int,
              through_black: bool) -> list[np.ndarray]:
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
                    self.loaded[overlay.below] = to_yuv(below)  # one decode of its PNG
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
    out[top:top + rows, left:left + columns] = piece[:rows]
    for plane in range(2):  # U, then V: half size, as (height/2, width/2) views
        start, own = height + plane * height // 4, rows + plane * rows // 4
        view = out[start:start + height // 4].reshape(height // 2, width // 2)
        mine = piece[own:own + rows // 4].reshape(rows // 2, columns // 2)
        view[top // 2:(top + rows) // 2, left // 2:(left + columns) // 2] = mine
    return out


X264_PARAMS = ("scenecut=0:open-gop=0:bframes=2:b-adapt=0:b-pyramid=none:repeat-headers=1:"
               "cabac=1:rc-lookahead=0:mbtree=0:8x8dct=1:weightp=1:weightb=1:stitchable=1")
"""Closed GOPs of fixed length with 2 B-frames (YouTube's recommendation); no lookahead or
macroblock tree (on held pictures they triple the cost for a few % of bits); the rest keeps
every encoder's SPS and PPS the same."""


def _encoder(width: int, height: int, fps: Fraction, gop: int,
             settings: EncodeSettings, moving: bool = False,
             brief: bool = False, sliced: bool = False) -> av.VideoCodecContext:
    """libx264 for one closed GOP. `moving` (an animation, on screen for a fraction of a
    second) uses the faster analysis of `settings.moving_preset`, with CABAC, 8x8 transforms,
    B-frames and weighted prediction kept, so that every encoder writes the same SPS and PPS
    (`stitchable` keeps the quality out of the PPS). `sliced`: in slices of whole rows, for
    `h264.splice`."""
    codec = av.CodecContext.create("libx264", "w")
    assert isinstance(codec, av.VideoCodecContext)
    codec.width, codec.height, codec.pix_fmt = width, height, "yuv420p"
    codec.time_base = 1 / fps
    codec.framerate = fps
    codec.thread_count = 1
    codec.options = {
        "preset": settings.moving_preset if moving or brief else settings.preset,
        "crf": str(settings.crf if moving or brief else settings.still_crf), "tune": "stillimage",
        "profile": "high",
        "x264-params": f"keyint={gop}:min-keyint={gop}:{X264_PARAMS}"
                       + (f":{x264_slicing(width)}" if sliced else ""),
    }
    return codec


class _Drawn:
    """Pictures made when they are asked for, one at a time (a moving slide's frames are
    never all in memory)."""

    def __init__(self, make: Callable[[int], np.ndarray], count: int) -> None:
        self.make, self.count = make, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> np.ndarray:
        return self.make(index)


def _run_encoder(codec: av.VideoCodecContext, pictures: list[np.ndarray] | _Drawn,
                 frames: int) -> list[Packet]:
    """Encode `frames` frames (the last picture repeats) as one closed GOP whose decode
    clock starts one frame early, as every GOP's does, so that GOPs placed back to back keep
    strictly rising DTS (even a GOP too short to hold B-frames)."""
    packets = []
    held: av.VideoFrame | None = None  # a picture that repeats is made into a frame once
    for i in range(frames):
        index = min(i, len(pictures) - 1)
        if index < len(pictures) - 1 or held is None:
            frame = av.VideoFrame.from_ndarray(pictures[index], format="yuv420p")
            if index == len(pictures) - 1:
                held = frame
        else:
            frame = held
        frame.pts = i
        frame.pict_type = av.video.frame.PictureType.I if i == 0 else \
            av.video.frame.PictureType.NONE
        packets.extend(codec.encode(frame))
    packets.extend(codec.encode(None))
    shift = -1 - int(packets[0].dts or 0) if packets else 0
    out = [Packet(bytes(p), int(p.pts or 0), int(p.dts or 0) + shift, bool(p.is_keyframe))
           for p in packets]
    if len(out) != frames:
        raise RenderError(f"encoder returned {len(out)} packets for {frames} frames")
    return out


def encode_gop(job: GopJob, fps: Fraction, gop: int, settings: EncodeSettings,
               load: Callable[[str], np.ndarray] = load_yuv,
               tail: list[Packet] | None = None) -> list[Packet]:
    """Encode one closed GOP; `load` gives a picture as a yuv420p array. With `tail` (see
    `held_tail`), a held picture is its I-frame followed by the tail's first frames."""
    if job.motion is not None:  # a moving picture or a clip: frames drawn as encoded
        assert job.still is not None
        with Image.open(job.still) as image:
            base = np.asarray(image.convert("RGB"))
        draw = job.motion.player(base, job.still)
        height, width = base.shape[:2]
        codec = _encoder(width, height, fps, gop, settings, moving=True)
        return _run_encoder(codec, _Drawn(lambda i: to_yuv(draw(job.first + i, job.total,
                                                                float(fps))), job.frames),
                            job.frames)
    if job.still is not None:
        picture = load(job.still)
        if tail is not None and is_prefix(job.frames, len(tail) + 1):
            if isinstance(load, Pictures) and job.still in load.rows:
                try:
                    return [banded(job, picture, fps, gop, settings, load),
                            *tail[:job.frames - 1]]
                except SpliceError:
                    pass  # encoded whole below
            codec = _encoder(*_size(picture), fps, gop, settings, brief=job.brief)
            return _run_encoder(codec, [picture], 1) + tail[:job.frames - 1]
        codec = _encoder(*_size(picture), fps, gop, settings, brief=job.brief)
        return _run_encoder(codec, [picture], job.frames)
    assert job.blend is not None
    a, b, dark = job.blend
    pictures = blend_yuv(load(a), load(b), job.first, job.frames, job.total, dark)
    codec = _encoder(*_size(pictures[0]), fps, gop, settings, moving=True)
    return _run_encoder(codec, pictures, job.frames)


def banded(job: GopJob, picture: np.ndarray, fps: Fraction, gop: int,
           settings: EncodeSettings, pictures: Pictures) -> Packet:
    """The I-frame of a caption state over a still picture: the picture below, encoded in
    slices once, with the slices under the caption taken from an encode of those rows
    alone (`h264.splice`)."""
    assert job.still is not None
    below = pictures.overlays[job.still].below
    width, height = _size(picture)
    if below not in pictures.sliced:
        codec = _encoder(width, height, fps, gop, settings, sliced=True)
        pictures.sliced[below] = _run_encoder(codec, [pictures(below)], 1)[0]
    whole = pictures.sliced[below]
    rows = band_rows(*pictures.rows[job.still], height)
    if (rows[1] - rows[0]) % 4:
        raise SpliceError("a band of rows that yuv420p cannot cut")
    codec = _encoder(width, rows[1] - rows[0], fps, gop, settings, brief=job.brief,
                     sliced=True)
    band = _run_encoder(codec, [crop_rows(picture, *rows)], 1)[0]
    return Packet(splice(whole.data, band.data, rows, width), whole.pts, whole.dts, True)


def crop_rows(picture: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """Rows [top, bottom) of a yuv420p array (laid out as `to_yuv` does; even rows)."""
    height, width = picture.shape[0] * 2 // 3, picture.shape[1]
    planes = [picture[top:bottom]]
    for plane in range(2):
        start = height + plane * height // 4
        view = picture[start:start + height // 4].reshape(height // 2, width // 2)
        planes.append(view[top // 2:bottom // 2].reshape(-1, width))
    return np.concatenate(planes)


def is_prefix(frames: int, total: int) -> bool:
    """True if the first `frames` packets of a held picture's GOP of `total` frames are a
    complete closed GOP: with 2 B-frames (I0 P3 B1 B2 P6 B4 B5 ...) when frames is 1 mod 3."""
    return frames == total or (frames % 3 == 1 and frames < total)


def _size(picture: np.ndarray) -> tuple[int, int]:
    """(width, height) of a yuv420p array."""
    return picture.shape[1], picture.shape[0] * 2 // 3


def encode_gops(jobs: list[GopJob], fps: Fraction, gop: int, settings: EncodeSettings,
                tail: list[Packet] | None = None,
                overlays: Mapping[str, CaptionOverlay] | None = None) -> list[list[Packet]]:
    """Encode several GOPs that share pictures (one slide's), loading each picture once;
    runs in a worker process."""
    picture = Pictures(overlays)
    try:
        return [encode_gop(job, fps, gop, settings, picture, tail) for job in jobs]
    finally:
        release_players()  # a family's clip reader closes when its GOPs are done


def held_tail(width: int, height: int, fps: Fraction, gop: int,
              settings: EncodeSettings) -> list[Packet] | None:
    """Frames 1 to gop-1 of a held picture's GOP, repeating its I-frame exactly.

    Encoded once from a flat grey picture, where x264 skips every macroblock; then checked
    by splicing them after the I-frame of a textured picture and decoding: every frame must
    equal the first. None if the check fails (held GOPs are then encoded whole).
    """
    grey = np.full((height * 3 // 2, width), 128, dtype=np.uint8)
    template = _run_encoder(_encoder(width, height, fps, gop, settings), [grey], gop)
    tail = template[1:]
    rng = np.random.default_rng(0)
    blocks = rng.integers(16, 236, (-(-height * 3 // 32), -(-width // 16)), dtype=np.uint8)
    texture = np.kron(blocks, np.ones((16, 16), dtype=np.uint8))[:height * 3 // 2, :width]
    texture = np.ascontiguousarray(texture + (np.arange(width, dtype=np.uint8) % 7) * 3)
    first = _run_encoder(_encoder(width, height, fps, gop, settings), [texture], 1)
    decoded = _decode(first + tail)
    if len(decoded) != gop or any(not np.array_equal(decoded[0], f) for f in decoded[1:]):
        return None
    return tail


def _decode(packets: list[Packet]) -> list[np.ndarray]:
    decoder = av.CodecContext.create("h264", "r")
    frames: list[np.ndarray] = []
    for item in packets:
        packet = av.Packet(item.data)
        packet.pts, packet.dts = item.pts, item.dts
        frames.extend(f.to_ndarray() for f in decoder.decode(packet))
    frames.extend(f.to_ndarray() for f in decoder.decode(None))
    return frames
