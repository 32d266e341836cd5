"""Catalogues: a folder of articles, or a YAML file listing articles with their settings.

    defaults: {preset: youtube}          # optional, for every article
    articles:
      - message-queue.yaml               # relative to the catalogue file
      - {path: cron.yaml, preset: shorts, voice: joe}

An entry's settings are `RenderOptions` fields (plus `out`, a folder of its own), validated
like an article: a mistake names the file, line, field and a hint. An entry must lead to a
file in the catalogue's folder or below it (after links): one outside is refused unread.

A folder batch renders the folder's own article files; everything else it finds is named in
a warning with the reason it is left out (a link that loops, dangles or leads outside the
folder, a subfolder, a file that is not an article), so no article is lost without a word.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from renderer.article import ARTICLE_SUFFIXES, YAML_SUFFIXES
from renderer.article.yaml_reader import find, parse, read_text, validate
from renderer.config import LANGUAGE_TAG, RenderOptions
from renderer.errors import ArticleError, SourceLocation

log = logging.getLogger(__name__)


class EntrySettings(RenderOptions):
    """The settings a catalogue may give for one article (or all of them, as defaults)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    out: Path | None = None
    """An output folder for this article instead of the batch's `--out`."""
    languages: list[Annotated[str, Field(pattern=LANGUAGE_TAG)]] | Literal["all"] | None = None
    """Render the article in each of these languages (its own: as written; any other:
    through its catalogue `<slug>.LANG.po` beside it); `all`: as written, then every
    catalogue beside it. The command line's `--lang` wins."""

    def given(self) -> dict[str, Any]:
        """The settings written in the catalogue (not their defaults), as `RenderConfig`
        fields: what a job's config is updated with (`languages` makes jobs instead)."""
        fields = {
            name: getattr(self, name)
            for name in self.model_fields_set - {"languages"}
            if name in EntrySettings.model_fields
        }
        if "out" in fields:
            fields["out_dir"] = fields.pop("out")
        return fields


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
    settings: EntrySettings = dataclasses.field(default_factory=EntrySettings)
    """What the catalogue gives it (its defaults and its entry); `given()` lists them."""
    listed: SourceLocation | None = None
    """The catalogue line that lists it (None: found in a folder)."""
    field: str | None = None
    """Its entry in the catalogue, as errors name it (`articles[2]`)."""


NOT_AN_ARTICLE = f"not an article: only {', '.join(ARTICLE_SUFFIXES)} files are"


def load_catalogue(source: Path) -> list[Item]:
    """Every article of a folder (its YAML files and Markdown pages) or of a catalogue file."""
    if source.is_dir():
        return [Item(path) for path in folder_articles(source)]
    if not source.exists():
        raise ArticleError(
            "no such folder or catalogue file",
            location=SourceLocation(source),
            hint="give a folder of article YAML files or a catalogue YAML",
        )
    data, marks = parse(source, read_text(source, "a catalogue"))
    if not isinstance(data, dict) or "articles" not in data:
        raise ArticleError(
            "a catalogue needs an 'articles' list",
            location=find(source, marks, ()),
            hint="articles: [first.yaml, {path: second.yaml, preset: shorts}]",
        )
    entries = (
        [{"path": item} if isinstance(item, str) else item for item in data["articles"]]
        if isinstance(data["articles"], list)
        else data["articles"]
    )
    catalogue = validate(CatalogueFile, {**data, "articles": entries}, source, marks)
    items = []
    for number, entry in enumerate(catalogue.articles):
        settings = catalogue.defaults.model_copy(
            update={name: getattr(entry, name) for name in entry.model_fields_set - {"path"}}
        )
        path = source.parent / entry.path
        listed = find(source, marks, ("articles", number, "path"))
        if not inside(source.parent, path):
            raise ArticleError(
                f"'{entry.path}' leads to {os.path.realpath(path)}, outside the catalogue's "
                f"folder ({os.path.realpath(source.parent)}); it was not read",
                location=listed,
                field=f"articles[{number}]",
                hint="a catalogue lists the articles of its own folder and its subfolders: "
                "move the article there, or the catalogue up to a folder holding both",
            )
        items.append(Item(path, settings, listed, f"articles[{number}]"))
    return items


def inside(folder: Path, path: Path) -> bool:
    """Whether `path` is in `folder` or below it once `..` and links are followed (links are
    read, the file never opened)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def folder_articles(folder: Path) -> list[Path]:
    """The article files of a folder, each other entry named in a warning with the reason it
    is left out (`left_out`). A page imported to YAML beside itself (`x.md` and `x.yaml`) is
    one article: the YAML, which its author may have fine-tuned, is rendered and the page is
    named in a warning."""
    found, skipped = [], defaultdict(list)
    for path in sorted(folder.iterdir()):
        reason = left_out(folder, path)
        if reason is None:
            found.append(path)
        else:
            skipped[reason].append(path)
    stems = {path.stem for path in found}
    for path in skipped.pop(NOT_AN_ARTICLE, []):  # an article's catalogues are not lost
        if not (path.suffix == ".po" and path.stem.rpartition(".")[0] in stems):
            skipped[NOT_AN_ARTICLE].append(path)
    for reason, paths in skipped.items():
        names = ", ".join(path.name for path in paths)
        log.warning(
            "%s: left out (%s)", paths[0] if len(paths) == 1 else f"{folder}: {names}", reason
        )
    yaml_stems = {path.stem for path in found if path.suffix.lower() in YAML_SUFFIXES}
    kept = []
    for path in found:
        if path.suffix.lower() not in YAML_SUFFIXES and path.stem in yaml_stems:
            log.warning(
                "%s: left out; %s.yaml (imported from it) is rendered instead", path, path.stem
            )
            continue
        kept.append(path)
    return kept


def left_out(folder: Path, path: Path) -> str | None:
    """Why a folder batch does not render `path`, one of the folder's entries (None: it is an
    article file to render)."""
    try:
        mode = path.stat().st_mode  # through links
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops"
        if path.is_symlink():
            return f"a dangling link: {os.readlink(path)} does not exist"
        return f"cannot be read: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return "a folder: a batch renders the files of its folder, not of its subfolders"
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return NOT_AN_ARTICLE
    if not inside(folder, path):
        return f"a link to {os.path.realpath(path)}, outside the folder"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None
