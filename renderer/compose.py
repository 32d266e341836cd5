"""Stage: slide images + visual segments + audio track -> MP4. The only module that encodes.

Almost every frame of an explainer repeats the one before, so the cost should follow the
number of distinct pictures, not the length of the video. Each held picture is encoded once
as a closed GOP (libx264 through PyAV, in worker processes) and its packets are muxed again
and again with shifted timestamps; a remainder shorter than a GOP is its own closed GOP.
Animated spans (slide transitions, bullet fade-ins) are blended frame by frame and encoded
as their own short closed GOPs (the tests check them against MoviePy's crossfade). The result is
an ordinary H.264 High / yuv420p stream with closed GOPs of half the frame rate and
2 B-frames, at a constant frame rate, with AAC 48 kHz stereo; it is written to a temporary
file beside the output and renamed only when complete.
"""

from __future__ import annotations

import errno
import os
import struct
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

from renderer.aac import EncodedAudio
from renderer.errors import RenderError, storage_error
from renderer.mux import EncodedPacket, Extras, mux
from renderer.raster import SlideImages
from renderer.store import BlobStore, content_key
from renderer.timeline import Segment, Still, Timeline
from renderer.workers import process_pool


@dataclass(frozen=True)
class EncodeSettings:
    """Encoder knobs (everything that changes the encoded bytes)."""

    crf: int = 20
    preset: str = "veryfast"
    moving_preset: str = "ultrafast"
    """For animated spans: 40% faster to encode; their frames are gone in a blink."""
    audio_bitrate: int = 192_000
    gop: int | None = None
    """Frames per closed GOP; None is half the frame rate (YouTube's recommendation)."""
    workers: int = max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class GopJob:
    """One closed GOP to encode: a held picture, or a slice of an animation."""

    still: str | None
    """PNG of a held picture (None for an animation)."""
    blend: tuple[str, str, bool] | None
    """(PNG a, PNG b, through black) for an animation."""
    first: int
    """Index of the GOP's first frame within the whole animation (0 for a still)."""
    frames: int
    """Frames in this GOP."""
    total: int
    """Frames in the whole animation (equals `frames` for a still)."""


def gop_length(fps: Fraction) -> int:
    """Closed GOP of half the frame rate (YouTube's recommendation), at least 1 frame."""
    return max(1, round(fps / 2))


def plan_jobs(segments: tuple[Segment, ...], images: SlideImages,
              gop: int) -> list[tuple[int, GopJob]]:
    """(start frame, job) for every GOP of the video, in order; equal jobs are shared."""
    placed: list[tuple[int, GopJob]] = []
    for segment in segments:
        if isinstance(segment, Still):
            path = str(images.paths[segment.slide][segment.step])
            full, rest = divmod(segment.frames, gop)
            pieces = [gop] * full + _prefix_lengths(rest)
            start = segment.start
            for length in pieces:
                placed.append((start, GopJob(path, None, 0, length, gop)))
                start += length
        else:
            a = str(images.paths[segment.a[0]][segment.a[1]])
            b = str(images.paths[segment.b[0]][segment.b[1]])
            for first in range(0, segment.frames, gop):
                count = min(gop, segment.frames - first)
                placed.append((segment.start + first, GopJob(
                    None, (a, b, segment.through_black), segment.offset + first, count,
                    segment.whole)))
    return placed


def _prefix_lengths(rest: int) -> list[int]:
    """Split a remainder into lengths of 1, 4, 7, 10 or 13 frames (1 mod 3).

    With 2 B-frames the decode order of a held picture's GOP is I0 P3 B1 B2 P6 B4 B5 ...,
    so its first n packets are themselves a complete closed GOP exactly when n is 1 mod 3:
    remainders then cost no encoding at all, only a prefix of the full GOP's packets.
    """
    if rest == 0:
        return []
    if rest % 3 == 1:
        return [rest]
    if rest % 3 == 2:
        return [rest - 1, 1]
    return [rest - 2, 1, 1]


def blend_frames(a: np.ndarray, b: np.ndarray, first: int, count: int, total: int,
                 through_black: bool, black: np.ndarray | None = None) -> list[np.ndarray]:
    """Frames [first, first+count) of a crossfade (or a dip through black) from a to b.

    Frame i of the animation shows b at opacity (i + 1) / (total + 1): the same frames
    MoviePy's `CrossFadeIn` (and `FadeOut` + `FadeIn` for the dip) give at those times, which
    the tests check; drawn with Pillow because MoviePy's compositing costs ~10x more. Works on
    RGB pictures or single-channel arrays (then `black` is that layout's black).
    """
    first_image, last_image = Image.fromarray(a), Image.fromarray(b)
    dark = Image.fromarray(black) if black is not None else Image.new("RGB", first_image.size)
    frames = []
    for i in range(first, first + count):
        t = (i + 1) / (total + 1)
        if through_black:
            mixed = Image.blend(first_image, dark, min(1.0, 2 * t)) if t < 0.5 else \
                Image.blend(dark, last_image, min(1.0, 2 * t - 1))
        else:
            mixed = Image.blend(first_image, last_image, t)
        frames.append(np.asarray(mixed))
    return frames


def _encoder(width: int, height: int, fps: Fraction, gop: int,
             settings: EncodeSettings, moving: bool = False) -> av.VideoCodecContext:
    """libx264 for one closed GOP. `moving` (an animation, on screen for a fraction of a
    second) uses the faster analysis of `settings.moving_preset`, with CABAC, 8x8 transforms
    and B-frames kept so that every GOP is High profile like the rest."""
    codec = av.CodecContext.create("libx264", "w")
    assert isinstance(codec, av.VideoCodecContext)
    codec.width, codec.height, codec.pix_fmt = width, height, "yuv420p"
    codec.time_base = 1 / fps
    codec.framerate = fps
    codec.thread_count = 1
    codec.options = {
        "preset": settings.moving_preset if moving else settings.preset,
        "crf": str(settings.crf), "tune": "stillimage",
        "profile": "high",
        # closed GOPs of fixed length with 2 B-frames (YouTube's recommendation); no lookahead
        # or macroblock tree: on held pictures they triple the cost for a few % of bits
        "x264-params": f"keyint={gop}:min-keyint={gop}:scenecut=0:open-gop=0:bframes=2:"
                       "b-adapt=0:b-pyramid=none:repeat-headers=1:cabac=1:rc-lookahead=0:"
                       "mbtree=0:8x8dct=1",
    }
    return codec


def _load(path: str) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


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


def _load_yuv(path: str) -> np.ndarray:
    return to_yuv(_load(path))


def encode_gops(jobs: list[GopJob], fps: Fraction, gop: int, settings: EncodeSettings
                ) -> list[list[EncodedPacket]]:
    """Encode several GOPs that share pictures (one slide's), loading each picture once;
    runs in a worker process."""
    loaded: dict[str, np.ndarray] = {}

    def picture(path: str) -> np.ndarray:
        if path not in loaded:
            loaded[path] = _load_yuv(path)
        return loaded[path]

    return [encode_gop(job, fps, gop, settings, picture) for job in jobs]


def encode_gop(job: GopJob, fps: Fraction, gop: int, settings: EncodeSettings,
               load: Callable[[str], np.ndarray] | None = None) -> list[EncodedPacket]:
    """Encode one closed GOP; `load` gives a picture as a yuv420p array."""
    load = load or _load_yuv
    if job.still is not None:
        pictures = [load(job.still)]
    else:
        assert job.blend is not None
        a, b, dark = job.blend
        pictures = blend_yuv(load(a), load(b), job.first, job.frames, job.total, dark)
    height, width = pictures[0].shape[0] * 2 // 3, pictures[0].shape[1]
    codec = _encoder(width, height, fps, gop, settings, moving=job.still is None)
    frames = [av.VideoFrame.from_ndarray(p, format="yuv420p") for p in pictures]
    packets = []
    for i in range(job.frames):
        frame = frames[min(i, len(frames) - 1)]
        frame.pts = i
        frame.pict_type = av.video.frame.PictureType.I if i == 0 else \
            av.video.frame.PictureType.NONE
        packets.extend(codec.encode(frame))
    packets.extend(codec.encode(None))
    out = [(bytes(p), int(p.pts or 0), int(p.dts or 0), bool(p.is_keyframe)) for p in packets]
    # Every GOP starts its decode clock one frame early (the B-frame delay), even a GOP too
    # short to hold B-frames, so that GOPs placed back to back keep strictly rising DTS.
    shift = -1 - out[0][2] if out else 0
    out = [(data, pts, dts + shift, key) for data, pts, dts, key in out]
    if len(out) != job.frames:
        raise RenderError(f"encoder returned {len(out)} packets for {job.frames} frames")
    return out


_PACKET = struct.Struct("<iiBI")  # pts, dts, keyframe, size


def _pack(packets: list[EncodedPacket]) -> bytes:
    return b"".join(_PACKET.pack(pts, dts, key, len(data)) + data
                    for data, pts, dts, key in packets)


def _unpack(blob: bytes) -> list[EncodedPacket]:
    out, offset = [], 0
    while offset < len(blob):
        pts, dts, key, size = _PACKET.unpack_from(blob, offset)
        offset += _PACKET.size
        out.append((blob[offset:offset + size], pts, dts, bool(key)))
        offset += size
    return out


def gop_key(job: GopJob, picture_keys: dict[str, str], fps: Fraction, gop: int,
            settings: EncodeSettings) -> str:
    """Everything that changes a GOP's bytes: its pictures' content (not their paths), its
    length and place in its animation, the encoder and its settings."""
    if job.still is not None:
        pictures: list[object] = [picture_keys.get(job.still, job.still)]
    else:
        assert job.blend is not None
        a, b, dark = job.blend
        pictures = [picture_keys.get(a, a), picture_keys.get(b, b), dark]
    return content_key(kind="gop", av=av.__version__, crf=settings.crf, preset=settings.preset,
                       moving_preset=settings.moving_preset,
                       fps=str(fps), gop=gop, pictures=pictures, first=job.first,
                       frames=job.frames, total=job.total)


def _encode_all(jobs: list[GopJob], images: SlideImages, fps: Fraction, gop: int,
                settings: EncodeSettings, store: BlobStore | None,
                progress: Callable[[int], None] | None,
                meanwhile: Callable[[], None] = lambda: None
                ) -> dict[GopJob, list[EncodedPacket]]:
    """Every GOP the video needs (from the store, or encoded in worker processes); runs
    `meanwhile` in this process while the workers encode."""
    wanted = list(dict.fromkeys(jobs))
    uses = {job: 0 for job in wanted}
    for job in jobs:
        uses[job] += 1
    # a held picture's shorter GOPs are prefixes of its full one: encode the full one only
    base = {job: GopJob(job.still, None, 0, job.total, job.total) if job.still else job
            for job in wanted}
    unique = list(dict.fromkeys(base.values()))
    for job in unique:
        uses.setdefault(job, 0)
    results: dict[GopJob, list[EncodedPacket]] = {}
    picture_keys = {str(path): key for row, keys_row in zip(images.paths, images.keys,
                                                            strict=False)
                    for path, key in zip(row, keys_row, strict=True)}
    keys = {job: gop_key(job, picture_keys, fps, gop, settings) for job in unique}
    todo = []
    for job in unique:
        cached = store.get(keys[job]) if store is not None else None
        if cached is not None:
            results[job] = _unpack(cached)
            if progress:
                progress(job.frames * uses[job])
        else:
            todo.append(job)
    pool: Executor
    if settings.workers > 1 and len(todo) > 1:
        pool = process_pool(settings.workers)
    else:
        pool = ThreadPoolExecutor(max_workers=1)
    groups: dict[str, list[GopJob]] = {}
    for job in todo:  # one task per picture family: each PNG is decoded once per task
        anchor = job.still or (job.blend[0] if job.blend else "")
        groups.setdefault(anchor.rsplit("-", 1)[0], []).append(job)
    with pool:
        futures = [(group, pool.submit(encode_gops, group, fps, gop, settings))
                   for group in groups.values()]
        meanwhile()
        for group, future in futures:
            for job, packets in zip(group, future.result(), strict=True):
                results[job] = packets
                if store is not None:
                    store.put(keys[job], _pack(packets))
                if progress:
                    progress(job.frames * uses[job])
    for job in wanted:
        if job not in results:
            results[job] = _prefix(results[base[job]], job, fps, gop, settings)
    return results


def _prefix(full: list[EncodedPacket], job: GopJob, fps: Fraction, gop: int,
            settings: EncodeSettings) -> list[EncodedPacket]:
    """The first job.frames packets of a full GOP, if they form a complete GOP themselves
    (they do for lengths 1 mod 3); otherwise an encode of their own."""
    head = full[:job.frames]
    if sorted(pts for _, pts, _, _ in head) == list(range(job.frames)):
        return head
    return encode_gop(job, fps, gop, settings)


def encode(images: SlideImages, timeline: Timeline, segments: tuple[Segment, ...],
           sound: EncodedAudio | Callable[[], EncodedAudio], out_path: Path,
           settings: EncodeSettings | None = None,
           progress: Callable[[int], None] | None = None,
           store: BlobStore | None = None, extras: Extras | None = None) -> Path:
    """Encode the video and mux the narration (and captions, chapters); returns out_path
    once it is complete.

    With a store, GOPs encoded before (same pictures, length and settings) are reused, so a
    re-render after an edit encodes only the pictures that changed. `sound` may be a function
    making the audio: it then runs here while worker processes encode the pictures."""
    settings = settings or EncodeSettings()
    fps = timeline.fps
    gop = settings.gop or gop_length(fps)
    placed = plan_jobs(segments, images, gop)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(f".{out_path.stem}.partial.mp4")
    try:
        audio: list[EncodedAudio] = []

        def make_audio() -> None:
            audio.append(sound if isinstance(sound, EncodedAudio) else sound())

        encoded = _encode_all([job for _, job in placed], images, fps, gop, settings, store,
                              progress, make_audio)
        video = [(start, encoded[job]) for start, job in placed]
        mux(video, audio[0], images.spec, timeline, partial, extras or Extras())
        partial.replace(out_path)
    except av.error.FFmpegError as exc:  # the message ends with the encoder's own last log
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise storage_error(OSError(exc.errno, str(exc), str(out_path)), out_path) from exc
        raise RenderError(f"encoding failed: {exc}") from exc
    except OSError as exc:
        raise storage_error(exc, out_path) from exc
    finally:
        partial.unlink(missing_ok=True)
    return out_path
