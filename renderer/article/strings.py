"""The strings of an article a viewer sees or hears, found in its data as read (YAML or a
Markdown page, before validation), each at its field path; and the same data with those
strings replaced (a translation). Settings, paths, ids, icons and code are not strings to
translate: only the fields in `TEXT_FIELDS` are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renderer.article.yaml_reader import Marks, find

Field = tuple[str | int, ...]

TEXT_FIELDS = frozenset(
    {
        "title", "summary", "brand", "tagline", "narrator", "label", "value", "text", "say",
        "reveal_at", "columns", "rows", "term", "definition", "caption", "alt", "intro",
        "narration", "notes", "see_also", "question", "options", "explanation", "up_next",
        "tags", "points",
    }
)  # fmt: skip
"""Fields whose strings are shown or spoken (a list under one of them: each of its
strings; `points` written as plain strings are points' texts)."""

TEXT_MAPS = frozenset({"phrases"})
"""Top-level fields whose every value is a string shown or spoken."""

NOTES = {
    "say": "spoken as a sentence of its own (and shown as its caption): write a whole "
    "sentence, not a fragment continued in the next point",
    "notes": "the presenter's notes, shown in the Live Class presenter view",
    "reveal_at": "the word of this point's narration at which it appears: a word of your "
    "translation of its 'say'",
    "see_also": "a topic's name: keep it the same as that article's translated title",
    "up_next": "a topic's name: keep it the same as that article's translated title",
    "phrases": "words render-video adds itself; keep each {placeholder}. Left untranslated, "
    "a language render-video knows gets its own (English for the others)",
}
"""What a translator should know about a field."""


@dataclass(frozen=True)
class Source:
    """One string to translate: where it is in the data, its text, its line."""

    field: Field
    text: str
    line: int | None

    @property
    def context(self) -> str:
        """Its field path, written out: `sections.3.points.2.say` (the PO msgctxt)."""
        return ".".join(str(part) for part in self.field)

    @property
    def note(self) -> str:
        """What the translator should know about it ("" if nothing)."""
        named = [part for part in self.field if isinstance(part, str)]
        if named[:1] == ["phrases"]:
            return NOTES["phrases"]
        return NOTES.get(named[-1], "") if named else ""


def sources(data: Any, path: Path, marks: Marks) -> list[Source]:
    """Every string a viewer sees or hears, in the order of the file."""
    return [
        Source(field, text, find(path, marks, field).line)
        for field, text in _strings(data, (), False)
        if text.strip()
    ]


def replaced(data: Any, translate: Callable[[Field, str], str]) -> Any:
    """A copy of `data` with each string to translate replaced by `translate(field, text)`."""
    return _replace(data, (), False, translate)


def _strings(value: Any, field: Field, text: bool) -> Iterator[tuple[Field, str]]:
    if isinstance(value, str):
        if text:
            yield field, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, (*field, key), _text(field, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, (*field, index), text)


def _replace(value: Any, field: Field, text: bool, translate: Callable[[Field, str], str]) -> Any:
    if isinstance(value, str):
        return translate(field, value) if text and value.strip() else value
    if isinstance(value, dict):
        return {
            key: _replace(inner, (*field, key), _text(field, key), translate)
            for key, inner in value.items()
        }
    if isinstance(value, list):
        return [
            _replace(inner, (*field, index), text, translate) for index, inner in enumerate(value)
        ]
    return value


def _text(field: Field, key: str | int) -> bool:
    """Whether the value at `field` + `key` is text to translate."""
    return key in TEXT_FIELDS or (len(field) == 1 and field[0] in TEXT_MAPS)
