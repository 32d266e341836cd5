"""The parts of an article a page's sections fill besides slides: see also, quick facts and
up next (the quiz has `md_quiz`), and `Parts`, what a page's units give."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from renderer.article.md_inline import split_icons
from renderer.article.md_media import Prose
from renderer.article.md_units import Block, Context, ListBlock, Unit
from renderer.article.yaml_reader import Marks
from renderer.graphemes import head

MAX_SEE_ALSO = 8


@dataclass
class Parts:
    """What the page's units give, with the line of each field."""

    sections: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] | None = None
    see_also: list[str] = field(default_factory=list)
    quiz: list[dict[str, Any]] = field(default_factory=list)
    up_next: str | None = None
    marks: Marks = field(default_factory=dict)
    lead: tuple[str, int, int] | None = None
    """A heading with nothing of its own above sub-slides (`## Part` over `### Topic`), its
    line and level: said before its first sub-slide."""

    def end_lead(self, level: int, ctx: Context) -> None:
        """A unit of `level` starts (0: the page ends): a lead heading none of whose
        sub-slides showed anything is said to be skipped."""
        if self.lead is not None and level <= self.lead[2]:
            ctx.warn(self.lead[1], f"section '{self.lead[0]}' has nothing to show; skipped")
            self.lead = None

    def add(self, section: dict[str, Any], marks: Marks) -> None:
        index = len(self.sections)
        if self.lead is not None:
            title, line, _ = self.lead
            said = title if title[-1:] in ".!?।:" else f"{title}."
            section["intro"] = f"{said} {section.get('intro', '')}".strip()
            marks = {**marks, ("intro",): marks.get(("intro",), (line, 1))}
            self.lead = None
        self.sections.append(section)
        self.marks.update({("sections", index, *key): value for key, value in marks.items()})


def left_out(unit: Unit, ctx: Context, lists: list[ListBlock]) -> None:
    """A part of the article (see also, facts, up next, a quiz) reads text and the first
    line of each item of `lists`: any other block of its section, and what is under an
    item, is said to be skipped."""
    for block in unit.blocks:
        if not isinstance(block, ListBlock | Prose):
            ctx.warn(block.line, f"a {_kind(block)} in '{unit.title}' is not shown; skipped")
    for item in (item for block in lists for item in block.items):
        if item.children or item.more or item.quote:
            ctx.warn(
                item.line,
                f"only the first line of an item in '{unit.title}' is shown; "
                "the text under it is skipped",
            )


def _kind(block: Block) -> str:
    name = type(block).__name__.removesuffix("Block").lower()
    return {
        "flow": "diagram",
        "glossary": "definition list",
        "image": "picture",
        "video": "clip",
        "code": "code block",
    }.get(name, name)


def see_also(unit: Unit, parts: Parts, ctx: Context) -> bool:
    lists = [b for b in unit.blocks if isinstance(b, ListBlock)]
    if not lists:
        return False
    for block in unit.blocks:
        if isinstance(block, Prose) and not block.shown.endswith(":"):
            ctx.warn(block.line, f"text in '{unit.title}' is not shown; only its list is")
    left_out(unit, ctx, lists)
    for block in lists:
        for item in block.items:
            text = split_icons(item.inline.shown)[1]
            if not text:
                continue
            if len(parts.see_also) == MAX_SEE_ALSO:
                ctx.warn(
                    item.line,
                    f"see also holds at most {MAX_SEE_ALSO} topics; '{head(text, 60)}' is left out",
                )
                continue
            parts.marks[("see_also", len(parts.see_also))] = (item.line, 1)
            parts.see_also.append(text)
    parts.marks.setdefault(("see_also",), (unit.line, 1))
    return True


def facts(unit: Unit, parts: Parts, ctx: Context) -> bool:
    lists = [b for b in unit.blocks if isinstance(b, ListBlock)]
    if len(lists) != 1 or not all(item.inline.label for item in lists[0].items):
        return False
    for block in unit.blocks:
        if isinstance(block, Prose):
            ctx.warn(block.line, "text in a quick facts section is not shown; only its list is")
    left_out(unit, ctx, lists)
    items = []
    for j, item in enumerate(lists[0].items):
        icons = split_icons(item.inline.shown)[0]
        items.append(
            {
                "label": item.inline.label,
                "value": item.inline.rest_shown,
                **({"icon": icons[0]} if icons else {}),
            }
        )
        parts.marks[("facts", "items", j)] = (item.line, 1)
    parts.facts = {"title": unit.title, "items": items}
    parts.marks[("facts",)] = (unit.line, 1)
    return True


def up_next(unit: Unit, parts: Parts, ctx: Context) -> bool:
    texts = [(b.shown, b.line) for b in unit.blocks if isinstance(b, Prose)]
    texts += [
        (split_icons(i.inline.shown)[1], i.line)
        for b in unit.blocks
        if isinstance(b, ListBlock)
        for i in b.items
    ]
    if not texts:
        return False
    left_out(unit, ctx, [b for b in unit.blocks if isinstance(b, ListBlock)])
    parts.up_next = texts[0][0]
    parts.marks[("up_next",)] = (texts[0][1], 1)
    for _, line in texts[1:]:
        ctx.warn(line, "up next names one topic; this one is left out")
    return True
