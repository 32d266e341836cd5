"""Pictures and code in a Markdown page: `![alt](picture.png "caption")` becomes a picture
slide (or a picture beside the section's list), a fenced code block a code slide.

A picture must be a file beside the page (or below its folder): a remote one is not
downloaded and a missing one is not guessed at; both are named in a warning and left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from renderer.article.rules import known_language
from renderer.graphemes import head

Warn = Callable[[int, str], None]
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
"""A target with a URL scheme (http:, file:, data:, javascript:, ...) or a network path:
never a file beside the page, never fetched or opened."""


def is_remote(target: str) -> bool:
    """Whether a link or picture target names something other than a file beside the page."""
    return bool(_SCHEME.match(target.strip()))


@dataclass
class Prose:
    """A paragraph (or heading text) to be spoken, and shown when a slide is made of it."""

    shown: str
    spoken: str
    line: int
    heading: bool = False
    """It was a heading (in a quiz: a question)."""


@dataclass
class ImageBlock:
    src: str
    alt: str
    caption: str
    line: int
    prose: list[Prose] = field(default_factory=list)


@dataclass
class VideoBlock:
    src: str
    alt: str
    line: int
    prose: list[Prose] = field(default_factory=list)


@dataclass
class CodeBlock:
    source: str
    language: str | None
    line: int
    prose: list[Prose] = field(default_factory=list)


def clips(links: list[tuple[str, str]], folder: Path, line: int, warn: Warn) -> list[VideoBlock]:
    """Links of a paragraph ((text, target) each) to video files beside the page."""
    blocks = []
    for text, href in links:
        name = unquote(href.split("#")[0].split("?")[0])
        if not name.lower().endswith(VIDEO_SUFFIXES) or is_remote(href):
            continue
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            warn(line, f"clip '{name}' not found beside the page; skipped")
            continue
        blocks.append(VideoBlock(name, text if text != href else "", line))
    return blocks


def pictures(
    found: list[tuple[str, str, str]], folder: Path, line: int, warn: Warn
) -> list[ImageBlock | VideoBlock]:
    """The pictures (and clips written as pictures) of a paragraph ((alt, src, title)
    each) that are files beside the page."""
    blocks: list[ImageBlock | VideoBlock] = []
    for alt, src, title in found:
        if src.split("?")[0].lower().endswith(VIDEO_SUFFIXES):
            blocks.extend(clips([(alt, src)], folder, line, warn))
            continue
        name = unquote(src.split("#")[0].split("?")[0])
        label = alt or src
        if is_remote(src):
            warn(
                line,
                f"image '{head(label, 60)}' is not a file beside the page (nothing is "
                "downloaded); skipped",
            )
            continue
        path = (folder / name).resolve()
        if not (path == folder.resolve() or folder.resolve() in path.parents):
            warn(line, f"image '{name}' is outside the page's folder; skipped")
        elif not path.is_file():
            warn(line, f"image '{name}' not found beside the page; skipped")
        elif path.suffix.lower() not in PICTURE_SUFFIXES:
            warn(line, f"image '{name}' is not a PNG, JPEG, WebP or GIF; skipped")
        else:
            blocks.append(ImageBlock(name, alt, title, line))
    return blocks


_INCLUDE = re.compile(r"\s*\{\{#\w+\s[^}]*\}\}\s*$")


def fence_language(info: str) -> str | None:
    """The language a fence's info string names: its first word, before options that
    generators add (`js{2-6}`, `rust,ignore`, `python title="x"`, `{.python}`)."""
    word = re.split(r"[\s,{]", info.strip().lstrip("{").lstrip("."), maxsplit=1)[0]
    return word.strip("}.").lower() or None


def code(source: str, info: str, line: int, warn: Warn) -> list[CodeBlock]:
    """A fenced code block as a code slide (plain text when its language is not known)."""
    if not source.strip():
        return []
    lines = [line for line in source.splitlines() if line.strip()]
    if all(_INCLUDE.match(line) for line in lines):  # mdBook's {{#include file}}
        warn(
            line,
            f"'{head(lines[0].strip(), 60)}' includes a file into the page; the file is "
            "not part of the page: skipped",
        )
        return []
    language = fence_language(info)
    if language and not known_language(language):
        warn(line, f"code language '{language}' is not known; shown without colours")
        language = None
    return [CodeBlock(source.rstrip("\n"), language, line)]
