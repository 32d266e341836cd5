"""Stage: slide images + visual segments + audio track -> MP4. The only module that encodes.

Almost every frame of an explainer repeats the one before, so the cost should follow the
number of distinct pictures, not the length of the video. Each held picture is encoded once
as a closed GOP (libx264 through PyAV, in worker processes) and its packets are muxed again
and again with shifted timestamps; a remainder shorter than a GOP is its own closed GOP.
Animated spans (slide transitions, bullet fade-ins) are drawn by MoviePy, which composes
the two pictures with its crossfade/fade effects, and encoded frame by frame. The result is
an ordinary H.264 High / yuv420p stream with closed GOPs of half the frame rate and
2 B-frames, at a constant frame rate, with AAC 48 kHz stereo; it is written to a temporary
file beside the output and renamed only when complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

from renderer.audio import AudioTrack
from renderer.errors import RenderError
from renderer.raster import SlideImages
from renderer.timeline import Segment, Still, Timeline

EncodedPacket = tuple[bytes, int, int, bool]
"""Packet data, pts and dts in frames (relative to its GOP's first frame), keyframe flag."""


@dataclass(frozen=True)
class EncodeSettings:
    """Encoder knobs (everything that changes the encoded bytes)."""

    crf: int = 20
    preset: str = "veryfast"
    audio_bitrate: int = 192_000
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
            for k in range(full):
                placed.append((segment.start + k * gop, GopJob(path, None, 0, gop, gop)))
            if rest:
                placed.append((segment.start + full * gop, GopJob(path, None, 0, rest, rest)))
        else:
            a = str(images.paths[segment.a[0]][segment.a[1]])
            b = str(images.paths[segment.b[0]][segment.b[1]])
            for first in range(0, segment.frames, gop):
                count = min(gop, segment.frames - first)
                placed.append((segment.start + first, GopJob(
                    None, (a, b, segment.through_black), first, count, segment.frames)))
    return placed


def blend_frames(a: np.ndarray, b: np.ndarray, first: int, count: int, total: int,
                 through_black: bool, fps: Fraction) -> list[np.ndarray]:
    """Frames [first, first+count) of a MoviePy crossfade (or dip to black) from a to b.

    Frame i of the animation shows b at opacity (i + 1) / (total + 1).
    """
    from moviepy import ImageClip, concatenate_videoclips, vfx
    from moviepy.video.compositing.CompositeVideoClip import CompositeVideoClip

    duration = float(total / fps)
    if through_black:
        half = duration / 2
        clip = concatenate_videoclips([
            ImageClip(a).with_duration(half).with_effects([vfx.FadeOut(half)]),
            ImageClip(b).with_duration(half).with_effects([vfx.FadeIn(half)]),
        ])
    else:
        clip = CompositeVideoClip([
            ImageClip(a).with_duration(duration),
            ImageClip(b).with_duration(duration).with_effects([vfx.CrossFadeIn(duration)]),
        ])
    times = [duration * (i + 1) / (total + 1) for i in range(first, first + count)]
    frames = [np.asarray(clip.get_frame(t), dtype=np.uint8) for t in times]
    clip.close()
    return frames


def _encoder(width: int, height: int, fps: Fraction, gop: int,
             settings: EncodeSettings) -> av.VideoCodecContext:
    codec = av.CodecContext.create("libx264", "w")
    assert isinstance(codec, av.VideoCodecContext)
    codec.width, codec.height, codec.pix_fmt = width, height, "yuv420p"
    codec.time_base = 1 / fps
    codec.framerate = fps
    codec.thread_count = 1
    codec.options = {
        "preset": settings.preset, "crf": str(settings.crf), "tune": "stillimage",
        "profile": "high",
        "x264-params": f"keyint={gop}:min-keyint={gop}:scenecut=0:open-gop=0:bframes=2:"
                       "b-adapt=0:b-pyramid=none:repeat-headers=1:cabac=1",
    }
    return codec


def _load(path: str) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def encode_gop(job: GopJob, fps: Fraction, gop: int, settings: EncodeSettings
               ) -> list[EncodedPacket]:
    """Encode one closed GOP; runs in a worker process."""
    if job.still is not None:
        pictures = [_load(job.still)]
    else:
        assert job.blend is not None
        a, b, dark = job.blend
        pictures = blend_frames(_load(a), _load(b), job.first, job.frames, job.total, dark, fps)
    height, width = pictures[0].shape[:2]
    codec = _encoder(width, height, fps, gop, settings)
    frames = [av.VideoFrame.from_ndarray(p, format="rgb24").reformat(format="yuv420p")
              for p in pictures]
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


def _encode_all(jobs: list[GopJob], fps: Fraction, gop: int, settings: EncodeSettings,
                progress: Callable[[int], None] | None) -> dict[GopJob, list[EncodedPacket]]:
    unique = list(dict.fromkeys(jobs))
    results: dict[GopJob, list[EncodedPacket]] = {}
    pool: Executor
    if settings.workers > 1 and len(unique) > 1:
        pool = ProcessPoolExecutor(max_workers=settings.workers)
    else:
        pool = ThreadPoolExecutor(max_workers=1)
    with pool:
        futures = {job: pool.submit(encode_gop, job, fps, gop, settings) for job in unique}
        for job, future in futures.items():
            results[job] = future.result()
            if progress:
                progress(job.frames * jobs.count(job))
    return results


AAC_PRIMING = 1024
"""Samples of encoder delay FFmpeg's AAC encoder puts before the audio. Without an edit list
(YouTube asks for none) players play them, so the same number of samples is dropped from
the start of the track (the silent lead-in of the first slide) to keep speech on its frame."""


def _audio_packets(track: AudioTrack, stream: av.audio.stream.AudioStream
                   ) -> Iterator[av.Packet]:
    with av.open(str(track.path)) as source:
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=track.sample_rate)
        fifo = av.AudioFifo()
        skip = AAC_PRIMING
        for frame in source.decode(audio=0):
            for converted in resampler.resample(frame):
                converted.pts = None
                fifo.write(converted)
            if skip and fifo.samples >= skip:
                fifo.read(skip)
                skip = 0
            while fifo.samples >= 1024:
                yield from stream.encode(fifo.read(1024))
        if fifo.samples:
            yield from stream.encode(fifo.read())
        yield from stream.encode(None)


def encode(images: SlideImages, timeline: Timeline, segments: tuple[Segment, ...],
           audio: AudioTrack, out_path: Path, settings: EncodeSettings | None = None,
           progress: Callable[[int], None] | None = None) -> Path:
    """Encode the video and mux the narration; returns out_path once it is complete."""
    settings = settings or EncodeSettings()
    fps = timeline.fps
    gop = gop_length(fps)
    placed = plan_jobs(segments, images, gop)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(f".{out_path.stem}.partial.mp4")
    try:
        encoded = _encode_all([job for _, job in placed], fps, gop, settings, progress)
        _mux(placed, encoded, images, timeline, audio, partial, settings)
        partial.replace(out_path)
    except (OSError, av.error.FFmpegError) as exc:
        raise RenderError(f"encoding failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return out_path


def _mux(placed: list[tuple[int, GopJob]], encoded: dict[GopJob, list[EncodedPacket]],
         images: SlideImages, timeline: Timeline, audio: AudioTrack, path: Path,
         settings: EncodeSettings) -> None:
    fps = timeline.fps
    tick = fps.denominator * 512
    time_base = Fraction(1, fps.numerator * 512)  # 1/15360 at 30 fps
    # moov first (faststart), no edit lists, and B-frame reordering expressed with negative
    # composition offsets so that the first frame is shown at 0.000 like the audio.
    options = {"movflags": "+faststart+negative_cts_offsets", "use_editlist": "0"}
    with av.open(str(path), "w", format="mp4", options=options) as container:
        video = container.add_mux_stream("h264", rate=fps, width=images.spec.width,
                                         height=images.spec.height, time_base=time_base)
        sound = container.add_stream("aac", rate=audio.sample_rate)
        assert isinstance(sound, av.audio.stream.AudioStream)
        sound.layout = "stereo"
        sound.bit_rate = settings.audio_bitrate
        audio_packets = _audio_packets(audio, sound)
        pending = next(audio_packets, None)
        for start, job in placed:
            for data, pts, dts, key in encoded[job]:
                packet = av.Packet(data)
                packet.stream = video
                packet.time_base = time_base
                packet.pts = (start + pts) * tick
                packet.dts = (start + dts) * tick
                packet.is_keyframe = key
                container.mux(packet)
            horizon = float((start + job.frames) / fps)
            while pending is not None and pending.pts is not None and \
                    float(pending.pts * pending.time_base) < horizon:
                container.mux(pending)
                pending = next(audio_packets, None)
        while pending is not None:
            container.mux(pending)
            pending = next(audio_packets, None)
