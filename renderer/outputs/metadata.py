"""Output: article + chapters -> upload metadata (`<slug>.json`, `<slug>.description.txt`).

YouTube's limits: a title of at most 100 characters, a description of at most 5000 bytes
without angle brackets, tags of at most 500 characters in all (a tag with a space counts
its quotes). YouTube does not say how it counts a character, so they are counted in UTF-16
code units (what Java and JavaScript count), never fewer than code points or grapheme
clusters: a title within 100 of them is within 100 however YouTube counts. Every cut falls
between grapheme clusters (renderer.graphemes): never inside an emoji or a syllable.
Chapters go into the description as "0:00 Title" lines, which is how YouTube reads them.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from renderer.article import Article
from renderer.article.phrases import phrases
from renderer.atomic import write_text
from renderer.graphemes import cut, cut_bytes, length, utf16_units
from renderer.outputs.chapters import Chapter, description_lines

MAX_TITLE = 100
MAX_DESCRIPTION_BYTES = 5000
MAX_TAGS_CHARS = 500


@dataclass(frozen=True)
class UploadMetadata:
    title: str
    description: str
    tags: list[str]
    language: str
    duration_seconds: float
    chapters: list[dict[str, object]]
    files: dict[str, str] = field(default_factory=dict)
    inputs: str = ""
    """Fingerprint of everything the outputs were made from (renderer.fingerprint)."""
    voice: str = ""
    """The voice that spoke."""
    short: bool = False
    """A vertical video of at most 3 minutes: YouTube files it under Shorts, where no
    custom thumbnail can be set (its first frame, the opening slide, is what shows)."""
    preset: str = ""
    """The preset it was made for (`check` checks against it by default)."""


def _clean(text: str) -> str:
    return re.sub(r"[<>]", "", " ".join(text.split()))


def _title(article: Article) -> str:
    title = _clean(article.title)
    return cut(title, MAX_TITLE, size=utf16_units)


def tags_length(tags: list[str]) -> int:
    """Characters YouTube counts (UTF-16 code units): each tag, its quotes if it has a
    space, the commas."""
    return sum(utf16_units(tag) + (2 if " " in tag else 0) for tag in tags) + max(0, len(tags) - 1)


def _tags(article: Article) -> list[str]:
    wanted = [
        *(article.tags or []),
        article.title,
        *(s.title for s in article.sections),
        *(article.see_also or []),
        article.brand or "",
    ]
    tags: list[str] = []
    for raw in wanted:
        tag = cut(re.sub(r"[<>,\"]", "", " ".join(raw.split())), 100, "", size=utf16_units).strip()
        if (
            tag
            and tag.lower() not in {t.lower() for t in tags}
            and tags_length([*tags, tag]) <= MAX_TAGS_CHARS
        ):
            tags.append(tag)
    return tags


def _description(article: Article, chapters: list[Chapter]) -> str:
    say = phrases(article.language, article.phrases.given() if article.phrases else None)
    related = [f"• {_clean(topic)}" for topic in article.see_also or []]
    chapter_block = (
        "\n".join([say["chapters_heading"], *description_lines(chapters)]) if chapters else ""
    )
    related_block = "\n".join([say["related_heading"], *related]) if related else ""
    footer = f"{_clean(article.brand)}" if article.brand else ""
    summary = _clean(article.summary)
    while True:
        parts = [summary, chapter_block, related_block, footer]
        text = "\n\n".join(part for part in parts if part)
        if len(text.encode("utf-8")) <= MAX_DESCRIPTION_BYTES:
            return text
        if related_block:  # drop the least useful part first, the chapters last
            related_block = ""
        elif footer:
            footer = ""
        elif length(summary) > 200:  # its first half, in whole clusters
            summary = cut(summary, length(summary) // 2 + 1)
        elif chapter_block:
            lines = chapter_block.splitlines()
            chapter_block = "\n".join(lines[:-1]) if len(lines) > 4 else ""
        else:  # a short summary alone over the limit cannot happen; stop regardless
            return cut_bytes(text, MAX_DESCRIPTION_BYTES)


SHORT_SECONDS = 180.0
"""The longest vertical video YouTube counts as a Short."""


def build_metadata(
    article: Article,
    chapters: list[Chapter],
    seconds: float,
    files: dict[str, Path],
    inputs: str = "",
    voice: str = "",
    size: tuple[int, int] = (1920, 1080),
    preset: str = "",
) -> UploadMetadata:
    return UploadMetadata(
        title=_title(article),
        description=_description(article, chapters),
        tags=_tags(article),
        language=article.language,
        duration_seconds=round(seconds, 3),
        chapters=[{"start": c.start, "stamp": c.stamp, "title": c.title} for c in chapters],
        files={kind: str(path) for kind, path in files.items()},
        inputs=inputs,
        voice=voice,
        short=size[1] > size[0] and seconds <= SHORT_SECONDS,
        preset=preset,
    )


def write_metadata(meta: UploadMetadata, json_path: Path, description_path: Path) -> None:
    """Both files, each written to a temporary name and renamed when complete."""
    write_text(json_path, json.dumps(asdict(meta), indent=2, ensure_ascii=False))
    write_text(description_path, meta.description + "\n")


def read_metadata(json_path: Path) -> UploadMetadata:
    """`<slug>.json` as written by `write_metadata`, typed and checked: the one way it is
    read back (batch, upload). Raises OSError if it cannot be read, ValueError if it is not
    a render's metadata."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(UploadMetadata).validate_json(json_path.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValueError(f"{where}: {first['msg']}" if where else first["msg"]) from None
