"""Stage: Storyboard -> slide images, one picture file per reveal step of every slide.

A render's pictures pass from stage to stage (and into the cache) as TIFF with deflate: PNG's
per-row filters cost 36 ms a 1080p picture to write and 20 ms to read, TIFF 24 ms and 8 ms,
in 35% fewer bytes (docs/benchmarks.md). Pictures for people (`preview`) are PNG."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from renderer.atomic import atomic_path, write_bytes
from renderer.config import VideoSpec
from renderer.errors import RenderError
from renderer.raster.bidi import is_rtl_language
from renderer.raster.canvas import Canvas, background
from renderer.raster.caption import CaptionOverlay
from renderer.raster.chrome import draw_chrome
from renderer.raster.painters import (
    code,
    complete,
    facts,
    flow,
    glossary,
    image,
    points,
    quiz,
    see_also,
    table,
    title,
    video,
)
from renderer.raster.text import Fonts
from renderer.store import BlobStore, content_key
from renderer.storyboard_model import Slide, SlideKind, Storyboard
from renderer.theme import Theme
from renderer.workers import process_pool

Painter = Callable[[Canvas, int], None]

PAINTERS: dict[SlideKind, Painter] = {
    SlideKind.TITLE: title.paint,
    SlideKind.FACTS: facts.paint,
    SlideKind.POINTS: points.paint,
    SlideKind.TABLE: table.paint,
    SlideKind.GLOSSARY: glossary.paint,
    SlideKind.FLOW: flow.paint,
    SlideKind.IMAGE: image.paint,
    SlideKind.CODE: code.paint,
    SlideKind.VIDEO: video.paint,
    SlideKind.SEE_ALSO: see_also.paint,
    SlideKind.QUIZ: quiz.paint,
    SlideKind.COMPLETE: complete.paint,
}
"""The painter of each slide kind."""

NO_HEADER = {SlideKind.TITLE, SlideKind.COMPLETE}

SCRATCH_SUFFIX = ".tif"
"""The render's own pictures (`save_picture`)."""


def save_picture(image: Image.Image, path: Path) -> None:
    """Write a picture whole (atomically): TIFF with deflate for a `.tif` path (the render's
    own pictures), else PNG at the fastest level."""
    with atomic_path(path, durable=False) as tmp:
        if path.suffix == SCRATCH_SUFFIX:
            image.save(tmp, format="TIFF", compression="tiff_deflate")
        else:
            image.save(tmp, format="PNG", optimize=False, compress_level=1)


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlideImages:
    """The rasterised slides: `paths[i][step]` is the picture file (TIFF; PNG for
    `preview`) of slide i+1 at that reveal step."""

    paths: tuple[tuple[Path, ...], ...]
    spec: VideoSpec
    keys: tuple[tuple[str, ...], ...] = ()
    """Content address of each picture (same shape as paths; what encoded GOPs key on)."""
    overlays: Mapping[str, CaptionOverlay] = field(default_factory=dict)
    """Pictures drawn as they are encoded (burned-in captions): name -> the caption state
    and the picture it lies over."""


def drawn_language(language: str) -> str | None:
    """The language, where it changes how the same text is drawn: right to left, Urdu's
    Nastaliq, each CJK language's forms of the same characters (None elsewhere, so the
    pictures of other languages keep the keys they had)."""
    primary = language.lower().split("-")[0]
    return language.lower() if is_rtl_language(language) or primary in CJK_FORMS else None


CJK_FORMS = frozenset({"zh", "ja", "ko"})


def slide_key(
    storyboard: Storyboard,
    slide: Slide,
    step: int,
    spec: VideoSpec,
    theme: Theme,
    suffix: str = SCRATCH_SUFFIX,
) -> str:
    """Everything that changes one slide picture: its content, the chrome, theme and size
    (and its file's kind), and the language where it changes how the same text is drawn."""
    look = theme.picture_fields()
    size: list[object] = [spec.width, spec.height, *(["caption-band"] if spec.caption_band else [])]
    drawn = drawn_language(storyboard.language)
    return content_key(
        kind="slide",
        **({"drawn": drawn} if drawn else {}),
        theme=look,
        size=size,
        chrome=[storyboard.byline, storyboard.total],  # what the chrome draws
        slide=repr(slide.body),
        label=slide.label,
        title=slide.title,
        icons=slide.icons,
        number=slide.number,
        steps=slide.steps,
        step=step,
        media=[m.digest for m in slide.media],
        **({"words": slide.words} if slide.words else {}),  # other slides keep their keys
        file=suffix,
    )


def paint_slide(
    storyboard: Storyboard,
    slide: Slide,
    step: int,
    spec: VideoSpec,
    theme: Theme,
    inspect: Callable[[Canvas], None] | None = None,
) -> Image.Image:
    """Draw one reveal step of one slide; returns an RGB image of the frame size.

    `inspect`, if given, receives the finished canvas (tests read its placed text boxes).
    """
    painter = PAINTERS.get(slide.kind)
    if painter is None:
        raise RenderError(f"no painter for slide kind {slide.kind!r}")
    image = background(spec.width, spec.height, theme).copy()
    canvas = Canvas(image, spec, theme, Fonts(theme, storyboard.language), storyboard, slide)
    draw_chrome(
        canvas,
        header=slide.kind not in NO_HEADER
        and not (  # phone: the quiz's
            spec.vertical and slide.kind is SlideKind.QUIZ
        ),
    )  # title is its pill, for room
    painter(canvas, step)
    if inspect:
        inspect(canvas)
    return canvas.finish().convert("RGB")


def cut_short(canvas: Canvas) -> list[str]:
    """The texts of a painted slide that did not fit their boxes and end in "…"."""
    return [" ".join(fitted.lines) for _, fitted in canvas.placed if fitted.ellipsized]


def _paint_to_file(
    storyboard: Storyboard,
    index: int,
    steps: tuple[int, ...],
    spec: VideoSpec,
    theme: Theme,
    paths: tuple[Path, ...],
) -> list[str]:
    """Worker: draw some reveal steps of one slide into picture files; returns the texts that
    had to be cut short with "…" (the render warns about them)."""
    slide = storyboard.slides[index]
    cut: list[str] = []
    for step, path in zip(steps, paths, strict=True):
        image = paint_slide(
            storyboard,
            slide,
            step,
            spec,
            theme,
            inspect=lambda canvas: cut.extend(cut_short(canvas)),
        )
        save_picture(image, path)
    return list(dict.fromkeys(cut))


def rasterize(
    storyboard: Storyboard,
    spec: VideoSpec,
    theme: Theme,
    out_dir: Path,
    progress: Callable[[int], None] | None = None,
    store: BlobStore | None = None,
    workers: int = 1,
    suffix: str = SCRATCH_SUFFIX,
) -> SlideImages:
    """Draw every reveal step of every slide into out_dir as picture files (`suffix`:
    ".png" for pictures people look at; see `save_picture`).

    Pictures found in the store (same content, theme and size) are reused; the rest are drawn
    by `workers` processes, one slide per task.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = tuple(
        tuple(
            out_dir / f"slide-{slide.number:03d}-{step:02d}{suffix}" for step in range(slide.steps)
        )
        for slide in storyboard.slides
    )
    keys = tuple(
        tuple(
            slide_key(storyboard, slide, step, spec, theme, suffix) for step in range(slide.steps)
        )
        for slide in storyboard.slides
    )
    todo: list[tuple[int, tuple[int, ...]]] = []
    for index, slide in enumerate(storyboard.slides):
        missing = []
        for step in range(slide.steps):
            cached = store.get(keys[index][step]) if store is not None else None
            if cached is not None:
                write_bytes(paths[index][step], cached, durable=False)
                if progress:
                    progress(1)
            else:
                missing.append(step)
        if missing:
            todo.append((index, tuple(missing)))
    pool: Executor = (
        process_pool(workers)
        if workers > 1 and len(todo) > 1
        else ThreadPoolExecutor(max_workers=1)
    )
    with pool:
        futures = [
            (
                index,
                steps,
                pool.submit(
                    _paint_to_file,
                    storyboard,
                    index,
                    steps,
                    spec,
                    theme,
                    tuple(paths[index][step] for step in steps),
                ),
            )
            for index, steps in todo
        ]
        for index, steps, future in futures:
            for text in future.result():
                slide = storyboard.slides[index]
                log.warning(
                    "slide %d (%s): '%s' is cut short; shorten it (render-video "
                    "validate lists every case)",
                    slide.number,
                    slide.title,
                    text,
                )
            for step in steps:
                if store is not None:
                    store.put(keys[index][step], paths[index][step].read_bytes())
                if progress:
                    progress(1)
    return SlideImages(paths, spec, keys)
