"""Rows and boxes that appear as the narration mentions them (`reveal: mentioned`). Pure.

A table's row is mentioned by its first cell, a diagram's box by its label, found among the
words of the slide's cues as `reveal_at` finds a point's words (`rules.phrase_at`). Rows
appear in order: each is looked for after the one before, and one never mentioned appears
with the row before it. Boxes appear in the order they are first mentioned; those never
mentioned are there from the start, and an arrow shows once both its ends do.

In a vertical frame, a long table or glossary continues over steps instead (`phone_pages`):
a page of rows a step, turned as the rows are read, or evenly through the narration.
"""

from __future__ import annotations

from collections.abc import Sequence

from renderer.article.model import Section
from renderer.article.rules import phrase_at


def body_start(section: Section) -> int:
    """The first cue that may mention a row or box: after the spoken title, when the slide
    speaks its title."""
    return 0 if section.narration else 1


def revealed(section: Section) -> bool:
    """Whether the section's rows or boxes appear as they are mentioned."""
    return section.reveal == "mentioned" and bool(section.table or section.flow)


Mark = tuple[int, int, int]
"""(cue index, step, word index in that cue): a step that starts on a word."""


def _find(cues: Sequence[str], phrase: str, after: tuple[int, int]) -> tuple[int, int] | None:
    """(cue, word) of the phrase's first mention at or after `after`."""
    for c in range(after[0], len(cues)):
        found = phrase_at(cues[c].split(), phrase, after[1] if c == after[0] else 0)
        if found is not None:
            return c, found
    return None


def table_marks(section: Section, cues: Sequence[str], first: int) -> list[Mark]:
    """Row i (step i + 1) on its first cell's mention; `first` is the first cue that may
    mention one (after the title)."""
    assert section.table is not None
    marks: list[Mark] = []
    at = (first, 0)
    for i, row in enumerate(section.table.rows):
        found = _find(cues, row[0], at)
        if found is not None:
            at = (found[0], found[1] + 1)
            marks.append((found[0], i + 1, found[1]))
        else:  # with the row before it (the first: as the body starts)
            cue, _, word = marks[-1] if marks else (first, 0, 0)
            marks.append((cue, i + 1, word))
    return marks


def flow_order(
    section: Section, cues: Sequence[str], first: int
) -> tuple[list[str], list[tuple[str, int, int]]]:
    """The boxes never mentioned (shown from the start), and the others as (id, cue, word)
    in the order they are first mentioned."""
    assert section.flow is not None
    silent, said = [], []
    for node in section.flow.nodes:
        found = _find(cues, node.label, (first, 0))
        if found is None:
            silent.append(node.id)
        else:
            said.append((node.id, *found))
    said.sort(key=lambda item: (item[1], item[2]))
    return silent, said


def flow_marks(section: Section, cues: Sequence[str], first: int) -> list[Mark]:
    """Box k of the mention order (step k + 1) on its first mention."""
    _, said = flow_order(section, cues, first)
    return [(cue, k + 1, word) for k, (_, cue, word) in enumerate(said)]


def visible_boxes(section: Section, cues: Sequence[str], first: int, step: int) -> set[str]:
    """The boxes a diagram shows at a reveal step."""
    silent, said = flow_order(section, cues, first)
    return {*silent, *(node for node, _, _ in said[:step])}


PHONE_PAGE = 4
"""Rows of a table, or entries of a glossary, a vertical frame shows at once: longer ones
continue over further steps (one page a step), as they are read. With burned-in captions
the content is shorter (their band is kept free): `PHONE_PAGE_CAPTIONED`."""
PHONE_PAGE_CAPTIONED = 3


def phone_pages(section: Section, per_page: int = PHONE_PAGE) -> int:
    """How many pages a section's rows or entries take in a vertical frame (1: it fits, or
    its rows appear as they are mentioned instead)."""
    if revealed(section):
        return 1
    count = (
        len(section.table.rows)
        if section.table
        else len(section.glossary)
        if section.glossary
        else 0
    )
    return max(1, -(-count // per_page))


def page_size(count: int, pages: int) -> int:
    """Items a page holds when `count` items share `pages` pages evenly (5 rows: 3 and 2)."""
    return max(1, -(-count // max(1, pages)))


def page_items(items: Sequence[object], pages: int, step: int) -> range:
    """Which of the items page `step` shows (all of them for a slide of one page)."""
    if pages <= 1:
        return range(len(items))
    size = page_size(len(items), pages)
    first = min(step, pages - 1) * size
    return range(first, min(len(items), first + size))


def page_marks(words: int, pages: int) -> tuple[tuple[int, int], ...]:
    """(step, word) marks turning the pages of one cue of `words` words evenly: page k
    from the word k/pages of the way through."""
    return tuple(
        (k, round(k * words / pages))
        for k in range(1, pages)
        if 0 < round(k * words / pages) < words
    )
