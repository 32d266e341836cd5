"""What the web pages are told: the render's timeline as plain data (`page_data`).

Everything the player shows comes from the same timeline as the MP4: which picture is on
screen at each frame (`segments`, the encoder's held pictures and animations), when each
slide and reveal step starts, the caption cues with their words' times, and the chapters.
The pages read it as JSON embedded in them, so they work from `file://` with no server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from renderer.outputs.captions import Caption
from renderer.outputs.chapters import Chapter
from renderer.raster.bidi import is_rtl_language
from renderer.storyboard_model import Storyboard
from renderer.timeline import Blend, Segment, Timeline
from renderer.web.words import words


@dataclass(frozen=True)
class PageInputs:
    """What a web export is made from (all of it from the render's own stages)."""

    storyboard: Storyboard
    timeline: Timeline
    segments: tuple[Segment, ...]
    captions: list[Caption]
    chapters: list[Chapter]
    narrator: str
    """The voice's name, as the title screen shows it."""
    images: tuple[tuple[str, ...], ...]
    """Relative path of each slide state's picture in the export: [slide][step]."""
    audio: str
    """Relative path of the narration track."""
    size: tuple[int, int]


def page_data(made: PageInputs) -> dict[str, Any]:
    """The timeline as the pages read it (times in frames where the MP4 has frames)."""
    board, timeline = made.storyboard, made.timeline
    flat = [path for row in made.images for path in row]
    index: dict[tuple[int, int], int] = {}
    for slide, row in enumerate(made.images):
        for step in range(len(row)):
            index[(slide, step)] = len(index)
    steps: dict[int, list[dict[str, Any]]] = {}
    for span in timeline.spans:
        steps.setdefault(span.slide, []).append(
            {"image": index[(span.slide, span.step)], "start": span.start}
        )
    slides = [
        {
            "number": slide.number,
            "title": slide.title,
            "label": slide.label,
            "notes": slide.notes or slide.narration,
            "steps": steps.get(i, []),
            "start": timeline.slide_starts[i],
        }
        for i, slide in enumerate(board.slides)
    ]
    return {
        "title": board.title,
        "slug": board.slug,
        "byline": board.byline,
        "voice": made.narrator,
        "language": board.language,
        "size": list(made.size),
        "fps": [timeline.fps.numerator, timeline.fps.denominator],
        "frames": timeline.total_frames,
        "audio": made.audio,
        "images": flat,
        "slides": slides,
        "segments": [_segment(segment, index) for segment in made.segments],
        "cues": [
            {
                "start": cue.start,
                "end": cue.end,
                "lines": list(cue.lines),
                "words": [[w.text, w.start, w.end] for w in cue.words],
            }
            for cue in made.captions
        ],
        "chapters": [
            {"title": c.title, "start": c.start, "stamp": c.stamp}
            for c in made.chapters or _slide_chapters(board, timeline)
        ],
        "phrases": words(board.language),  # the pages' own words
        "direction": direction(board.language),
    }


def direction(language: str) -> str:
    """The page's `dir` for a BCP-47 tag: "rtl" for a right-to-left language or script."""
    return "rtl" if is_rtl_language(language) else "ltr"


def _slide_chapters(board: Storyboard, timeline: Timeline) -> list[Chapter]:
    """One chapter a slide, for a video too short for the upload's chapters."""
    ends = [*timeline.slide_starts[1:], timeline.total_frames]
    return [
        Chapter(float(start / timeline.fps), float(end / timeline.fps), slide.title)
        for slide, start, end in zip(board.slides, timeline.slide_starts, ends, strict=True)
    ]


def _segment(segment: Segment, index: dict[tuple[int, int], int]) -> list[int]:
    """[first frame, frames, picture, picture blended to or -1, through black, frames of
    the whole animation before this part, the whole animation's frames]."""
    if isinstance(segment, Blend):
        return [
            segment.start,
            segment.frames,
            index[segment.a],
            index[segment.b],
            int(segment.through_black),
            segment.offset,
            segment.whole,
        ]
    return [segment.start, segment.frames, index[(segment.slide, segment.step)], -1, 0, 0, 0]


def embedded_json(data: dict[str, Any]) -> str:
    """JSON safe inside a `<script type="application/json">` element: no `<`, `>` or `&`
    survives as such (so no text of the article can close the element), nor U+2028/9."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text
