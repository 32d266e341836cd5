"""The benchmark baseline: the same slide images and narration stitched by plain MoviePy.

This was the composition path of render-video 0.1 (issue 2): MoviePy pipes every frame to
ffmpeg. `make bench` times it against renderer.compose in the same run.
"""

from __future__ import annotations

import bisect
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np
import proglog
from PIL import Image

from renderer.audio import AudioTrack
from renderer.errors import RenderError
from renderer.raster import SlideImages
from renderer.timeline import Timeline


@dataclass(frozen=True)
class EncodeSettings:
    """Encoder knobs."""

    crf: int = 20
    preset: str = "veryfast"
    audio_bitrate: str = "192k"
    threads: int = max(1, os.cpu_count() or 1)


class _ProgressLogger(proglog.ProgressBarLogger):
    """Forwards MoviePy's frame counter to a callback(frames_done)."""

    def __init__(self, callback: Callable[[int], None]) -> None:
        super().__init__()
        self._callback = callback

    def bars_callback(self, bar: str, attr: str, value: Any, old_value: Any = None) -> None:
        if bar == "frame_index" and attr == "index":
            self._callback(int(value) + 1)


class _FrameSource:
    """Frame index -> image of the step on screen; keeps only the current image in memory."""

    def __init__(self, images: SlideImages, timeline: Timeline) -> None:
        self.starts = [span.start for span in timeline.spans]
        self.paths = [images.paths[span.slide][span.step] for span in timeline.spans]
        self.timeline = timeline
        self._current: tuple[int, np.ndarray] | None = None

    def frame(self, t: float) -> np.ndarray:
        index = min(round(t * self.timeline.fps), self.timeline.total_frames - 1)
        span = bisect.bisect_right(self.starts, index) - 1
        if self._current is None or self._current[0] != span:
            with Image.open(self.paths[span]) as image:
                self._current = (span, np.asarray(image.convert("RGB")))
        return self._current[1]


def encode(images: SlideImages, timeline: Timeline, audio: AudioTrack, out_path: Path,
           settings: EncodeSettings | None = None,
           progress: Callable[[int], None] | None = None) -> Path:
    """Encode the video and mux the narration; returns out_path once it is complete."""
    from moviepy import VideoClip

    settings = settings or EncodeSettings()
    fps = timeline.fps
    source = _FrameSource(images, timeline)
    # MoviePy writes int(duration * fps) frames; half a frame of slack makes that exact.
    duration = float((timeline.total_frames + Fraction(1, 2)) / fps)
    clip = VideoClip(frame_function=source.frame, duration=duration)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    video_tmp = out_path.with_name(f".{out_path.stem}.video.mp4")
    final_tmp = out_path.with_name(f".{out_path.stem}.partial.mp4")
    logger: Any = _ProgressLogger(progress) if progress else None
    try:
        clip.write_videofile(
            str(video_tmp), fps=float(fps), codec="libx264", audio=False,
            preset=settings.preset, threads=settings.threads, logger=logger,
            ffmpeg_params=["-crf", str(settings.crf), "-tune", "stillimage",
                           "-profile:v", "high", "-r", _rate(fps)],
        )
        _mux(video_tmp, audio.path, final_tmp, settings)
        final_tmp.replace(out_path)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RenderError(f"encoding failed: {_tail(exc)}") from exc
    finally:
        clip.close()
        for leftover in (video_tmp, final_tmp):
            leftover.unlink(missing_ok=True)
    return out_path





def _rate(fps: Fraction) -> str:
    return f"{fps.numerator}/{fps.denominator}"


def _mux(video: Path, audio: Path, out: Path, settings: EncodeSettings) -> None:
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-nostdin",
        "-i", str(video), "-i", str(audio),
        "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy",
        "-c:a", "aac", "-b:a", settings.audio_bitrate, "-ar", "48000", "-ac", "2",
        "-movflags", "+faststart", "-f", "mp4", str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)


def _tail(exc: BaseException) -> str:
    stderr = getattr(exc, "stderr", None)
    if isinstance(stderr, bytes) and stderr.strip():
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        return " | ".join(lines[-5:])
    return str(exc)
