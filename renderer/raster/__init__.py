"""Stage: Storyboard -> slide images, one PNG per reveal step of every slide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from renderer.config import VideoSpec
from renderer.errors import RenderError
from renderer.raster.canvas import Canvas, background
from renderer.raster.chrome import draw_chrome
from renderer.raster.painters import (
    complete,
    facts,
    flow,
    glossary,
    points,
    quiz,
    see_also,
    table,
    title,
)
from renderer.raster.text import Fonts
from renderer.storyboard import Slide, SlideKind, Storyboard
from renderer.theme import Theme

Painter = Callable[[Canvas, int], None]

PAINTERS: dict[SlideKind, Painter] = {
    SlideKind.TITLE: title.paint,
    SlideKind.FACTS: facts.paint,
    SlideKind.POINTS: points.paint,
    SlideKind.TABLE: table.paint,
    SlideKind.GLOSSARY: glossary.paint,
    SlideKind.FLOW: flow.paint,
    SlideKind.SEE_ALSO: see_also.paint,
    SlideKind.QUIZ: quiz.paint,
    SlideKind.COMPLETE: complete.paint,
}
"""The painter of each slide kind."""

NO_HEADER = {SlideKind.TITLE, SlideKind.COMPLETE}


@dataclass(frozen=True)
class SlideImages:
    """The rasterised slides: `paths[i][step]` is the PNG of slide i+1 at that reveal step."""

    paths: tuple[tuple[Path, ...], ...]
    spec: VideoSpec


def paint_slide(storyboard: Storyboard, slide: Slide, step: int, spec: VideoSpec,
                theme: Theme, inspect: Callable[[Canvas], None] | None = None) -> Image.Image:
    """Draw one reveal step of one slide; returns an RGB image of the frame size.

    `inspect`, if given, receives the finished canvas (tests read its placed text boxes).
    """
    painter = PAINTERS.get(slide.kind)
    if painter is None:
        raise RenderError(f"no painter for slide kind {slide.kind!r}")
    image = background(spec.width, spec.height, theme).copy()
    canvas = Canvas(image, spec, theme, Fonts(theme), storyboard, slide)
    draw_chrome(canvas, header=slide.kind not in NO_HEADER)
    painter(canvas, step)
    if inspect:
        inspect(canvas)
    return image.convert("RGB")


def rasterize(storyboard: Storyboard, spec: VideoSpec, theme: Theme, out_dir: Path,
              progress: Callable[[int], None] | None = None) -> SlideImages:
    """Draw every reveal step of every slide into out_dir as PNG files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[tuple[Path, ...]] = []
    for slide in storyboard.slides:
        steps = []
        for step in range(slide.steps):
            path = out_dir / f"slide-{slide.number:03d}-{step:02d}.png"
            image = paint_slide(storyboard, slide, step, spec, theme)
            tmp = path.with_suffix(".tmp.png")
            image.save(tmp, optimize=False, compress_level=1)
            tmp.replace(path)
            steps.append(path)
            if progress:
                progress(1)
        paths.append(tuple(steps))
    return SlideImages(tuple(paths), spec)
