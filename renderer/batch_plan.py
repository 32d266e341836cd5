"""A batch's plan: what each job will render and where, decided before any job runs.

Every article of a folder or catalogue becomes one `Job` whose settings are validated here.
Two jobs that would write the same outputs are settled here too, because once they run
nothing can tell: one would overwrite the other, or both would write the same files at
once. The same article listed twice with the same settings into the same folder is one
job (and a warning); anything else aiming at one output path (two articles whose titles
give one slug, or one article with two sets of settings) is an `ArticleError` naming both.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from renderer.article import load_article, locate
from renderer.article.po import ALL, catalogue_languages
from renderer.catalogue import Item
from renderer.config import MACHINE_ONLY, RenderConfig
from renderer.errors import ArticleError, SourceLocation
from renderer.outputs import output_paths

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One article to render, with everything a worker needs (picklable)."""

    article: str
    config: RenderConfig
    """Its render's settings: the command line's over the catalogue's, with its share of
    the CPU budget (`workers`: processes, and the voice's threads)."""
    force: bool = False
    retries: int = 2
    delay: float = 1.0
    """Seconds before the first retry; doubled each time, with jitter."""

    def sharing(self, workers: int) -> Job:
        """This job with `workers` processes as its share of the CPU budget."""
        return replace(self, config=self.config.model_copy(update={"workers": workers}))


@dataclass(frozen=True)
class Planned:
    """A job with what it was made from and what decides where its outputs go."""

    item: Item
    job: Job
    config: RenderConfig
    article: str
    """The article file as the file system knows it (`file_identity`)."""
    folder: str
    """The output folder as the file system sees it (`folder_key`)."""


def jobs_for(
    items: list[Item],
    base: RenderConfig,
    given: Collection[str] = (),
    *,
    force: bool = False,
    retries: int = 2,
) -> list[Job]:
    """One job per article: `base` (the command line's settings) updated with what the
    catalogue gives the article, except the fields in `given` (set on the command line,
    which win). Every value was validated where it was read; no two jobs write the same
    outputs (`distinct_outputs`)."""
    planned = []
    for item in items:
        # an entry's own `out` folder wins over --out (it is its own, not a default)
        config = base.model_copy(
            update={
                name: value
                for name, value in item.settings.given().items()
                if name not in given or name == "out_dir"
            }
        )
        for lang in languages(item, config, given):
            each = config if lang == config.lang else config.model_copy(update={"lang": lang})
            job = Job(str(item.path), each, force, retries)
            planned.append(
                Planned(item, job, each, file_identity(item.path), folder_key(each.out_dir))
            )
    return [each.job for each in distinct_outputs(planned)]


def languages(item: Item, config: RenderConfig, given: Collection[str]) -> list[str | None]:
    """The languages to render an article in: the command line's `--lang`, else the
    catalogue's `languages`; `all` is the article as written (None), then every catalogue
    beside it."""
    wanted: str | list[str] | None = config.lang
    if "lang" not in given and item.settings.languages is not None:
        wanted = item.settings.languages
    if wanted == ALL:
        return [None, *catalogue_languages(item.path)]
    if isinstance(wanted, list):
        return list(dict.fromkeys(wanted))
    return [wanted]


def distinct_outputs(planned: list[Planned]) -> list[Planned]:
    """The jobs, an article listed twice into one folder with the same settings kept once
    (with a warning, naming both places it is listed); raises an ArticleError when two jobs
    would still write the same outputs."""
    by_article: dict[tuple[str, str, str], Planned] = {}
    for each in planned:
        first = by_article.setdefault((each.article, each.folder, _lang(each.config)), each)
        if first is each:
            continue
        if _settings(first.config) != _settings(each.config):
            raise _listed_twice(first, each)
        log.warning(
            "%s is %s twice (%s and %s) with the same settings and output folder: rendered once",
            first.item.path,
            "listed" if each.item.listed else "found",
            first.item.listed or first.item.path,
            each.item.listed or each.item.path,
        )
    kept = list(by_article.values())
    by_output: dict[tuple[str, str], Planned] = {}
    for each in kept:
        slug = slug_of(each.item.path, each.config.lang)
        if slug is None:  # unreadable or invalid: its job fails and says why, writing nothing
            continue
        # compared casefolded, as a case-insensitive file system (macOS's and Windows's
        # default) would see `Intro.mp4` and `intro.mp4`: one file
        first = by_output.setdefault((each.folder, slug.casefold()), each)
        if first is not each:
            raise _same_slug(first, each, slug)
    return kept


def file_identity(path: Path) -> str:
    """An article file as the file system knows it: its device and inode (two paths, links
    or spellings of one file, are one), else (missing, a loop) its resolved path."""
    try:
        stat = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return f"{stat.st_dev}:{stat.st_ino}"


def folder_key(folder: Path) -> str:
    """An output folder as the file system sees it: resolved (links, `..`, relative to the
    working folder) and casefolded, since on a case-insensitive file system `Out/` and `out/`
    are one folder (on a case-sensitive one this refuses a pair that only collides there)."""
    return os.path.realpath(folder).casefold()


def slug_of(path: Path, lang: str | None = None) -> str | None:
    """The name an article's outputs take (its slug, from its title; `<slug>.<lang>` in
    another language), or None if it cannot be read as an article (never opening what is
    not a regular file: a FIFO would block)."""
    if not path.is_file():
        return None
    try:
        article = load_article(path, warn=False)
    except ArticleError:
        return None
    if lang is None or lang.lower() == article.language.lower():
        return article.slug
    return f"{article.slug}.{lang}"


def _lang(config: RenderConfig) -> str:
    return (config.lang or "").lower()


def named(item: Item) -> str:
    """An article as messages name it: its path, and the catalogue line that lists it."""
    return f"{item.path} (listed at {item.listed})" if item.listed else str(item.path)


def _entry(item: Item) -> str:
    """A catalogue entry giving `item` an output folder of its own, as the user would write
    it (for hints)."""
    path = os.path.relpath(item.path, item.listed.path.parent) if item.listed else item.path.name
    return f"{{path: {path}, out: other-folder}}"


def _settings(config: RenderConfig) -> dict[str, Any]:
    """What decides a job's outputs besides its article and folder."""
    return config.model_dump(exclude=set(MACHINE_ONLY))


def _listed_twice(first: Planned, second: Planned) -> ArticleError:
    """One article listed twice into one folder with different settings (only a catalogue
    gives settings, so both are catalogue lines)."""
    video = output_paths(
        second.config.out_dir, slug_of(second.item.path, second.config.lang) or "<slug>"
    ).video
    return ArticleError(
        f"{second.item.path} is listed again (first at {first.item.listed}) with other "
        f"settings and the same output folder: both would write {video}, one over the other",
        location=second.item.listed or SourceLocation(second.item.path),
        field=second.item.field,
        hint=f"keep one entry, or give this one an output folder of its own: {_entry(second.item)}",
    )


def _same_slug(first: Planned, second: Planned, slug: str) -> ArticleError:
    """Two articles whose titles give one slug, rendered into one folder."""
    video = output_paths(second.config.out_dir, slug).video
    entry = _entry(second.item)
    own_folder = (
        f"give one an output folder of its own in {second.item.listed.path}: {entry}"
        if second.item.listed
        else f"list them in a catalogue and give one an output folder of its own: {entry}"
    )
    listed = f" (this one is listed at {second.item.listed})" if second.item.listed else ""
    return ArticleError(
        f"this title gives the slug '{slug}', as does the title of {named(first.item)}"
        f"{listed}; both would be written to {video} (and its sidecars), one over the other",
        location=locate(second.item.path, ("title",)),
        field="title",
        hint=f"change one of the titles (an article has no slug setting: it is made from the "
        f"title), or {own_folder}",
    )
