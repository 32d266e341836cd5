"""Stage: slide images + visual segments + audio -> MP4: encode the planned GOPs, then mux.

Each distinct GOP (see planning.py) is encoded once, in worker processes (gop.py: libx264
through PyAV; a held picture is one I-frame and frames that repeat it), or found in the
store by its content; its packets are then muxed again and again with shifted timestamps.
Animated spans (slide transitions, bullet fade-ins) are blended frame by frame (the tests
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
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

from renderer.atomic import atomic_path
from renderer.encode import packets
from renderer.encode.aac import EncodedAudio
from renderer.encode.frames import Pictures
from renderer.encode.gop import (
    X264_PARAMS,
    EncodeSettings,
    GopJob,
    encode_gop,
    encode_gops,
    held_tail,
    is_prefix,
)
from renderer.encode.h264 import SLICE_ROWS
from renderer.encode.mux import Extras, mux
from renderer.encode.packets import Packet
from renderer.encode.planning import plan_jobs
from renderer.errors import RenderError, storage_error
from renderer.raster import SlideImages, save_picture
from renderer.raster.caption import CaptionOverlay
from renderer.raster.motion import Moving
from renderer.store import BlobStore, content_key
from renderer.timeline import Segment, Timeline
from renderer.workers import process_pool


def gop_key(
    job: GopJob,
    picture_keys: dict[str, str],
    fps: Fraction,
    gop: int,
    settings: EncodeSettings,
    tail: str = "",
) -> str:
    """Everything that changes a GOP's bytes: its pictures' content (not their paths), its
    length and place in its animation, the encoder and its settings (and for a held
    picture, the repeating frames spliced after it: `tail` is their digest)."""
    if job.motion is not None:
        assert job.still is not None
        pictures: list[object] = [picture_keys.get(job.still, job.still), *job.motion.key]
    elif job.still is not None:
        pictures = [picture_keys.get(job.still, job.still), tail]
    else:
        assert job.blend is not None
        a, b, dark = job.blend
        pictures = [picture_keys.get(a, a), picture_keys.get(b, b), dark]
    return content_key(
        kind="gop",
        av=av.__version__,
        crf=settings.crf,
        still_crf=settings.still_crf,
        preset=settings.preset,
        moving_preset=settings.moving_preset,
        x264=X264_PARAMS,
        fps=str(fps),
        gop=gop,
        pictures=pictures,
        first=job.first,
        frames=job.frames,
        total=job.total,
        packets=packets.FORMAT,
        **({"brief": True} if job.brief else {}),
    )


def _held_tail(
    images: SlideImages, fps: Fraction, gop: int, settings: EncodeSettings, store: BlobStore | None
) -> list[Packet] | None:
    """`held_tail` for this video's size, kept in the store (an empty blob: the check
    failed, held pictures are encoded whole)."""
    size = images.spec.width, images.spec.height
    key = content_key(
        kind="held-tail",
        av=av.__version__,
        still_crf=settings.still_crf,
        preset=settings.preset,
        x264=X264_PARAMS,
        fps=str(fps),
        gop=gop,
        size=size,
        packets=packets.FORMAT,
    )
    cached = store.get(key) if store is not None else None
    if cached is not None:
        return packets.unpack(cached) or None
    tail = held_tail(*size, fps, gop, settings)
    if store is not None:
        store.put(key, packets.pack(tail or []))
    return tail


TASK_JOBS = 48
"""At most this many GOPs a task: a family of many (a slide with karaoke captions) is shared
between the workers instead of keeping one busy while the other waits."""


def _encode_all(
    jobs: list[GopJob],
    images: SlideImages,
    fps: Fraction,
    gop: int,
    settings: EncodeSettings,
    store: BlobStore | None,
    progress: Callable[[int], None] | None,
    meanwhile: Callable[[], None] = lambda: None,
) -> dict[GopJob, list[Packet]]:
    """Every GOP the video needs (from the store, or encoded in worker processes); runs
    `meanwhile` in this process while the workers encode."""
    wanted = list(dict.fromkeys(jobs))
    uses = {job: 0 for job in wanted}
    for job in jobs:
        uses[job] += 1
    # a held picture's shorter GOPs are prefixes of its full one: encode the full one only
    base = {
        job: replace(job, frames=job.total)  # all else kept, its family too: each
        if job.still and job.motion is None and is_prefix(job.frames, job.total)
        else job
        for job in wanted
    }  # picture is then decoded by its own slide's task
    unique = list(dict.fromkeys(base.values()))
    for job in unique:
        uses.setdefault(job, 0)
    results: dict[GopJob, list[Packet]] = {}
    picture_keys = {
        str(path): key
        for row, keys_row in zip(images.paths, images.keys, strict=False)
        for path, key in zip(row, keys_row, strict=True)
    }
    tail = _held_tail(images, fps, gop, settings, store) if gop > 1 else None
    tail_id = hashlib.sha256(packets.pack(tail)).hexdigest()[:16] if tail else "encoded"
    keys = {
        job: gop_key(
            job,
            picture_keys,
            fps,
            gop,
            settings,
            f"{tail_id}:bands{SLICE_ROWS}" if job.still in images.overlays else tail_id,
        )
        for job in unique
    }
    todo = []
    for job in unique:
        cached = store.get(keys[job]) if store is not None else None
        if cached is not None:
            results[job] = packets.unpack(cached)
            if progress:
                progress(job.frames * uses[job])
        else:
            todo.append(job)
    pool: Executor
    if settings.workers > 1 and len(todo) > 1:
        pool = process_pool(settings.workers)
    else:
        pool = ThreadPoolExecutor(max_workers=1)
    families: dict[int, list[GopJob]] = {}
    for job in todo:  # one task per picture family: each picture is decoded once per task
        families.setdefault(job.family, []).append(job)
    groups = [
        family[i : i + TASK_JOBS]
        for family in families.values()
        for i in range(0, len(family), TASK_JOBS)
    ]
    with pool:
        futures = [
            (
                group,
                pool.submit(encode_gops, group, fps, gop, settings, tail, _overlays(group, images)),
            )
            for group in groups
        ]
        meanwhile()
        for group, future in futures:
            for job, encoded in zip(group, future.result(), strict=True):
                results[job] = encoded
                if store is not None:
                    store.put(keys[job], packets.pack(encoded))
                if progress:
                    progress(job.frames * uses[job])
    for job in wanted:
        if job not in results:
            results[job] = _prefix(
                results[base[job]], job, fps, gop, settings, Pictures(images.overlays)
            )
    return results


def _overlays(jobs: list[GopJob], images: SlideImages) -> dict[str, CaptionOverlay]:
    """The bands these jobs' pictures are made of (what a worker needs to load them)."""
    if not images.overlays:
        return {}
    paths = {
        path
        for job in jobs
        for path in ([job.still] if job.still else []) + (list(job.blend[:2]) if job.blend else [])
    }
    return {path: images.overlays[path] for path in paths if path in images.overlays}


def _prefix(
    full: list[Packet],
    job: GopJob,
    fps: Fraction,
    gop: int,
    settings: EncodeSettings,
    load: Pictures,
) -> list[Packet]:
    """The first job.frames packets of a full GOP, if they form a complete GOP themselves
    (they do for lengths 1 mod 3); otherwise an encode of their own."""
    head = full[: job.frames]
    if sorted(packet.pts for packet in head) == list(range(job.frames)):
        return head
    return encode_gop(job, fps, gop, settings, load)


def _motion_ends(
    images: SlideImages, motions: dict[int, Moving]
) -> tuple[SlideImages, dict[int, tuple[str, str]]]:
    """The first and last frames of every moving slide, as pictures beside its own (what
    transitions blend from and to); their content keys join the images' keys."""
    ends: dict[int, tuple[str, str]] = {}
    paths, keys = [list(row) for row in images.paths], [list(row) for row in images.keys]
    for slide, motion in motions.items():
        source = images.paths[slide][0]
        with Image.open(source) as image:
            base = np.asarray(image.convert("RGB"))
        pair = []
        for name, frame in zip(("first", "last"), motion.ends(base), strict=True):
            path = source.with_name(f"{source.stem}-{name}{source.suffix}")
            save_picture(Image.fromarray(frame), path)
            paths[slide].append(path)
            keys[slide].append(
                content_key(
                    kind="moving-end", base=images.keys[slide][0], motion=motion.key, end=name
                )
            )
            pair.append(str(path))
        ends[slide] = (pair[0], pair[1])
    moved = replace(  # the burned-in captions' overlays kept
        images, paths=tuple(tuple(row) for row in paths), keys=tuple(tuple(row) for row in keys)
    )
    return moved, ends


def encode(
    images: SlideImages,
    timeline: Timeline,
    segments: tuple[Segment, ...],
    sound: EncodedAudio | Callable[[], EncodedAudio],
    out_path: Path,
    settings: EncodeSettings,
    progress: Callable[[int], None] | None = None,
    store: BlobStore | None = None,
    extras: Extras | None = None,
    motions: dict[int, Moving] | None = None,
) -> Path:
    """Encode the video and mux the narration (and captions, chapters); returns out_path
    once it is complete.

    With a store, GOPs encoded before (same pictures, length and settings) are reused, so a
    re-render after an edit encodes only the pictures that changed. `sound` may be a function
    making the audio: it then runs here while worker processes encode the pictures.
    `motions` are the slides whose picture moves (their frames are drawn as they are
    encoded; transitions in and out of them start and end on their first and last frame)."""
    fps = timeline.fps
    gop = settings.gop
    images, ends = _motion_ends(images, motions or {})
    placed = plan_jobs(segments, images, gop, motions or {}, ends)
    try:
        audio: list[EncodedAudio] = []

        def make_audio() -> None:
            audio.append(sound if isinstance(sound, EncodedAudio) else sound())

        encoded = _encode_all(
            [job for _, job in placed], images, fps, gop, settings, store, progress, make_audio
        )
        video = [(start, encoded[job]) for start, job in placed]
        with atomic_path(out_path) as partial:
            mux(video, audio[0], images.spec, timeline, partial, extras or Extras())
    except av.error.FFmpegError as exc:  # the message ends with the encoder's own last log
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise storage_error(OSError(exc.errno, str(exc), str(out_path)), out_path) from exc
        raise RenderError(f"encoding failed: {exc}") from exc
    except OSError as exc:
        raise storage_error(exc, out_path) from exc
    return out_path
