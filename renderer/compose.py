"""Stage: slide images + visual segments + audio track -> MP4 (with gop.py, which encodes).

Almost every frame of an explainer repeats the one before, so the cost should follow the
number of distinct pictures, not the length of the video. Each held picture is encoded once
as a closed GOP (libx264 through PyAV, in worker processes: one I-frame and frames that
repeat it, see gop.py) and its packets are muxed again and again with shifted timestamps; a
remainder shorter than a GOP is a prefix of it. Animated spans (slide transitions, bullet
fade-ins) are blended frame by frame and encoded as their own short closed GOPs (the tests
check them against MoviePy's crossfade). The result is
an ordinary H.264 High / yuv420p stream with closed GOPs of half the frame rate and
2 B-frames, at a constant frame rate, with AAC 48 kHz stereo; it is written to a temporary
file beside the output and renamed only when complete.
"""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import av

from renderer.aac import EncodedAudio
from renderer.errors import RenderError, storage_error
from renderer.gop import (
    X264_PARAMS,
    EncodeSettings,
    GopJob,
    encode_gop,
    encode_gops,
    gop_length,
    held_tail,
    is_prefix,
    pack,
    unpack,
)
from renderer.mux import EncodedPacket, Extras, mux
from renderer.raster import SlideImages
from renderer.store import BlobStore, content_key
from renderer.timeline import Segment, Still, Timeline
from renderer.workers import process_pool

__all__ = ["EncodeSettings", "GopJob", "encode", "gop_length", "plan_jobs"]


def plan_jobs(segments: tuple[Segment, ...], images: SlideImages,
              gop: int) -> list[tuple[int, GopJob]]:
    """(start frame, job) for every GOP of the video, in order; equal jobs are shared."""
    placed: list[tuple[int, GopJob]] = []
    for segment in segments:
        if isinstance(segment, Still):
            path = str(images.paths[segment.slide][segment.step])
            start = segment.start
            for length in held_pieces(segment.frames, gop):
                placed.append((start, GopJob(path, None, 0, length, gop)))
                start += length
        else:
            a = str(images.paths[segment.a[0]][segment.a[1]])
            b = str(images.paths[segment.b[0]][segment.b[1]])
            first = 0
            for count in even_pieces(segment.frames, gop):
                placed.append((segment.start + first, GopJob(
                    None, (a, b, segment.through_black), segment.offset + first, count,
                    segment.whole)))
                first += count
    return placed


def held_pieces(frames: int, gop: int) -> list[int]:
    """Split a held picture's frames into GOP lengths, longest first.

    With 2 B-frames the decode order of a held picture's GOP is I0 P3 B1 B2 P6 B4 B5 ...,
    so its first n packets are themselves a complete closed GOP when n is 1 mod 3: such
    lengths (and the whole GOP) cost no encoding at all. A GOP of one frame is avoided:
    two IDR pictures in a row would both carry idr_pic_id 0, which H.264 forbids (7.4.3).
    Lengths nothing cheap adds up to (5, 6, 9 frames...) are encoded as GOPs of their own.
    """
    if frames <= gop:
        borrowed, head = frames, 0
    else:  # leave the last two whole GOPs to be split with the remainder
        head = max(0, frames // gop - 2)
        borrowed = frames - head * gop
    cheap = {n for n in range(2, gop + 1) if is_prefix(n, gop)}

    def cost(n: int) -> int:
        return 1 if n in cheap else 10 if n > 1 else 1000

    best: list[tuple[int, list[int]]] = [(0, [])]
    for total in range(1, borrowed + 1):
        best.append(min(((best[total - n][0] + cost(n), [n, *best[total - n][1]])
                         for n in range(1, min(gop, total) + 1)),
                        key=lambda option: (option[0], len(option[1]))))
    return [gop] * head + sorted(best[borrowed][1], reverse=True)


def even_pieces(frames: int, gop: int) -> list[int]:
    """Split an animation's frames into GOPs of nearly equal length (none of one frame
    where it can be helped: see `held_pieces`)."""
    count = -(-frames // gop)
    return [frames // count + (1 if i < frames % count else 0) for i in range(count)]


def gop_key(job: GopJob, picture_keys: dict[str, str], fps: Fraction, gop: int,
            settings: EncodeSettings, tail: str = "") -> str:
    """Everything that changes a GOP's bytes: its pictures' content (not their paths), its
    length and place in its animation, the encoder and its settings (and for a held
    picture, the repeating frames spliced after it: `tail` is their digest)."""
    if job.still is not None:
        pictures: list[object] = [picture_keys.get(job.still, job.still), tail]
    else:
        assert job.blend is not None
        a, b, dark = job.blend
        pictures = [picture_keys.get(a, a), picture_keys.get(b, b), dark]
    return content_key(kind="gop", av=av.__version__, crf=settings.crf,
                       still_crf=settings.still_crf, preset=settings.preset,
                       moving_preset=settings.moving_preset, x264=X264_PARAMS,
                       fps=str(fps), gop=gop, pictures=pictures, first=job.first,
                       frames=job.frames, total=job.total)


def _held_tail(images: SlideImages, fps: Fraction, gop: int, settings: EncodeSettings,
               store: BlobStore | None) -> list[EncodedPacket] | None:
    """`held_tail` for this video's size, kept in the store (an empty blob: the check
    failed, held pictures are encoded whole)."""
    size = images.spec.width, images.spec.height
    key = content_key(kind="held-tail", av=av.__version__, still_crf=settings.still_crf,
                      preset=settings.preset, x264=X264_PARAMS, fps=str(fps), gop=gop,
                      size=size)
    cached = store.get(key) if store is not None else None
    if cached is not None:
        return unpack(cached) or None
    tail = held_tail(*size, fps, gop, settings)
    if store is not None:
        store.put(key, pack(tail or []))
    return tail


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
    base = {job: GopJob(job.still, None, 0, job.total, job.total)
            if job.still and is_prefix(job.frames, job.total) else job for job in wanted}
    unique = list(dict.fromkeys(base.values()))
    for job in unique:
        uses.setdefault(job, 0)
    results: dict[GopJob, list[EncodedPacket]] = {}
    picture_keys = {str(path): key for row, keys_row in zip(images.paths, images.keys,
                                                            strict=False)
                    for path, key in zip(row, keys_row, strict=True)}
    tail = _held_tail(images, fps, gop, settings, store) if gop > 1 else None
    tail_id = hashlib.sha256(pack(tail)).hexdigest()[:16] if tail else "encoded"
    keys = {job: gop_key(job, picture_keys, fps, gop, settings, tail_id) for job in unique}
    todo = []
    for job in unique:
        cached = store.get(keys[job]) if store is not None else None
        if cached is not None:
            results[job] = unpack(cached)
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
        futures = [(group, pool.submit(encode_gops, group, fps, gop, settings, tail))
                   for group in groups.values()]
        meanwhile()
        for group, future in futures:
            for job, packets in zip(group, future.result(), strict=True):
                results[job] = packets
                if store is not None:
                    store.put(keys[job], pack(packets))
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
