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

from renderer.encode.frames import Pictures, blend_yuv, crop_rows, load_yuv, to_yuv
from renderer.encode.h264 import SpliceError, band_rows, splice, x264_slicing
from renderer.encode.packets import Packet
from renderer.errors import RenderError
from renderer.raster.caption import CaptionOverlay
from renderer.raster.clips import release_players
from renderer.raster.motion import Moving


@dataclass(frozen=True)
class EncodeSettings:
    """Encoder knobs (everything that changes the encoded bytes), decided by the plan."""

    gop: int
    """Frames per closed GOP: the preset's rule at the video's frame rate
    (`Preset.gop_length`), worked out once, in the plan."""
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


X264_PARAMS = (
    "scenecut=0:open-gop=0:bframes=2:b-adapt=0:b-pyramid=none:repeat-headers=1:"
    "cabac=1:rc-lookahead=0:mbtree=0:8x8dct=1:weightp=1:weightb=1:stitchable=1"
)
"""Closed GOPs of fixed length with 2 B-frames (YouTube's recommendation); no lookahead or
macroblock tree (on held pictures they triple the cost for a few % of bits); the rest keeps
every encoder's SPS and PPS the same."""


def _encoder(
    width: int,
    height: int,
    fps: Fraction,
    gop: int,
    settings: EncodeSettings,
    moving: bool = False,
    brief: bool = False,
    sliced: bool = False,
) -> av.VideoCodecContext:
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
        "crf": str(settings.crf if moving or brief else settings.still_crf),
        "tune": "stillimage",
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


def _run_encoder(
    codec: av.VideoCodecContext, pictures: list[np.ndarray] | _Drawn, frames: int
) -> list[Packet]:
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
        frame.pict_type = (
            av.video.frame.PictureType.I if i == 0 else av.video.frame.PictureType.NONE
        )
        packets.extend(codec.encode(frame))
    packets.extend(codec.encode(None))
    shift = -1 - int(packets[0].dts or 0) if packets else 0
    out = [
        Packet(bytes(p), int(p.pts or 0), int(p.dts or 0) + shift, bool(p.is_keyframe))
        for p in packets
    ]
    if len(out) != frames:
        raise RenderError(f"encoder returned {len(out)} packets for {frames} frames")
    return out


def encode_gop(
    job: GopJob,
    fps: Fraction,
    gop: int,
    settings: EncodeSettings,
    load: Callable[[str], np.ndarray] = load_yuv,
    tail: list[Packet] | None = None,
) -> list[Packet]:
    """Encode one closed GOP; `load` gives a picture as a yuv420p array. With `tail` (see
    `held_tail`), a held picture is its I-frame followed by the tail's first frames."""
    if job.motion is not None:  # a moving picture or a clip: frames drawn as encoded
        assert job.still is not None
        with Image.open(job.still) as image:
            base = np.asarray(image.convert("RGB"))
        draw = job.motion.player(base, job.still)
        height, width = base.shape[:2]
        codec = _encoder(width, height, fps, gop, settings, moving=True)
        return _run_encoder(
            codec,
            _Drawn(lambda i: to_yuv(draw(job.first + i, job.total, float(fps))), job.frames),
            job.frames,
        )
    if job.still is not None:
        picture = load(job.still)
        if tail is not None and is_prefix(job.frames, len(tail) + 1):
            if isinstance(load, Pictures) and job.still in load.rows:
                try:
                    return [banded(job, picture, fps, gop, settings, load), *tail[: job.frames - 1]]
                except SpliceError:
                    pass  # encoded whole below
            codec = _encoder(*_size(picture), fps, gop, settings, brief=job.brief)
            return _run_encoder(codec, [picture], 1) + tail[: job.frames - 1]
        codec = _encoder(*_size(picture), fps, gop, settings, brief=job.brief)
        return _run_encoder(codec, [picture], job.frames)
    assert job.blend is not None
    a, b, dark = job.blend
    pictures = blend_yuv(load(a), load(b), job.first, job.frames, job.total, dark)
    codec = _encoder(*_size(pictures[0]), fps, gop, settings, moving=True)
    return _run_encoder(codec, pictures, job.frames)


def banded(
    job: GopJob,
    picture: np.ndarray,
    fps: Fraction,
    gop: int,
    settings: EncodeSettings,
    pictures: Pictures,
) -> Packet:
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
    codec = _encoder(width, rows[1] - rows[0], fps, gop, settings, brief=job.brief, sliced=True)
    band = _run_encoder(codec, [crop_rows(picture, *rows)], 1)[0]
    return Packet(splice(whole.data, band.data, rows, width), whole.pts, whole.dts, True)


def is_prefix(frames: int, total: int) -> bool:
    """True if the first `frames` packets of a held picture's GOP of `total` frames are a
    complete closed GOP: with 2 B-frames (I0 P3 B1 B2 P6 B4 B5 ...) when frames is 1 mod 3."""
    return frames == total or (frames % 3 == 1 and frames < total)


def _size(picture: np.ndarray) -> tuple[int, int]:
    """(width, height) of a yuv420p array."""
    return picture.shape[1], picture.shape[0] * 2 // 3


def encode_gops(
    jobs: list[GopJob],
    fps: Fraction,
    gop: int,
    settings: EncodeSettings,
    tail: list[Packet] | None = None,
    overlays: Mapping[str, CaptionOverlay] | None = None,
) -> list[list[Packet]]:
    """Encode several GOPs that share pictures (one slide's), loading each picture once;
    runs in a worker process."""
    picture = Pictures(overlays)
    try:
        return [encode_gop(job, fps, gop, settings, picture, tail) for job in jobs]
    finally:
        release_players()  # a family's clip reader closes when its GOPs are done


def held_tail(
    width: int, height: int, fps: Fraction, gop: int, settings: EncodeSettings
) -> list[Packet] | None:
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
    texture = np.kron(blocks, np.ones((16, 16), dtype=np.uint8))[: height * 3 // 2, :width]
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
