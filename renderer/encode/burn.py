"""Encoding (optional): caption cues drawn into the pictures (`--burn-captions`).

The video stays a sequence of held pictures and short animations: every segment is cut where
a cue appears or goes, and each (slide state, cue) pair becomes one more picture, drawn once
and encoded once like any other. A caption over an animation is exact too: laying the same
caption over both ends of a blend gives the caption over the blend, since blending is linear.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from renderer.atomic import atomic_path
from renderer.outputs.captions import Caption
from renderer.raster import SlideImages
from renderer.raster.text import Fonts, TextStyle, Weight, draw_fitted, fit
from renderer.theme import Theme
from renderer.timeline import Blend, Segment, Still, Timeline


def _cue_frames(cues: list[Caption], timeline: Timeline) -> list[tuple[int, int, int]]:
    """(first frame, end frame, cue index) of every cue, on whole frames."""
    out = []
    for index, cue in enumerate(cues):
        first = math.ceil(cue.start * timeline.fps - 1e-6)
        end = max(first + 1, math.ceil(cue.end * timeline.fps - 1e-6))
        out.append((first, min(end, timeline.total_frames), index))
    return out


def _pieces(start: int, frames: int, spans: list[tuple[int, int, int]]
            ) -> list[tuple[int, int, int | None]]:
    """[start, start+frames) cut at cue edges: (start, frames, cue index or None)."""
    cuts = {start, start + frames}
    for first, end, _ in spans:
        for edge in (first, end):
            if start < edge < start + frames:
                cuts.add(edge)
    edges = sorted(cuts)
    out: list[tuple[int, int, int | None]] = []
    for a, b in itertools.pairwise(edges):
        showing = next((index for first, end, index in spans if first <= a < end), None)
        out.append((a, b - a, showing))
    return out


def caption_layer(cue: Caption, size: tuple[int, int], theme: Theme) -> tuple[Image.Image,
                                                                           tuple[int, int]]:
    """The cue as a translucent box with its lines, and where it goes on the frame."""
    width, height = size
    unit = min(size) / 1080
    style = TextStyle(Fonts(theme), round(40 * unit), Weight.SEMIBOLD, (255, 255, 255))
    fitted = fit("\n".join(cue.lines), style, width * 0.84, style.line_height * 2.2,
                 max_lines=2)
    pad_x, pad_y = 28 * unit, 14 * unit
    box_w = round(fitted.width + 2 * pad_x)
    box_h = round(len(fitted.lines) * fitted.style.line_height + 2 * pad_y)
    layer = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
    ImageDraw.Draw(layer).rounded_rectangle((0, 0, box_w - 1, box_h - 1), round(14 * unit),
                                            fill=(8, 8, 12, 190))
    draw_fitted(layer, (pad_x, pad_y, box_w - pad_x, box_h - pad_y), fitted, align="center")
    # above the progress bar, inside the title-safe area
    bottom = height * (0.86 if height > width else 0.865)
    return layer, (round((width - box_w) / 2), round(bottom - box_h))


def burn_captions(segments: tuple[Segment, ...], images: SlideImages, cues: list[Caption],
                  timeline: Timeline, theme: Theme, folder: Path,
                  progress: Callable[[int], None] | None = None
                  ) -> tuple[tuple[Segment, ...], SlideImages]:
    """Segments and pictures with the captions in them."""
    spans = _cue_frames(cues, timeline)
    paths = [list(row) for row in images.paths]
    keys = [list(row) for row in images.keys] if images.keys else \
        [[str(p) for p in row] for row in images.paths]
    made: dict[tuple[int, int, int], tuple[int, int]] = {}
    layers: dict[int, tuple[Image.Image, tuple[int, int]]] = {}
    folder.mkdir(parents=True, exist_ok=True)

    def captioned(picture: tuple[int, int], cue: int | None) -> tuple[int, int]:
        if cue is None:
            return picture
        slide, step = picture
        if (slide, step, cue) not in made:
            if cue not in layers:
                layers[cue] = caption_layer(cues[cue], (images.spec.width, images.spec.height),
                                            theme)
            layer, at = layers[cue]
            with Image.open(paths[slide][step]) as base:
                frame = base.convert("RGBA")
            frame.alpha_composite(layer, at)
            key = hashlib.sha256(f"{keys[slide][step]}|{cues[cue].lines}|{at}".encode())
            path = folder / f"s{slide:02d}-{step:02d}-c{cue:04d}.png"
            with atomic_path(path, durable=False) as tmp:
                frame.convert("RGB").save(tmp, compress_level=1)
            paths[slide].append(path)
            keys[slide].append(key.hexdigest())
            made[(slide, step, cue)] = (slide, len(paths[slide]) - 1)
            if progress:
                progress(1)
        return made[(slide, step, cue)]

    out: list[Segment] = []
    for segment in segments:
        for start, frames, cue in _pieces(segment.start, segment.frames, spans):
            if isinstance(segment, Still):
                slide, step = captioned((segment.slide, segment.step), cue)
                out.append(Still(slide, step, start, frames))
            else:
                out.append(Blend(captioned(segment.a, cue), captioned(segment.b, cue), start,
                                 frames, segment.through_black,
                                 segment.offset + start - segment.start, segment.whole))
    burned = SlideImages(tuple(tuple(row) for row in paths), images.spec,
                         tuple(tuple(row) for row in keys))
    return tuple(out), burned
