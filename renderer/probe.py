"""Facts about a media file, read with PyAV (imageio-ffmpeg ships no ffprobe)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av


@dataclass(frozen=True)
class MediaInfo:
    """What a player or platform sees in a file."""

    video_codec: str | None
    width: int
    height: int
    pix_fmt: str | None
    fps: Fraction | None
    frames: int
    video_seconds: float
    audio_codec: str | None
    sample_rate: int
    channels: int
    audio_seconds: float


def probe(path: Path, count_frames: bool = True) -> MediaInfo:
    """Read stream facts; with count_frames, frames are counted by demuxing packets."""
    with av.open(str(path)) as container:
        video = next(iter(container.streams.video), None)
        audio = next(iter(container.streams.audio), None)
        frames = 0
        video_seconds = audio_seconds = 0.0
        if video is not None:
            frames = video.frames
            if count_frames or not frames:
                frames = sum(1 for p in container.demux(video) if p.size)
            if video.duration is not None and video.time_base is not None:
                video_seconds = float(video.duration * video.time_base)
        if audio is not None and audio.duration is not None and audio.time_base is not None:
            audio_seconds = float(audio.duration * audio.time_base)
        return MediaInfo(
            video_codec=video.codec_context.name if video else None,
            width=video.codec_context.width if video else 0,
            height=video.codec_context.height if video else 0,
            pix_fmt=video.codec_context.pix_fmt if video else None,
            fps=Fraction(video.average_rate) if video and video.average_rate else None,
            frames=frames,
            video_seconds=video_seconds,
            audio_codec=audio.codec_context.name if audio else None,
            sample_rate=audio.codec_context.sample_rate if audio else 0,
            channels=audio.codec_context.channels if audio else 0,
            audio_seconds=audio_seconds,
        )
