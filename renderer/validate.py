"""Pre-flight: everything that can be known to go wrong before any rendering.

`render-video validate` runs all of it; a render runs the quick part first (the article, its
voice, the theme, every character drawable) so that a mistake costs seconds, not a render.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from renderer.article import Article, format_path, locate
from renderer.config import RenderConfig
from renderer.errors import ArticleError
from renderer.raster.text import Script, segment
from renderer.storyboard import Storyboard
from renderer.theme import Theme


@dataclass
class Report:
    """What a pre-flight found: facts to show, and warnings that do not stop a render."""

    facts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def strings(model: BaseModel, path: tuple[str | int, ...] = ()) -> Iterator[
        tuple[tuple[str | int, ...], str]]:
    """Every text of an article with its field path."""
    for name in type(model).model_fields:
        yield from _walk(getattr(model, name), (*path, name))


def _walk(value: object, path: tuple[str | int, ...]) -> Iterator[
        tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from strings(value, path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


NOT_DRAWN = {("voice",), ("music",), ("language",)}
"""Fields that are never drawn on a slide."""


def check_glyphs(article: Article, article_path: Path, theme: Theme) -> None:
    """Every character the slides will show exists in the bundled fonts; else an ArticleError
    naming the first text that cannot be drawn."""
    for path, text in strings(article):
        if path in NOT_DRAWN or (path and path[-1] in ("notes", "say", "narration")):
            continue
        logging.disable(logging.WARNING)  # segment() warns per character; one error is enough
        try:
            missing = "".join(run.text for run in segment(text, theme)
                              if run.script is Script.MISSING)
        finally:
            logging.disable(logging.NOTSET)
        if missing:
            codes = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(missing))
            raise ArticleError(f"no bundled font can draw {missing[:10]!r} ({codes})",
                               location=locate(article_path, path), field=format_path(path),
                               hint="use Latin, Devanagari, emoji or common symbols, or "
                                    "drop those characters")


def find_ellipsized(storyboard: Storyboard, config: RenderConfig, theme: Theme) -> list[str]:
    """Every text that will not fit its box and will be cut with "…" (slide by slide)."""
    from renderer.raster import cut_short, paint_slide

    found: list[str] = []
    for slide in storyboard.slides:
        cut: list[str] = []
        paint_slide(storyboard, slide, slide.steps - 1, config.video, theme,
                    inspect=lambda canvas: cut.extend(cut_short(canvas)))  # noqa: B023
        found.extend(f"slide {slide.number} ({slide.title}): '{text}' is cut short"
                     for text in dict.fromkeys(cut))
    return found


def preflight(article: Article, article_path: Path, storyboard: Storyboard,
              config: RenderConfig, theme: Theme, *, full: bool) -> Report:
    """The checks: glyphs and the voice always; with `full`, every slide is painted to find
    text that would be ellipsized."""
    from renderer.pipeline import choose_voice

    report = Report()
    check_glyphs(article, article_path, theme)
    # an unknown voice is an ArticleError; one that cannot speak (and may not fall back) a
    # VoiceError; otherwise this is the voice that will speak, after any fallback
    voice = choose_voice(article, config, article_path)
    report.facts.append(f"voice: {voice.profile.name} ({voice.profile.engine.value}), "
                        "available")
    report.facts.append(f"{len(storyboard.slides)} slides, "
                        f"{sum(s.steps for s in storyboard.slides)} slide states")
    if full:
        report.warnings.extend(find_ellipsized(storyboard, config, theme))
    return report
