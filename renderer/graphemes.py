"""Text cut and measured by grapheme cluster: what a reader sees as one character.

A code point is not a character: 👩‍💻 is three (woman, zero-width joiner, laptop), the flag
🇮🇳 two, the Devanagari syllable क्षि four (consonant, virama, consonant, vowel sign), é may be
two (e and a combining accent). Cutting between them leaves half a picture, a different
emoji or a broken syllable. Every cut of text a viewer sees (a title, a tag, a line on a
slide, a description) goes through here, and never falls inside an extended grapheme
cluster (Unicode UAX #29, the `regex` package's `\\X`; from regex 2024.6.22 it keeps a
Devanagari conjunct such as क्ष whole, Unicode 15.1's rule GB9c).

A limit is counted by a `size` function that adds up over clusters: clusters by default
(`length`), or the unit a platform counts in (`utf16_units`, `utf8_bytes`).
"""

from __future__ import annotations

from collections.abc import Callable

import regex

ELLIPSIS = "…"
"""What `cut` puts where the text was cut."""

_CLUSTER = regex.compile(r"\X")

Size = Callable[[str], int]
"""How long a text is in some unit; the size of a text is the sum of its clusters' sizes."""


def clusters(text: str) -> list[str]:
    """The text's extended grapheme clusters, in order; joined, they are the text again."""
    return _CLUSTER.findall(text)


def length(text: str) -> int:
    """How many grapheme clusters the text has (characters as a reader counts them)."""
    return sum(1 for _ in _CLUSTER.finditer(text))


def utf8_bytes(text: str) -> int:
    """The text's size in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def utf16_units(text: str) -> int:
    """The text's size in UTF-16 code units (what Java and JavaScript count as its length):
    never less than its code points or its clusters."""
    return len(text.encode("utf-16-le")) // 2


def head(text: str, count: int) -> str:
    """The first `count` clusters of the text (all of it if it has fewer); no ellipsis."""
    if count <= 0:
        return ""
    return "".join(clusters(text)[:count])


def tail(text: str, count: int) -> str:
    """The last `count` clusters of the text (all of it if it has fewer)."""
    if count <= 0:
        return ""
    return "".join(clusters(text)[-count:])


def drop_last(text: str) -> str:
    """The text without its last cluster ("" for "" or a single cluster)."""
    return "".join(clusters(text)[:-1])


def cut(
    text: str, limit: int, ellipsis: str = ELLIPSIS, *, size: Size = length, words: bool = False
) -> str:
    """The text if it fits `limit`; else its longest prefix of whole clusters that fits
    with `ellipsis` after it, counted in `size` (clusters by default).

    The kept text loses its trailing spaces before an ellipsis ("a very…", not "a very …");
    with `ellipsis=""` it is kept as cut. With `words`, a cut that falls inside a word moves
    back to the space before it when that space is in the kept text's second half (a near
    one); a longer word is cut inside. An ellipsis longer than the limit is left out.
    """
    if size(text) <= limit:
        return text
    if size(ellipsis) > limit:
        ellipsis = ""
    room = limit - size(ellipsis)
    parts = clusters(text)
    kept: list[str] = []
    used = 0
    for part in parts:
        used += size(part)
        if used > room:
            break
        kept.append(part)
    if (
        words
        and 0 < len(kept) < len(parts)
        and not kept[-1].isspace()
        and not parts[len(kept)].isspace()
    ):
        space = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].isspace()), -1)
        if space >= len(kept) / 2:
            kept = kept[:space]
    out = "".join(kept)
    return out.rstrip() + ellipsis if ellipsis else out


def cut_bytes(text: str, limit: int, ellipsis: str = "") -> str:
    """The text if it is at most `limit` UTF-8 bytes; else its longest prefix of whole
    clusters that is, with `ellipsis` (none by default) after it."""
    return cut(text, limit, ellipsis, size=utf8_bytes)


def longest_prefix(text: str, fits: Callable[[str], bool]) -> str:
    """The longest prefix of whole clusters for which `fits` holds (at least the first
    cluster, even when it does not fit); `fits` must hold for every prefix of a prefix it
    holds for (a width, say). A binary search: about log2(clusters) calls of `fits`."""
    parts = clusters(text)
    low, high = 1, len(parts)
    while low < high:
        mid = (low + high + 1) // 2
        if fits("".join(parts[:mid])):
            low = mid
        else:
            high = mid - 1
    return "".join(parts[:low])


def chunks(text: str, count: int) -> list[str]:
    """The text in pieces of `count` clusters (the last may be shorter); [] for ""."""
    parts = clusters(text)
    return ["".join(parts[i : i + count]) for i in range(0, len(parts), max(count, 1))]
