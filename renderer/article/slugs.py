"""An article's name for its files: its title as a slug."""

from __future__ import annotations

import unicodedata

import regex

from renderer.graphemes import cut_bytes, head


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens, never empty: ASCII letters and digits, and the
    letters of scripts other than Latin as they are (a Japanese or Arabic title names its
    files in its own words, not all "article"); at most 80 characters and 120 bytes, cut
    between whole characters (`graphemes`)."""
    out = []
    for ch in unicodedata.normalize("NFC", text).lower():
        if ch.isascii():
            out.append(ch if ch.isalnum() else "-")
        else:
            out.append(ch if _OWN_LETTER.match(ch) else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return cut_bytes(head(slug, 80), 120) or "article"


_OWN_LETTER = regex.compile(r"(?!\p{Latin})[\p{L}\p{N}\p{M}]")
"""A letter, digit or mark of a script other than Latin (an accented Latin letter is not
kept: titles in Latin keep the ASCII slugs they always had)."""
