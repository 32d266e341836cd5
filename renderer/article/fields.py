"""The article's text fields: what every piece of text an author writes must be, and how it
is made plain (numbers as text, Chinese and Japanese line breaks unfolded)."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

import regex
from pydantic import AfterValidator, BeforeValidator, Field

from renderer.errors import SettingError
from renderer.wordsplit import CLOSE


def scalar_to_str(value: Any) -> Any:
    """Allow numbers and booleans where text is expected (table cells, values)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return value


def visible(value: str) -> str:
    """Text that shows nothing (spaces, zero-width spaces and joiners, word joiners,
    direction marks: Unicode's separators and format characters) is refused like empty
    text: it would pass as text and then draw and say nothing."""
    if all(
        ch.isspace() or unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Cc") for ch in value
    ):
        raise SettingError("has no visible characters", hint="write some text, or remove the key")
    return value


_FOLDED = regex.compile(rf"(?<={CLOSE})[ \t\r\n]+(?={CLOSE})")


def _unfolded(value: str) -> str:
    """Chinese and Japanese are written without spaces: a line break between two of their
    characters (YAML's folded `>` text makes it a space) is no space, as in HTML."""
    return _FOLDED.sub("", value)


Text = Annotated[
    str,
    BeforeValidator(scalar_to_str),
    Field(min_length=1, max_length=2000),
    AfterValidator(visible),
    AfterValidator(_unfolded),
]
"""A piece of text with something to see; numbers are accepted and turned into text."""

Icon = Annotated[str, Field(min_length=1, max_length=32)]
"""An emoji (or short symbol) drawn as an icon."""
