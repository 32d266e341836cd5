"""The benchmark baseline: the same slide images and narration stitched by plain MoviePy.

Exactly what issue 5 names: one `ImageClip` per slide state, holding for its span of the
timeline with its stretch of the narration as its audio, `concatenate_videoclips`, and
`write_videofile` with libx264 and AAC at MoviePy's defaults (no transitions). `make bench`
times it against render-video's own stitching in the same run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from renderer.audio import AudioTrack
from renderer.config import Transition
from renderer.raster import SlideImages
from renderer.timeline import Still, Timeline, visual_segments


def encode(images: SlideImages, timeline: Timeline, audio: AudioTrack, out_path: Path) -> Path:
    """Stitch with plain MoviePy; returns out_path."""
    from moviepy import AudioFileClip, ImageClip, concatenate_videoclips

    fps = timeline.fps
    narration = AudioFileClip(str(audio.path))
    clips = []
    for segment in visual_segments(timeline, Transition.NONE, reveal_fade=0):
        assert isinstance(segment, Still)
        start = float(segment.start / fps)
        end = min(float((segment.start + segment.frames) / fps), narration.duration)
        clip = ImageClip(str(images.paths[segment.slide][segment.step]))
        clips.append(clip.with_duration(end - start).with_audio(narration.subclipped(start, end)))
    return _write(concatenate_videoclips(clips), out_path, float(fps), [narration])


def _write(video: Any, out_path: Path, fps: float, sources: list[Any]) -> Path:
    """`write_videofile` at MoviePy's defaults (libx264, AAC), then close every reader."""
    try:
        video.write_videofile(
            str(out_path), fps=fps, codec="libx264", audio_codec="aac", logger=None
        )
    finally:
        video.close()
        for source in sources:
            source.close()
    return out_path


def encode_media(
    images: SlideImages,
    timeline: Timeline,
    audio: AudioTrack,
    out_path: Path,
    moving: dict[int, object],
) -> Path:
    """The media article stitched by plain MoviePy: held pictures as `ImageClip`s, a moving
    picture as an `ImageClip` resized at every frame (`resized(lambda t: ...)`) composited
    over its slide, a clip as a `VideoFileClip` resized into its box and composited over its
    slide; `concatenate_videoclips`, `write_videofile`. `moving` is render-video's own map of
    moving slides (`raster.motion.moving_slides`), for where each picture and clip sits."""
    from moviepy import (
        AudioFileClip,
        CompositeVideoClip,
        ImageClip,
        VideoFileClip,
        concatenate_videoclips,
    )
    from PIL import Image

    from renderer.raster.clips import ClipSpec
    from renderer.raster.motion import ZOOM, MotionSpec

    fps = timeline.fps
    frame = (images.spec.width, images.spec.height)
    narration = AudioFileClip(str(audio.path))
    clips, readers = [], []
    for segment in visual_segments(timeline, Transition.NONE, reveal_fade=0):
        assert isinstance(segment, Still)
        start = float(segment.start / fps)
        end = min(float((segment.start + segment.frames) / fps), narration.duration)
        length = end - start
        slide = ImageClip(str(images.paths[segment.slide][segment.step])).with_duration(length)
        spec = moving.get(segment.slide)
        if isinstance(spec, MotionSpec):
            x0, y0, x1, y1 = spec.box
            with Image.open(spec.picture) as opened:
                fitted = opened.convert("RGB").resize((x1 - x0, y1 - y0))
            picture = ImageClip(np.asarray(fitted))
            grow = picture.with_duration(length).resized(lambda t, span=length: 1 + ZOOM * t / span)
            centre = ((x0 + x1) / 2, (y0 + y1) / 2)
            slide = CompositeVideoClip(
                [
                    slide,
                    grow.with_position(
                        lambda t, span=length, c=centre, w=x1 - x0, h=y1 - y0: (
                            c[0] - w * (1 + ZOOM * t / span) / 2,
                            c[1] - h * (1 + ZOOM * t / span) / 2,
                        )
                    ),
                ],
                size=frame,
            )
        elif isinstance(spec, ClipSpec):
            x0, y0, x1, y1 = spec.box
            reader = VideoFileClip(spec.clip, audio=False)
            readers.append(reader)
            playing = reader.subclipped(
                spec.start, min(reader.duration, spec.start + min(spec.length, length))
            )
            slide = CompositeVideoClip(
                [slide, playing.resized((x1 - x0, y1 - y0)).with_position((x0, y0))], size=frame
            )
        clips.append(slide.with_duration(length).with_audio(narration.subclipped(start, end)))
    return _write(concatenate_videoclips(clips), out_path, float(fps), [narration, *readers])
