"""Media made for the bench and the tests (nothing is downloaded): pictures of gradients and
shapes, and clips of a bar crossing a gradient, with a tone."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def make_clip(
    path: Path,
    seconds: float = 3.0,
    size: tuple[int, int] = (320, 180),
    fps: int = 25,
    tone: float | None = 440.0,
) -> Path:
    """An H.264 clip whose bar crosses the frame from left to right (its x says the time),
    with an AAC sine tone when `tone` is given."""
    width, height = size
    frames = round(seconds * fps)
    with av.open(str(path), "w") as container:
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = container.add_stream("aac", rate=48000) if tone else None
        if audio is not None:
            audio.layout = "stereo"
        y, x = np.mgrid[0:height, 0:width]
        ground = np.stack(
            [x * 200 // width + 20, y * 150 // height + 40, np.full_like(x, 120)], -1
        ).astype(np.uint8)
        for i in range(frames):
            picture = ground.copy()
            left = round(i * (width - 20) / max(1, frames - 1))
            picture[:, left : left + 20] = (255, 255, 255)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                container.mux(packet)
        for packet in video.encode(None):
            container.mux(packet)
        if audio is not None and tone is not None:
            samples = round(seconds * 48000)
            t = np.arange(samples) / 48000
            wave = (0.3 * np.sin(2 * np.pi * tone * t)).astype(np.float32)
            stereo = np.stack([wave, wave])
            for start in range(0, samples, 1024):
                chunk = av.AudioFrame.from_ndarray(
                    np.ascontiguousarray(stereo[:, start : start + 1024]),
                    format="fltp",
                    layout="stereo",
                )
                chunk.sample_rate, chunk.pts = 48000, start
                for packet in audio.encode(chunk):
                    container.mux(packet)
            for packet in audio.encode(None):
                container.mux(packet)
    return path


def make_picture(path: Path, size: tuple[int, int] = (1920, 1080), seed: int = 0) -> Path:
    """A photo-like JPEG: a gradient with a few soft shapes."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = size
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    colours = rng.integers(30, 230, (2, 3))
    t = (x / width * 0.6 + y / height * 0.4)[..., None]
    picture = Image.fromarray((colours[0] * (1 - t) + colours[1] * t).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        cx, cy, r = rng.integers(0, width), rng.integers(0, height), rng.integers(60, 260)
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), fill=tuple(int(v) for v in rng.integers(40, 255, 3))
        )
    picture.filter(ImageFilter.GaussianBlur(2)).save(path, quality=90)
    return path
