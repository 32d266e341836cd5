"""Articles: one model, and a reader per file format that turns a file into a validated,
frozen `Article` whose every error names the file, line, field and a hint.

YAML (`*.yaml`, `*.yml`) and Markdown (`*.md`, `*.markdown`, `*.mdx`, ...): both give the same
article data with the line of every field, validated by the same model and rules.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from renderer.article.explain import format_path
from renderer.article.model import (
    BODY_FIELDS,
    Article,
    Fact,
    Facts,
    Flow,
    FlowEdge,
    FlowNode,
    GlossaryEntry,
    Point,
    QuizQuestion,
    Section,
    Table,
    slugify,
)
from renderer.article.phrases import builtin, phrases, used
from renderer.article.po import Translation, catalogue_path, read_catalogue
from renderer.article.rules import check_meaning
from renderer.article.strings import Source, replaced, sources
from renderer.article.yaml_reader import Marks, find, parse, read_text, validate
from renderer.errors import ArticleError, ConfigError, SourceLocation

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")
YAML_SUFFIXES = (".yaml", ".yml")
ARTICLE_SUFFIXES = YAML_SUFFIXES + MARKDOWN_SUFFIXES
"""Files that are articles."""

log = logging.getLogger(__name__)


def is_markdown(path: Path) -> bool:
    """Whether `path` is read as a Markdown page."""
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def read_article(path: Path) -> tuple[dict[str, Any], Marks, list[str]]:
    """The article data of a file (YAML or Markdown, by its suffix), where each field is,
    and warnings about what a Markdown page holds that a video cannot show."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise ArticleError(
            f"'{path.suffix or path.name}' is not a kind of article file",
            location=SourceLocation(path),
            hint="an article is a YAML file (.yaml, .yml) or a Markdown page ("
            + ", ".join(MARKDOWN_SUFFIXES)
            + "): rename it",
        )
    text = read_text(path)
    if is_markdown(path):
        from renderer.article.markdown_reader import read_markdown

        return read_markdown(path, text)
    data, marks = parse(path, text)
    if not isinstance(data, dict):
        raise ArticleError(
            "the top level must be a mapping (key: value lines)",
            location=SourceLocation(path, 1, 1),
            hint="start with 'title: ...'",
        )
    return data, marks, []


def load_article_noting(path: Path) -> tuple[Article, list[str]]:
    """Read, parse and validate an article; raise ArticleError naming file, line and field.
    Also what a Markdown page holds that a video cannot show (an image, a dropped HTML
    tag), one warning each, naming its line."""
    data, marks, warnings = read_article(path)
    article = validate(Article, data, path, marks)
    check_meaning(article, path, marks)
    return article, warnings


def load_article(path: Path, warn: bool = True) -> Article:
    """`load_article_noting`, its warnings logged (with `warn`)."""
    article, warnings = load_article_noting(path)
    for warning in warnings if warn else ():
        log.warning("%s", warning)
    return article


def article_strings(path: Path) -> tuple[list[Source], str]:
    """Every string of the article a viewer sees or hears (`strings.sources`), and the
    article's language: what `render-video strings` puts in a catalogue."""
    data, marks, _ = read_article(path)
    language = data.get("language", "en") if isinstance(data, dict) else "en"
    found = sources(_with_phrases(data), path, marks)
    if ("phrases",) in marks:
        return found, str(language)
    # the words render-video adds (its own for the language): at the `language` line
    near = find(path, marks, ("language",)).line if ("language",) in marks else 1
    return [replace(s, line=near) if s.field[0] == "phrases" else s for s in found], str(language)


def _with_phrases(data: Any) -> Any:
    """The article's data with the `phrases` its slides use (`phrases.used`) whole:
    render-video's own for its language, the article's own over them (what a catalogue
    translates)."""
    if not isinstance(data, dict):
        return data
    own = data.get("phrases")
    own = {k: v for k, v in own.items() if isinstance(v, str)} if isinstance(own, dict) else {}
    wanted = used(data) | set(own)
    whole = phrases(str(data.get("language", "en")), own)
    return {**data, "phrases": {k: v for k, v in whole.items() if k in wanted}}


def load_translated(path: Path, language: str, *, strict: bool = False) -> Article:
    """`load_translated_noting`, its warnings logged."""
    article, warnings = load_translated_noting(path, language, strict=strict)
    for warning in warnings:
        log.warning("%s", warning)
    return article


def load_translated_noting(
    path: Path, language: str, *, strict: bool = False
) -> tuple[Article, list[str]]:
    """The article in `language`, through its catalogue `<slug>.<language>.po`: every
    string translated there replaced, its language set, and its voice the one the
    article's `voices` names for the language, else the language's own (the article's
    `voice` speaks its own language). A string with no translation,
    or a fuzzy one, keeps its source text with a warning naming it (with `strict`, it is
    an error). Also the reader's own warnings."""
    data, marks, warnings = read_article(path)
    translation = Translation(read_catalogue(catalogue_path(path, language), path))
    source = _with_phrases(data)
    data = {**replaced(source, translation), "language": language}
    data.pop("voice", None)
    if isinstance(data.get("phrases"), dict):  # left untranslated: the language's own
        said = {k: v for k, v in data["phrases"].items() if v != source["phrases"].get(k)}
        data["phrases"] = said or None
        if builtin(language) is not None:
            translation.missing = [m for m in translation.missing if not m.startswith("phrases.")]
    voices = data.get("voices")
    if isinstance(voices, dict):  # the article's voice for this language, if it names one
        named = {str(k).lower(): v for k, v in voices.items()}.get(language.lower())
        if named is not None:
            data["voice"] = named
    article = validate(Article, data, path, marks)
    check_meaning(article, path, marks)
    if translation.missing and strict:
        raise ConfigError(
            f"{catalogue_path(path, language)}: {len(translation.missing)} strings are not "
            f"translated, first {translation.missing[0]}",
            hint="translate them (or leave out --strict: they keep the source text)",
        )
    return article, [*warnings, *(f"not translated: {m}" for m in translation.missing)]


def locate(path: Path, field: tuple[str | int, ...]) -> SourceLocation:
    """Where a field of an (already valid) article is: for errors found later, such as a
    voice that does not exist."""
    try:
        _, marks, _ = read_article(path)
    except (OSError, ArticleError):
        return SourceLocation(path)
    return find(path, marks, field)


__all__ = [
    "ARTICLE_SUFFIXES",
    "BODY_FIELDS",
    "MARKDOWN_SUFFIXES",
    "YAML_SUFFIXES",
    "Article",
    "Fact",
    "Facts",
    "Flow",
    "FlowEdge",
    "FlowNode",
    "GlossaryEntry",
    "Point",
    "QuizQuestion",
    "Section",
    "Table",
    "format_path",
    "is_markdown",
    "load_article",
    "locate",
    "read_article",
    "slugify",
]
