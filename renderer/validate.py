"""Pre-flight checks of an article against what will draw it: every character drawable with
the bundled fonts (an error, checked by every plan), and every text that fits its box (a
warning, `render-video validate` only: it paints every slide)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from renderer.article import Article, format_path, locate
from renderer.config import VideoSpec
from renderer.errors import ArticleError
from renderer.graphemes import head
from renderer.raster.bidi import require_shaping
from renderer.raster.scripts import SHAPED, Script, segment
from renderer.storyboard_model import Storyboard
from renderer.theme import Theme


def strings(
    model: BaseModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text of an article with its field path."""
    for name in type(model).model_fields:
        yield from _walk(getattr(model, name), (*path, name))


def _walk(
    value: object, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from strings(value, path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


NOT_DRAWN = {("voice",), ("music",), ("language",)}
"""Fields that are never drawn on a slide."""
NOT_DRAWN_FIELDS = (
    "notes",
    "say",
    "narration",
    "intro",
    "alt",
    "src",
    "language",
    "lines",
    "source",
    "motion",
    "fit",
)
"""Fields, wherever they are, that are spoken, name a file or are drawn in the code font."""


def check_glyphs(article: Article, article_path: Path, theme: Theme) -> None:
    """Every character the slides will show exists in the bundled fonts; else an ArticleError
    naming the first text that cannot be drawn and how many other texts cannot either (so a
    page in a script the fonts lack is not refused one line at a time)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    shaped: set[Script] = set()
    for path, text in strings(article):
        if path in NOT_DRAWN or (path and path[-1] in NOT_DRAWN_FIELDS):
            continue
        runs = segment(text, theme)
        shaped |= {run.script for run in runs if run.script in SHAPED}
        missing = "".join(run.text for run in runs if run.script is Script.MISSING)
        if missing:
            found.append((path, missing))
    if shaped:
        require_shaping(" and ".join(sorted(s.value.title() for s in shaped)))
    if not found:
        return
    path, missing = found[0]
    codes = list(dict.fromkeys(missing))
    shown = ", ".join(f"U+{ord(ch):04X}" for ch in codes[:12]) + (
        f" and {len(codes) - 12} more" if len(codes) > 12 else ""
    )
    others = sorted({line for p, _ in found[1:] if (line := locate(article_path, p).line)})
    also = (
        f"; {len(found) - 1} other text{'s' * (len(found) > 2)} cannot be drawn either"
        + (
            f" (lines {', '.join(map(str, others[:8]))}{', ...' if len(others) > 8 else ''})"
            if others
            else ""
        )
        if len(found) > 1
        else ""
    )
    raise ArticleError(
        f"no bundled font can draw {_scripts(codes)} text: {head(missing, 10)!r} ({shown}){also}",
        location=locate(article_path, path),
        field=format_path(path),
        hint="the bundled fonts draw Latin, Devanagari, Arabic (Urdu in Nastaliq), Hebrew, "
        "Chinese, Japanese, Korean, emoji and common symbols; drop those characters",
    )


def _scripts(characters: list[str]) -> str:
    """The scripts of characters, by their Unicode names ("Thai", "Tamil"), for a message."""
    names = []
    for ch in characters:
        words = unicodedata.name(ch, "UNKNOWN").split()
        name = words[0].title() if words[0] not in ("LATIN", "SMALL", "CAPITAL") else ""
        if name and name not in names:
            names.append(name)
    return " and ".join(names[:3]) or "these"


def ellipsized(storyboard: Storyboard, spec: VideoSpec, theme: Theme) -> list[str]:
    """Every text that will not fit its box and will be cut with "…" (slide by slide)."""
    from renderer.raster import cut_short, paint_slide

    found: list[str] = []
    for slide in storyboard.slides:
        cut: list[str] = []
        paint_slide(
            storyboard,
            slide,
            slide.steps - 1,
            spec,
            theme,
            inspect=lambda canvas: cut.extend(cut_short(canvas)),  # noqa: B023
        )
        found.extend(
            f"slide {slide.number} ({slide.title}): '{text}' is cut short"
            for text in dict.fromkeys(cut)
        )
    return found
