"""Articles: one model, and a reader per file format that turns a file into a validated,
frozen `Article` whose every error names the file, line, field and a hint.

YAML (`*.yaml`, `*.yml`) is the format today; a Markdown reader joins it next.
"""

from __future__ import annotations

from pathlib import Path

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
from renderer.article.rules import check_meaning
from renderer.article.yaml_reader import locate, parse, read_text, validate
from renderer.errors import ArticleError, SourceLocation


def load_article(path: Path) -> Article:
    """Read, parse and validate an article; raise ArticleError naming file, line and field."""
    text = read_text(path)
    data, marks = parse(path, text)
    if not isinstance(data, dict):
        raise ArticleError("the top level must be a mapping (key: value lines)",
                           location=SourceLocation(path, 1, 1),
                           hint="start with 'title: ...'")
    article = validate(Article, data, path, marks)
    check_meaning(article, path, marks)
    return article


__all__ = ["BODY_FIELDS", "Article", "Fact", "Facts", "Flow", "FlowEdge", "FlowNode",
           "GlossaryEntry", "Point", "QuizQuestion", "Section", "Table", "format_path",
           "load_article", "locate", "slugify"]
