"""The benchmark baseline: the same slide images and narration stitched by plain MoviePy.

Exactly what issue 5 names: one `ImageClip` per slide state, holding for its span of the
timeline with its stretch of the narration as its audio, `concatenate_videoclips`, and
`write_videofile` with libx264 and AAC at MoviePy's defaults (no transitions). `make bench`
times it against render-video's own stitching in the same run.
"""

from __future__ import annotations

from pathlib import Path

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
        clips.append(clip.with_duration(end - start)
                     .with_audio(narration.subclipped(start, end)))
    video = concatenate_videoclips(clips)
    try:
        video.write_videofile(str(out_path), fps=float(fps), codec="libx264",
                              audio_codec="aac", logger=None)
    finally:
        video.close()
        narration.close()
    return out_path
