"""Catalogues: a folder of articles, or a YAML file listing articles with their settings.

    defaults: {preset: youtube}          # optional, for every article
    articles:
      - message-queue.yaml               # relative to the catalogue file
      - {path: cron.yaml, preset: shorts, voice: joe}

An entry's settings are `RenderOptions` fields (plus `out`, a folder of its own), validated
like an article: a mistake names the file, line, field and a hint.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from renderer.article import ARTICLE_SUFFIXES, YAML_SUFFIXES
from renderer.article.yaml_reader import find, parse, read_text, validate
from renderer.config import RenderOptions
from renderer.errors import ArticleError, SourceLocation

log = logging.getLogger(__name__)


class EntrySettings(RenderOptions):
    """The settings a catalogue may give for one article (or all of them, as defaults)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    out: Path | None = None
    """An output folder for this article instead of the batch's `--out`."""


class Entry(EntrySettings):
    """One article of a catalogue."""

    path: str = Field(min_length=1)
    """The article file, relative to the catalogue."""


class CatalogueFile(BaseModel):
    """The top level of a catalogue file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    defaults: EntrySettings = Field(default_factory=EntrySettings)
    articles: list[Entry] = Field(min_length=1)


@dataclass(frozen=True)
class Item:
    """An article to render and the settings it was given (only those set)."""

    path: Path
    settings: dict[str, Any]


def load_catalogue(source: Path) -> list[Item]:
    """Every article of a folder (its YAML files and Markdown pages) or of a catalogue file."""
    if source.is_dir():
        return [Item(path, {}) for path in folder_articles(source)]
    if not source.exists():
        raise ArticleError("no such folder or catalogue file", location=SourceLocation(source),
                           hint="give a folder of article YAML files or a catalogue YAML")
    data, marks = parse(source, read_text(source, "a catalogue"))
    if not isinstance(data, dict) or "articles" not in data:
        raise ArticleError("a catalogue needs an 'articles' list",
                           location=find(source, marks, ()),
                           hint="articles: [first.yaml, {path: second.yaml, preset: shorts}]")
    entries = [{"path": item} if isinstance(item, str) else item
               for item in data["articles"]] if isinstance(data["articles"], list) \
        else data["articles"]
    catalogue = validate(CatalogueFile, {**data, "articles": entries}, source, marks)
    defaults = catalogue.defaults.model_dump(exclude_unset=True)
    items = []
    for entry in catalogue.articles:
        settings = {**defaults, **entry.model_dump(exclude_unset=True, exclude={"path"})}
        items.append(Item(source.parent / entry.path, settings))
    return items


def folder_articles(folder: Path) -> list[Path]:
    """The article files of a folder. A page imported to YAML beside itself (`x.md` and
    `x.yaml`) is one article: the YAML, which its author may have fine-tuned, is rendered
    and the page is named in a warning."""
    found = sorted(path for path in folder.iterdir()
                   if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file())
    yaml_stems = {path.stem for path in found if path.suffix.lower() in YAML_SUFFIXES}
    kept = []
    for path in found:
        if path.suffix.lower() not in YAML_SUFFIXES and path.stem in yaml_stems:
            log.warning("%s: left out; %s.yaml (imported from it) is rendered instead",
                        path, path.stem)
            continue
        kept.append(path)
    return kept
