"""GFM tables of a Markdown page as table blocks, no cell lost.

GFM drops the cells of a row beyond its header's; a page that writes a longer row means
them (a header left short), so such a table is read again with its header widened by empty
columns, and the widening is said in a warning. More columns than a slide holds are left out
with a warning naming them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.tree import SyntaxTreeNode

from renderer.article.md_inline import Inline, render_inline
from renderer.article.md_media import Prose

MAX_TABLE_COLUMNS = 6
EMPTY_CELL = "—"
"""What an empty cell (or an empty header of a widened table) shows."""

Warn = Callable[[int, str], None]
Report = Callable[[Inline, int], None]
"""Warn about what a cell's inline text drops (raw HTML) and keep its notes."""


@dataclass
class TableBlock:
    columns: list[str]
    rows: list[list[str]]
    line: int
    row_lines: list[int]
    prose: list[Prose] = field(default_factory=list)


def table(
    node: Any, lines: list[str], offset: int, parser: MarkdownIt, warn: Warn, report: Report
) -> list[TableBlock | Prose]:
    """A `table` node as a table block (a header alone as prose). `lines` are the source
    lines its map indexes (the page's, or a code fence's content), `offset` the page line
    before them."""
    line = (node.map[0] if node.map else 0) + offset + 1
    widened = _widened(node, lines, offset, parser, warn)
    if widened is not None:
        node = widened
    head = next((c for c in node.children if c.type == "thead"), None)
    body = next((c for c in node.children if c.type == "tbody"), None)
    if head is None or not head.children:
        return []
    columns = _cells(head.children[0], offset, report)
    rows = [_cells(row, offset, report) for row in body.children] if body else []
    row_lines = [_line(row) + offset for row in body.children] if body else []
    if len(columns) > MAX_TABLE_COLUMNS:
        left_out = [
            name if name != EMPTY_CELL else f"column {i + 1}"
            for i, name in enumerate(columns)
            if i >= MAX_TABLE_COLUMNS
        ]
        warn(
            line,
            f"table has {len(columns)} columns; the first {MAX_TABLE_COLUMNS} are "
            "shown, columns '" + "', '".join(left_out) + "' are left out",
        )
        columns = columns[:MAX_TABLE_COLUMNS]
        rows = [row[:MAX_TABLE_COLUMNS] for row in rows]
    rows = [row + [EMPTY_CELL] * (len(columns) - len(row)) for row in rows]
    if not rows:  # a header alone says what it says as prose
        return [Prose(", ".join(columns), ", ".join(columns), line)]
    return [TableBlock(columns, rows, line, row_lines)]


def _line(node: Any) -> int:
    return node.map[0] + 1 if node.map else 0


def _cells(row: Any, offset: int, report: Report) -> list[str]:
    cells = []
    for cell in row.children:
        text = render_inline(cell.children[0]) if cell.children else Inline()
        report(text, _line(row) + offset)
        cells.append(text.shown or EMPTY_CELL)
    return cells


def _count(source: str) -> int:
    """Cells of one table line, as GFM splits it (outer pipes are not cells)."""
    cells = escapedSplit(source.strip())
    if cells and not cells[0].strip():
        cells.pop(0)
    if cells and not cells[-1].strip():
        cells.pop()
    return len(cells)


def _widened(
    node: Any, lines: list[str], offset: int, parser: MarkdownIt, warn: Warn
) -> Any | None:
    """The table read again with as many columns as its longest row, when a row is longer
    than the header (None when none is)."""
    if not node.map:
        return None
    start, end = node.map
    source = lines[start:end]
    if len(source) < 3:
        return None
    width = _count(source[0])
    longest = max(range(2, len(source)), key=lambda i: _count(source[i]))
    extra = _count(source[longest]) - width
    if extra <= 0:
        return None
    warn(
        start + longest + offset + 1,
        f"a table row has {width + extra} cells but the header has {width}; the header is "
        f"widened with {extra} empty column{'s' if extra > 1 else ''}",
    )

    def close(text: str, cell: str) -> str:
        text = text.rstrip()
        if not text.endswith("|") or text.endswith("\\|"):
            text += " |"
        return text + f" {cell} |" * extra

    text = "\n".join([close(source[0], ""), close(source[1], "---"), *source[2:]])
    tables = [c for c in SyntaxTreeNode(parser.parse(text)).children if c.type == "table"]
    if not tables:
        return None
    found = tables[0]
    _shift(found, start)
    return found


def _shift(node: Any, lines: int) -> None:
    """Move a re-read table's line numbers to where it stands in its source."""
    for token in [node.token, node.nester_tokens.opening if node.nester_tokens else None]:
        if token is not None and token.map:
            token.map = [token.map[0] + lines, token.map[1] + lines]
    for child in node.children:
        _shift(child, lines)
