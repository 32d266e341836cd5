"""A Markdown page as data: its units (a heading and the blocks up to the next heading of its
level or above), the blocks a unit holds (lists with their items, flowcharts, glossaries;
prose, pictures, code and tables come from `md_media` and `md_table`), and the `Context` of
the file being read. `md_blocks` fills them from the parse tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renderer.article.md_inline import Inline, checkbox
from renderer.article.md_media import CodeBlock, ImageBlock, Prose, VideoBlock
from renderer.article.md_table import TableBlock
from renderer.article.mermaid import Flowchart


@dataclass
class Context:
    """The file being read and what was said about it."""

    path: Path
    lines: list[str] = field(default_factory=list)
    """The page's lines (as the parser numbers them)."""
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Speaker notes (HTML comments) of the unit being read."""

    def warn(self, line: int | None, message: str) -> None:
        where = f"{self.path}:{line}" if line else str(self.path)
        self.warnings.append(f"{where}: {message}")


@dataclass
class Item:
    """One list item: its text, what is folded into it and how it is marked."""

    inline: Inline
    line: int
    children: list[Item] = field(default_factory=list)
    more: list[Inline] = field(default_factory=list)
    """Further paragraphs of a loose item."""
    quote: str | None = None
    """A blockquote inside the item: what is said for it."""

    def folded(self) -> tuple[str, str]:
        """The item as one piece of text (shown, spoken): its further paragraphs and its
        quote after its text, its nested items in brackets; a task mark shown as ✅ / ⬜."""
        checked, text = checkbox(self.inline.shown)
        mark = "" if checked is None else "✅ " if checked else "⬜ "
        shown = " ".join(
            t for t in [mark + text, *(m.shown for m in self.more), self.quote or ""] if t
        )
        spoken = " ".join(
            t
            for t in [
                checkbox(self.inline.spoken)[1],
                *(m.spoken for m in self.more),
                self.quote or "",
            ]
            if t
        )
        inner = [child.folded() for child in self.children]
        if inner:
            shown += " (" + ", ".join(s for s, _ in inner) + ")"
            spoken += " (" + ", ".join(s for _, s in inner) + ")"
        return shown, spoken


@dataclass
class ListBlock:
    items: list[Item]
    line: int
    prose: list[Prose] = field(default_factory=list)
    image: ImageBlock | None = None
    """A picture shown beside the points."""


@dataclass
class FlowBlock:
    chart: Flowchart
    line: int
    prose: list[Prose] = field(default_factory=list)


@dataclass
class GlossaryBlock:
    entries: list[tuple[str, str, int]]
    line: int
    prose: list[Prose] = field(default_factory=list)


Block = (
    Prose | ListBlock | TableBlock | FlowBlock | GlossaryBlock | ImageBlock | CodeBlock | VideoBlock
)
Body = ListBlock | TableBlock | FlowBlock | GlossaryBlock | ImageBlock | CodeBlock | VideoBlock


@dataclass
class Unit:
    """A heading and the blocks up to the next heading of its level or above."""

    title: str
    icons: list[str]
    line: int
    nodes: list[Any]
    level: int = 0
    parent: bool = False
    """Sub-slides follow it (a `##` with `###` under it): it may have nothing of its own."""
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Its HTML comments: speaker notes."""
