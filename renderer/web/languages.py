"""Every rendered language of an article in one web folder.

An article and its translations share `<out>/<slug>-web/`: each language's own parts
(narration, captions, chapters and its page data) in `assets/<lang>/`, the slide pictures
in `assets/slides/` named by their content (a picture with no text change is one file for
every language), and pages that carry every language and switch between them in place.

A render writes one language. It keeps the other languages already in the folder when they
were rendered from the same edition of the article (its text, the frame and the theme): a
language made from an older edition would show other slides, so it is left out, with a
warning that names the command that brings it back. The whole folder is rewritten under a
lock and swapped in whole, so two languages rendered at once (a batch) both land.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PART = "part.json"
"""Each language's record in its folder: its page data, edition, and whether it is the
article as written."""

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,34}")
"""A language's folder name: a BCP-47 tag or a catalogue's code (no separators, no dots)."""


@dataclass(frozen=True)
class Part:
    """One language of a web folder."""

    lang: str
    """Its code: the article's own language, or the catalogue's."""
    source: bool
    """The article as written (listed first), or a translation."""
    edition: str
    """What the article and the frame were when it was rendered (`edition`)."""
    data: dict[str, Any]
    """Its page data (`data.page_data`), paths relative to the folder."""

    def record(self) -> str:
        return json.dumps(
            {"lang": self.lang, "source": self.source, "edition": self.edition, "data": self.data},
            ensure_ascii=False,
        )


def edition(article: Path, size: tuple[int, int], theme: str) -> str:
    """The article's text, the frame and the theme (as JSON): languages rendered from the
    same edition show the same slides in the same frame and may share a folder."""
    digest = hashlib.sha256(article.read_bytes())
    digest.update(f"{size[0]}x{size[1]}|{theme}".encode())
    return digest.hexdigest()[:20]


def parts_in(folder: Path) -> list[Part]:
    """The languages a web folder holds (none for a folder that is not there, or made
    before languages shared one; a record that cannot be read is left out)."""
    found = []
    for record in sorted((folder / "assets").glob(f"*/{PART}")):
        try:
            raw = json.loads(record.read_text(encoding="utf-8"))
            part = Part(str(raw["lang"]), bool(raw["source"]), str(raw["edition"]), raw["data"])
        except (OSError, ValueError, KeyError, TypeError):
            log.warning(f"web: {record} cannot be read; that language is left out")
            continue
        if part.lang == record.parent.name and _inside(part, folder):
            found.append(part)
    return found


PICTURE = re.compile(r"assets/slides/[0-9a-f]{24}\.webp")


def _inside(part: Part, folder: Path) -> bool:
    """A record's files are the export's own, all there (never a path elsewhere)."""
    data = part.data
    if not isinstance(data, dict) or data.get("audio") != f"assets/{part.lang}/narration.m4a":
        return False
    images = data.get("images")
    return isinstance(images, list) and all(
        isinstance(i, str) and PICTURE.fullmatch(i) and (folder / i).is_file() for i in images
    )


def kept(old: list[Part], new: Part, command: str) -> list[Part]:
    """The languages of the folder after `new` is written: `new`, and the others rendered
    from the same edition (the article as written first, then by code). `command` is how
    the user renders a language again (`{lang}` is filled in), for the warning."""
    others = [p for p in old if p.lang != new.lang and not (p.source and new.source)]
    stale = [p for p in others if p.edition != new.edition]
    for part in stale:
        log.warning(
            f"web: the {part.lang!r} pages were rendered from an earlier version of the "
            f"article and are left out (render them again: {command.format(lang=part.lang)})"
        )
    current = [new, *(p for p in others if p.edition == new.edition)]
    return sorted(current, key=lambda p: (not p.source, p.lang))


def carry(part: Part, old: Path, new: Path) -> None:
    """Copy a kept language's own files and its pictures from the old folder to the new."""
    shutil.copytree(old / "assets" / part.lang, new / "assets" / part.lang)
    for relative in part.data["images"]:
        target = new / relative
        if not target.exists():
            shutil.copyfile(old / relative, target)


def checked_code(lang: str) -> str:
    """`lang` as a folder name, or ValueError."""
    if not CODE.fullmatch(lang):
        raise ValueError(f"{lang!r} is not a language code")
    return lang
