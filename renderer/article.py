"""Article format v1: YAML on disk -> a validated, frozen `Article`.

The YAML is read with PyYAML's safe loader (no object-constructing tags); every
error names the file, the line and column, the field path and a hint.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from renderer.config import ASSETS_DIR
from renderer.errors import ArticleError, SourceLocation

MAX_FILE_BYTES = 1_000_000
"""Articles larger than this are refused before parsing."""


def _scalar_to_str(value: Any) -> Any:
    """Allow numbers and booleans where text is expected (table cells, values)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_scalar_to_str), Field(min_length=1, max_length=2000)]
"""A non-empty piece of text; numbers are accepted and turned into text."""

Icon = Annotated[str, Field(min_length=1, max_length=32)]
"""An emoji (or short symbol) drawn as an icon."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Point(_Model):
    """One bullet of a points section."""

    text: Text = Field(description="What the slide shows.")
    icon: Icon | None = Field(None, description="Emoji drawn in the bullet's badge.")
    say: Text | None = Field(None, description="Spoken form, when it differs from the text.")


def _point_from_str(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


PointItem = Annotated[Point, BeforeValidator(_point_from_str)]


class Table(_Model):
    """A table section: a header row and rows of cells."""

    columns: list[Text] = Field(min_length=1, max_length=6, description="Header cells.")
    rows: list[list[Text]] = Field(min_length=1, max_length=12, description="Body rows.")


class GlossaryEntry(_Model):
    """A term and its definition."""

    term: Text
    definition: Text


class FlowNode(_Model):
    """A box of a flow diagram."""

    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
    label: Text
    icon: Icon | None = None


class FlowEdge(_Model):
    """An arrow between two nodes of a flow diagram."""

    source: str = Field(alias="from", description="Id of the node the arrow leaves.")
    target: str = Field(alias="to", description="Id of the node the arrow points at.")
    label: Text | None = None


class Flow(_Model):
    """A diagram of boxes and arrows, laid out automatically."""

    nodes: list[FlowNode] = Field(min_length=2, max_length=12)
    edges: list[FlowEdge] = Field(default_factory=list, max_length=24)


class Section(_Model):
    """One slide of content. Exactly one body: points, table, glossary or flow."""

    title: Text
    icon: Icon | None = Field(None, description="Section icon shown in the slide header.")
    icons: list[Icon] | None = Field(None, max_length=6, description="Several header icons.")
    points: list[PointItem] | None = Field(None, min_length=1, max_length=6)
    table: Table | None = None
    glossary: list[GlossaryEntry] | None = Field(None, min_length=1, max_length=8)
    flow: Flow | None = None
    narration: Text | None = Field(None, description="Replaces the narration made from the body.")
    notes: Text | None = Field(None, description="Speaker notes (not shown, not spoken).")

    @property
    def body_kind(self) -> str:
        """Which body this section has: points, table, glossary or flow."""
        for name in BODY_FIELDS:
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated sections always have a body")

    @property
    def header_icons(self) -> tuple[str, ...]:
        """All icons of the header, `icon` first."""
        icons = [self.icon] if self.icon else []
        return tuple(icons + list(self.icons or []))


BODY_FIELDS = ("points", "table", "glossary", "flow")


class Fact(_Model):
    """One card of the quick-facts slide."""

    label: Text
    value: Text
    icon: Icon | None = None


class Facts(_Model):
    """The quick-facts slide."""

    title: Text | None = None
    items: list[Fact] = Field(min_length=1, max_length=6)


class QuizQuestion(_Model):
    """A multiple-choice question; one slide with a think pause and a reveal."""

    question: Text
    options: list[Text] = Field(min_length=2, max_length=6)
    answer: int = Field(description="The correct option, counted from 1.")
    explanation: Text | None = None


class Article(_Model):
    """A whole article: the input of one video."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: Text
    language: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    voice: str | None = Field(None, description="Voice profile name from voices/.")
    brand: Text | None = None
    tagline: Text | None = None
    narrator: Text | None = None
    facts: Facts | None = None
    sections: list[Section] = Field(min_length=1, max_length=60)
    see_also: list[Text] | None = Field(None, max_length=8)
    quiz: list[QuizQuestion] | None = Field(None, max_length=10)
    up_next: Text | None = None
    tags: list[Text] | None = Field(None, max_length=30,
                                    description="Search tags for the upload metadata.")
    music: str | None = Field(None, max_length=500,
                              description="Background music file, relative to the article.")

    @property
    def slug(self) -> str:
        """File-name friendly form of the title."""
        return slugify(self.title)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; never empty."""
    out = []
    for ch in text.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:80] or "article"


# --------------------------------------------------------------------------- loading

Marks = dict[tuple[str | int, ...], tuple[int, int]]
"""Field path -> (line, column), both 1-based, for every node of the YAML document."""


MAX_NODES = 20_000
"""YAML nodes an article may hold (the bundled one has about 1,000)."""


def _collect_marks(node: yaml.Node, path: tuple[str | int, ...], marks: Marks,
                   seen: set[int] | None = None) -> None:
    seen = set() if seen is None else seen
    if id(node) in seen:  # the composer hands out the same node again for every *alias
        raise yaml.MarkedYAMLError(problem="YAML aliases (*name) are not allowed in articles",
                                   problem_mark=node.start_mark)
    seen.add(id(node))
    if len(seen) > MAX_NODES:
        raise yaml.MarkedYAMLError(problem=f"the document has more than {MAX_NODES} values",
                                   problem_mark=node.start_mark)
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            marks[(*path, key, "<key>")] = (key_node.start_mark.line + 1,
                                            key_node.start_mark.column + 1)
            _collect_marks(value_node, (*path, key), marks, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_marks(item, (*path, index), marks, seen)


def format_path(path: tuple[str | int, ...]) -> str:
    """`("sections", 3, "table")` -> `sections[3].table`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "(top level)"


def _locate(path: Path, marks: Marks, field: tuple[str | int, ...]) -> SourceLocation:
    for end in range(len(field), -1, -1):
        mark = marks.get(field[:end])
        if mark:
            return SourceLocation(path, *mark)
    return SourceLocation(path)


def _model_for(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model whose fields live at `path` (used for did-you-mean hints)."""
    model: Any = Article
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _inner_model(origin)
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


LIMIT_HINTS = {
    "sections": "split the article into two articles",
    "points": "move some points into a second section",
    "rows": "split the table into two sections",
    "nodes": "split the diagram, or group steps into one node",
    "options": "keep the best 2 to 6 options",
    "quiz": "keep the best questions",
}


def _explain(error: dict[str, Any]) -> tuple[str, str | None]:
    """Message and hint for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing", "add it; see the article format in README"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_for(loc[:-1])
        names = _field_names(model) if model else []
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else None
        if not hint and names:
            hint = "valid keys here: " + ", ".join(names)
        return f"unknown key '{key}'", hint
    if kind in ("string_type", "str_type"):
        return "expected text", "quote it, e.g. \"...\""
    if kind in ("list_type",):
        return "expected a list", "write items as '- item' lines or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of keys to values", "write 'key: value' lines"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)", \
            "add them; see the article format in README"
    if kind == "too_long" and isinstance(error.get("input"), str):
        return f"is {len(error['input'])} characters long; at most {ctx.get('max_length')}", \
            "shorten it, or move some of it to another section"
    if kind == "too_long":
        count = ctx.get("actual_length")
        return (f"has {count} items; at most {ctx.get('max_length')} fit"
                if count else f"has too many items (at most {ctx.get('max_length')})"), \
            LIMIT_HINTS.get(str(loc[-1]), "split it into more sections")
    if kind == "string_too_short":
        return "must not be empty", "write some text, or remove the key"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", "shorten it"
    if kind == "int_parsing" or kind == "int_type":
        return "expected a whole number", "e.g. answer: 2"
    if kind == "string_pattern_mismatch":
        return f"has an invalid form (expected pattern {ctx.get('pattern')})", \
            "see the article format in README"
    return error.get("msg", "is not valid"), "see the article format in README"


def load_article(path: Path) -> Article:
    """Read, parse and validate an article; raise ArticleError naming file, line and field."""
    where = SourceLocation(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError("file not found", location=where,
                           hint="give a path, or a file name from articles/") from None
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror}", location=where) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleError(f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}",
                           location=where, hint="split it into several articles")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ArticleError("file is not UTF-8 text", location=SourceLocation(path, line),
                           hint="save the file as UTF-8") from None
    if not text.strip():
        raise ArticleError("file is empty", location=where,
                           hint="an article needs at least title, summary and sections")
    data, marks = _parse_yaml(path, text)
    if not isinstance(data, dict):
        raise ArticleError("the top level must be a mapping (key: value lines)",
                           location=SourceLocation(path, 1, 1),
                           hint="start with 'title: ...'")
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key shows up as "unknown key" and "missing field": name the typo first.
        first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
        loc = tuple(first["loc"])
        message, hint = _explain(dict(first))
        lookup = (*loc, "<key>") if first["type"] == "extra_forbidden" else loc
        raise ArticleError(message, location=_locate(path, marks, lookup),
                           field=format_path(loc), hint=hint) from None
    _check_meaning(article, path, marks)
    return article


def _parse_yaml(path: Path, text: str) -> tuple[Any, Marks]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ArticleError("file holds no YAML document", location=SourceLocation(path))
        marks: Marks = {}
        _collect_marks(node, (), marks)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        hint = "indent with spaces, not tabs" if "\\t" in problem or "tab" in problem else \
            "check indentation and quotes on this line"
        if "could not determine a constructor" in problem:
            hint = "YAML tags that build objects are not allowed; remove the '!' tag"
        if "aliases" in problem:
            hint = "write the value out where it is needed instead of '*name'"
        if "more than" in problem:
            hint = "split it into several articles"
        raise ArticleError(f"YAML syntax: {problem}", location=SourceLocation(path, line, col),
                           hint=hint) from None
    except yaml.YAMLError as exc:
        raise ArticleError(f"YAML: {exc}", location=SourceLocation(path)) from None
    finally:
        loader.dispose()
    return data, marks


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def locate(path: Path, field: tuple[str | int, ...]) -> SourceLocation:
    """Where a field of an (already valid) article file is: for errors found later, such as
    a voice that does not exist."""
    try:
        _, marks = _parse_yaml(path, path.read_text(encoding="utf-8"))
    except (OSError, ArticleError):
        return SourceLocation(path)
    return _locate(path, marks, field)


def _check_meaning(article: Article, path: Path, marks: Marks) -> None:
    """Rules across fields that a schema cannot say."""

    def fail(field: tuple[str | int, ...], message: str, hint: str | None = None) -> None:
        raise ArticleError(message, location=_locate(path, marks, field),
                           field=format_path(field), hint=hint)

    for i, section in enumerate(article.sections):
        bodies = [name for name in BODY_FIELDS if getattr(section, name) is not None]
        if not bodies:
            fail(("sections", i), "section has no body",
                 "give exactly one of: " + ", ".join(BODY_FIELDS))
        if len(bodies) > 1:
            fail(("sections", i, bodies[1]), f"section has two bodies ({' and '.join(bodies)})",
                 "split it into two sections")
        if section.table:
            width = len(section.table.columns)
            for r, row in enumerate(section.table.rows):
                if len(row) != width:
                    fail(("sections", i, "table", "rows", r),
                         f"row has {len(row)} cells but the table has {width} columns",
                         "add or remove cells so every row matches 'columns'")
        if section.flow:
            ids: set[str] = set()
            for n, node in enumerate(section.flow.nodes):
                if node.id in ids:
                    fail(("sections", i, "flow", "nodes", n, "id"),
                         f"duplicate node id '{node.id}'", "give every node its own id")
                ids.add(node.id)
            for e, edge in enumerate(section.flow.edges):
                for key, ref in (("from", edge.source), ("to", edge.target)):
                    if ref not in ids:
                        close = difflib.get_close_matches(ref, sorted(ids), n=1)
                        fail(("sections", i, "flow", "edges", e, key),
                             f"edge points to unknown node '{ref}'",
                             f"did you mean '{close[0]}'?" if close else
                             "known ids: " + ", ".join(sorted(ids)))
    if article.music:
        music = (path.parent / article.music).resolve()
        if not _inside(music, path.parent.resolve()) and not _inside(music, ASSETS_DIR):
            fail(("music",), f"music file '{article.music}' is outside the article's folder",
                 "put the music file next to the article (or in a folder below it)")
        if not music.is_file():
            fail(("music",), f"music file '{article.music}' not found",
                 "give a path relative to the article's folder")
    for q, question in enumerate(article.quiz or []):
        if not 1 <= question.answer <= len(question.options):
            fail(("quiz", q, "answer"),
                 f"answer {question.answer} is out of range",
                 f"use a number from 1 to {len(question.options)} (options count from 1)")
