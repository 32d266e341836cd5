"""YAML files with line numbers: read safely, parse, and validate into a typed model.

Used for articles and for catalogue files alike, so both report a mistake the same way: the
file, line and column, the field path and a hint. PyYAML's safe loader only (no tags that
build objects), no aliases; limits of size, values, nesting and a key's length, each reported
with its value (never as a mistake of YAML syntax).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from renderer.article.explain import explain, format_path
from renderer.errors import ArticleError, SourceLocation, printable
from renderer.graphemes import head

MAX_FILE_BYTES = 1_000_000
"""Files larger than this are refused before parsing."""

MAX_NODES = 20_000
"""YAML nodes a file may hold (the bundled article has about 1,000)."""

MAX_DEPTH = 32
"""Levels of nesting a file may have (an article needs 6)."""

MAX_KEY_CHARS = 1024
"""The longest key PyYAML's scanner reads (a plain or quoted key on one line): a longer one is
a limit of the reader, not a mistake of syntax, and is reported as such."""

ALLOWED_CONTROLS = frozenset("\n\t")
"""The only control characters text may hold."""

Marks = dict[tuple[str | int, ...], tuple[int, int]]
"""Field path -> (line, column), both 1-based, for every node of the YAML document."""

M = TypeVar("M", bound=BaseModel)


def load_plain(text: str) -> Any:
    """A small trusted YAML file (a theme, a voice profile) without line tracking, through
    libyaml's safe loader where PyYAML has it (ten times faster than the pure-Python one)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_text(path: Path, what: str = "an article") -> str:
    """The file as text: found, not too big, UTF-8, not empty; else an ArticleError."""
    where = SourceLocation(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(
            "file not found", location=where, hint="give a path, or a file name from articles/"
        ) from None
    except IsADirectoryError:
        raise ArticleError(
            "this is a folder, not a file",
            location=where,
            hint="give the path of an article file (.yaml or .md)",
        ) from None
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror}", location=where) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleError(
            f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MB)",
            location=where,
            hint="split it into several files",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ArticleError(
            "file is not UTF-8 text",
            location=SourceLocation(path, line),
            hint="save the file as UTF-8",
        ) from None
    if not text.strip():
        raise ArticleError(
            "file is empty",
            location=where,
            hint=f"{what} needs at least a title, a summary and sections"
            if what == "an article"
            else f"write {what} in it",
        )
    return text


class _Limit(Exception):
    """A limit of the reader reached (values, nesting, a key's length): reported with the
    limit and its value, never as a mistake of YAML syntax."""

    def __init__(self, message: str, mark: yaml.Mark | None, hint: str) -> None:
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit (its composer recurses: thousands of levels
    would be a RecursionError) and integers of any size (Python refuses to convert more
    than 4300 digits: such a number is kept as the text it is)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _too_deep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return node.value


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


class _KeyLengthLoader(_Loader):
    """The loader that says when a key is too long. PyYAML's scanner forgets a key longer
    than MAX_KEY_CHARS and then calls its ':' a mistake ("could not find expected ':'",
    "mapping values are not allowed here", "expected ',' or '}'"). The check runs on every
    token (a third more time to read an article), so a file is read again with it only when
    the plain loader found a mistake of syntax."""

    def stale_possible_simple_keys(self) -> None:
        """A ':' after a key longer than MAX_KEY_CHARS on its line is this limit, said."""
        for key in self.possible_simple_keys.values():
            if key.line == self.line and self.index - key.index > MAX_KEY_CHARS:
                ahead = 0
                while self.peek(ahead) in " \t":
                    ahead += 1
                if self.peek(ahead) == ":":
                    raise _Limit(
                        f"a key is longer than {MAX_KEY_CHARS:,} characters (the limit of the "
                        "YAML reader)",
                        key.mark,
                        "a key names a field (title, points, ...): shorten it; text this long "
                        "belongs after a key, in quotes if it holds ': '",
                    )
        super().stale_possible_simple_keys()


def _key_too_long(text: str) -> _Limit | None:
    """After a mistake of syntax: whether it is really a key over MAX_KEY_CHARS."""
    loader = _KeyLengthLoader(text)
    try:
        while loader.check_token():
            loader.get_token()
    except _Limit as limit:
        return limit
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def parse(path: Path, text: str) -> tuple[Any, Marks]:
    """The YAML document and where each of its values is."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # its reader refuses raw control characters at once
        node = loader.get_single_node()
        if node is None:
            raise ArticleError("file holds no YAML document", location=SourceLocation(path))
        marks: Marks = {}
        _collect_marks(node, (), marks)
        data = loader.construct_document(node)
    except _Limit as exc:
        line, col = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (None, None)
        raise ArticleError(
            exc.message, location=SourceLocation(path, line, col), hint=exc.hint
        ) from None
    except yaml.MarkedYAMLError as exc:
        too_long = _key_too_long(text)
        if too_long is not None:
            line, col = (
                (too_long.mark.line + 1, too_long.mark.column + 1)
                if too_long.mark
                else (None, None)
            )
            raise ArticleError(
                too_long.message, location=SourceLocation(path, line, col), hint=too_long.hint
            ) from None
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        hint = (
            "indent with spaces, not tabs"
            if "\\t" in problem or "tab" in problem
            else "check indentation and quotes on this line"
        )
        if "could not determine a constructor" in problem:
            hint = "YAML tags that build objects are not allowed; remove the '!' tag"
        if "aliases" in problem:
            hint = "write the value out where it is needed instead of '*name'"
        if "appears twice" in problem:
            hint = "keep one of them: otherwise the second would replace the first unseen"
        raise ArticleError(
            f"YAML syntax: {problem}", location=SourceLocation(path, line, col), hint=hint
        ) from None
    except yaml.reader.ReaderError as exc:  # a raw control character in the file
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character))
        raise ArticleError(
            f"control character U+{code:04X} is not allowed",
            location=SourceLocation(path, line),
            hint="delete it; only newlines and tabs may be in the text",
        ) from None
    except yaml.YAMLError as exc:
        raise ArticleError(f"YAML: {exc}", location=SourceLocation(path)) from None
    except RecursionError:
        limit = _too_deep(None)
        raise ArticleError(limit.message, location=SourceLocation(path), hint=limit.hint) from None
    finally:
        if loader is not None:
            loader.dispose()
    check_text(path, data, marks)
    return data, marks


def _too_deep(mark: yaml.Mark | None) -> _Limit:
    return _Limit(
        f"values are nested more than {MAX_DEPTH} levels deep (the limit)",
        mark,
        "an article needs 6 levels at most: look for an unclosed '[' or '{', or a "
        "list inside a list",
    )


def check_text(path: Path, value: Any, marks: Marks, at: tuple[str | int, ...] = ()) -> None:
    """Refuse control characters (but newline and tab) anywhere, keys included: a NUL or
    a terminal escape sequence is never meant, and would break a voice or a terminal."""
    if isinstance(value, str):
        bad = next(
            (ch for ch in value if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"),
            None,
        )
        if bad is not None:
            raise ArticleError(
                f"control character U+{ord(bad):04X} is not allowed",
                location=find(path, marks, at),
                field=format_path(at),
                hint="remove it (an escape such as \\x1b or \\0 in quotes "
                "makes one); newlines and tabs are fine",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(path, key, marks, (*at, str(key), "<key>"))
            check_text(path, item, marks, (*at, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_text(path, item, marks, (*at, index))


def _collect_marks(
    node: yaml.Node, path: tuple[str | int, ...], marks: Marks, seen: set[int] | None = None
) -> None:
    seen = set() if seen is None else seen
    if id(node) in seen:  # the composer hands out the same node again for every *alias
        raise yaml.MarkedYAMLError(
            problem="YAML aliases (*name) are not allowed here", problem_mark=node.start_mark
        )
    seen.add(id(node))
    if len(seen) > MAX_NODES:
        raise _Limit(
            f"the file has more than {MAX_NODES:,} YAML values (the limit)",
            node.start_mark,
            "an article needs about 1,000 (a value is a text, a "
            "number, a list or a mapping): split it into several articles",
        )
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(
                    problem="a key must be a word, not a list or a mapping",
                    problem_mark=key_node.start_mark,
                )
            key = key_node.value
            if key in first_seen:  # a strict reader refuses it; the last would win silently
                raise yaml.MarkedYAMLError(
                    problem=f"key '{head(printable(str(key)), 60)}' appears twice (first on line "
                    f"{first_seen[key]})",
                    problem_mark=key_node.start_mark,
                )
            first_seen[key] = key_node.start_mark.line + 1
            marks[(*path, key, "<key>")] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            _collect_marks(value_node, (*path, key), marks, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_marks(item, (*path, index), marks, seen)


def find(path: Path, marks: Marks, field: tuple[str | int, ...]) -> SourceLocation:
    """Where `field` (or the nearest value holding it) is in the file."""
    for end in range(len(field), -1, -1):
        mark = marks.get(field[:end])
        if mark:
            return SourceLocation(path, *mark)
    return SourceLocation(path)


def validate(
    model: type[M], data: Any, path: Path, marks: Marks, prefix: tuple[str | int, ...] = ()
) -> M:
    """`data` (found at `prefix` in the file) as a `model`; the first mistake becomes an
    ArticleError naming its line, field and a hint."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key shows up as "unknown key" and "missing field": name the typo first.
        first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
        loc = (*prefix, *first["loc"])
        message, hint = explain(dict(first), model)
        lookup = (*loc, "<key>") if first["type"] == "extra_forbidden" else loc
        raise ArticleError(
            message, location=find(path, marks, lookup), field=format_path(loc), hint=hint
        ) from None
