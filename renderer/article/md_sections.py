"""The units of a Markdown page (a heading and its blocks) as the article's parts: slides
(points, table, flow, glossary), and the quick facts, see also, quiz and up next that
sections of those names hold. Long lists, tables and glossaries continue on further slides
of the same title; paragraphs are spoken (and shown as sentences when nothing else is)."""

from __future__ import annotations

import re
from typing import Any

from renderer.article import md_parts
from renderer.article.md_inline import checkbox, sentences, split_icons
from renderer.article.md_media import ImageBlock, Prose, VideoBlock
from renderer.article.md_parts import Parts
from renderer.article.md_quiz import read_quiz
from renderer.article.md_table import TableBlock
from renderer.article.md_units import (
    Block,
    Body,
    Context,
    FlowBlock,
    GlossaryBlock,
    Item,
    ListBlock,
    Unit,
)
from renderer.article.yaml_reader import Marks

MAX_POINTS, MAX_ROWS, MAX_TERMS = 6, 8, 8
"""What one slide holds; more continue on the next slides, shared evenly (a page's table
rows are often long: 8 a slide keeps them readable, where a YAML article may give 12)."""
MAX_NODES, MAX_EDGES = 12, 24
"""A larger flowchart is narrated instead of drawn."""
SLIDE_CHARS = 600
"""Sentences shown on one slide of prose."""
SPOKEN_CHARS = 1800
"""Paragraphs spoken with a body; longer prose gets slides of its own."""
FOLD_CHARS = 200
"""A point with its nested items folded in is shown whole up to this length."""

KINDS = {
    "facts": ("quick facts", "facts", "key facts", "fast facts", "at a glance", "infobox facts"),
    "glossary": ("glossary", "terms", "terminology", "key terms", "definitions", "vocabulary"),
    "see_also": (
        "see also",
        "related",
        "related topics",
        "related pages",
        "related articles",
        "see also related",
    ),
    "quiz": (
        "quiz",
        "quick quiz",
        "test yourself",
        "self check",
        "check your understanding",
        "knowledge check",
        "questions",
    ),
    "up_next": ("up next", "next topic"),
    "contents": ("contents", "table of contents", "toc", "on this page", "in this article"),
}
"""Section titles (lower case, punctuation gone) that fill a part of the article."""


def kind_of(title: str) -> str | None:
    """Which part of the article a section of this title fills, if any."""
    key = " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())
    for kind, names in KINDS.items():
        if key in names or (kind == "facts" and key.endswith("quick facts")):
            return kind
    return None


def read_unit(unit: Unit, parts: Parts, ctx: Context) -> None:
    """Add what one unit gives to `parts`."""
    parts.end_lead(unit.level, ctx)
    kind = kind_of(unit.title)
    if kind == "quiz" and read_quiz(unit, parts.quiz, parts.marks, ctx):
        return
    if kind == "see_also" and md_parts.see_also(unit, parts, ctx):
        return
    if kind == "facts" and parts.facts is None and md_parts.facts(unit, parts, ctx):
        return
    if kind == "up_next" and parts.up_next is None and md_parts.up_next(unit, parts, ctx):
        return
    if kind == "contents" and all(isinstance(b, ListBlock) for b in unit.blocks):
        ctx.warn(unit.line, f"'{unit.title}' (a table of contents) is left out")
        return
    _slides(unit, parts, ctx, glossary=kind == "glossary")


def _slides(unit: Unit, parts: Parts, ctx: Context, glossary: bool) -> None:
    found: list[Block] = []
    for block in unit.blocks:
        if isinstance(block, ListBlock) and glossary and _labelled(block.items):
            block = GlossaryBlock([_term(item) for item in block.items], block.line)
        if isinstance(block, FlowBlock) and not _drawable(block, ctx):
            found.extend(_edges_as_prose(block))
            continue
        if isinstance(block, ListBlock) and not any(point(item) for item in block.items):
            continue  # items of nothing but pictures (reported) or empty ones: no points
        found.append(block)
    bodies: list[Body] = [b for b in found if not isinstance(b, Prose)]
    made: list[tuple[dict[str, Any], Marks]] = []
    if not bodies:
        made = _prose_slides(unit, [b for b in found if isinstance(b, Prose)])
        if not made:
            if unit.parent:
                parts.lead = (unit.title, unit.line, unit.level)
            else:
                ctx.warn(unit.line, f"section '{unit.title}' has nothing to show; skipped")
            return
    else:
        pending: list[Prose] = []
        for block in found:
            if isinstance(block, Prose):
                pending.append(block)
            else:
                block.prose, pending = pending, []
        bodies[-1].prose.extend(pending)
        for body in _beside(bodies):
            made.extend(_body_slides(unit, body))
    if unit.notes:
        made[0][0]["notes"] = " ".join(unit.notes)
        made[0][1][("notes",)] = (unit.line, 1)
    for section, marks in made:
        parts.add(section, marks)


def _base(unit: Unit) -> tuple[dict[str, Any], Marks]:
    section: dict[str, Any] = {"title": unit.title}
    if len(unit.icons) == 1:
        section["icon"] = unit.icons[0]
    elif unit.icons:
        section["icons"] = unit.icons[:6]
    return section, {(): (unit.line, 1), ("title",): (unit.line, 1)}


def _body_slides(unit: Unit, body: Body) -> list[tuple[dict[str, Any], Marks]]:
    """One body's slides; prose too long to speak with it comes first, on slides of its own."""
    made: list[tuple[dict[str, Any], Marks]] = []
    prose = body.prose
    if sum(len(p.spoken) for p in prose) > SPOKEN_CHARS:
        made, prose = _prose_slides(unit, prose), []
    lead = [p for p in prose if p.shown.endswith(":")] if not isinstance(body, ListBlock) else prose
    told = [p for p in prose if all(p is not q for q in lead)]
    if isinstance(body, ListBlock):
        points = [(p, item.line) for item in body.items if (p := point(item))]
        for chunk in _even(points, MAX_POINTS):
            section, marks = _base(unit)
            section["points"] = [p for p, _ in chunk]
            if body.image is not None:
                section["image"] = _image(body.image)
                marks[("image",)] = (body.image.line, 1)
            marks.update({("points", j): (line, 1) for j, (_, line) in enumerate(chunk)})
            made.append((section, marks))
    elif isinstance(body, TableBlock):
        for rows in _even(list(zip(body.rows, body.row_lines, strict=True)), MAX_ROWS):
            section, marks = _base(unit)
            section["table"] = {"columns": body.columns, "rows": [row for row, _ in rows]}
            marks[("table",)] = (body.line, 1)
            marks.update({("table", "rows", r): (line, 1) for r, (_, line) in enumerate(rows)})
            made.append((section, marks))
    elif isinstance(body, GlossaryBlock):
        for entries in _even(body.entries, MAX_TERMS):
            section, marks = _base(unit)
            section["glossary"] = [{"term": t, "definition": d} for t, d, _ in entries]
            marks.update({("glossary", j): (line, 1) for j, (_, _, line) in enumerate(entries)})
            made.append((section, marks))
    elif isinstance(body, FlowBlock):
        section, marks = _base(unit)
        section["flow"] = _flow(body)
        marks[("flow",)] = (body.line, 1)
        made.append((section, marks))
    elif isinstance(body, ImageBlock):
        section, marks = _base(unit)
        section["image"] = _image(body)
        marks[("image",)] = (body.line, 1)
        made.append((section, marks))
    elif isinstance(body, VideoBlock):
        section, marks = _base(unit)
        section["video"] = {"src": body.src, **({"alt": body.alt} if body.alt else {})}
        marks[("video",)] = (body.line, 1)
        made.append((section, marks))
    else:
        section, marks = _base(unit)
        section["code"] = {
            "source": body.source,
            **({"language": body.language} if body.language else {}),
        }
        marks[("code",)] = (body.line, 1)
        made.append((section, marks))
    if not made or (not made[-1][0].keys() & BODY_KEYS):
        return made
    first = next(i for i, (s, _) in enumerate(made) if s.keys() & BODY_KEYS)
    for name, said in (("intro", lead), ("narration", told)):
        if said:
            made[first][0][name] = " ".join(p.spoken for p in said)
            made[first][1][(name,)] = (said[0].line, 1)
    return made


def _even(items: list[Any], most: int) -> list[list[Any]]:
    """`items` in the fewest slides of at most `most`, shared evenly (9 -> 5 + 4)."""
    count = -(-len(items) // most)
    size = -(-len(items) // count) if count else most
    return [items[i : i + size] for i in range(0, len(items), size)]


BODY_KEYS = {"points", "table", "glossary", "flow", "image", "code", "video"}


def _image(block: ImageBlock) -> dict[str, Any]:
    return {
        "src": block.src,
        **({"alt": block.alt} if block.alt else {}),
        **({"caption": block.caption} if block.caption else {}),
    }


def _beside(bodies: list[Body]) -> list[Body]:
    """A picture next to a list that fits one slide stands beside its points."""
    out: list[Body] = []
    for body in bodies:
        last = out[-1] if out else None
        if (
            isinstance(body, ImageBlock)
            and isinstance(last, ListBlock)
            and last.image is None
            and len(last.items) <= MAX_POINTS
        ):
            last.image = body
            last.prose.extend(body.prose)
        elif (
            isinstance(body, ListBlock)
            and isinstance(last, ImageBlock)
            and len(body.items) <= MAX_POINTS
        ):
            body.image = last
            body.prose[:0] = last.prose
            out[-1] = body
        else:
            out.append(body)
    return out


def _prose_slides(unit: Unit, prose: list[Prose]) -> list[tuple[dict[str, Any], Marks]]:
    """Paragraphs as slides of their sentences, each sentence a point spoken as it shows."""
    points: list[tuple[dict[str, Any], int]] = []
    for paragraph in prose:
        shown, spoken = sentences(paragraph.shown), sentences(paragraph.spoken)
        if len(spoken) != len(shown):
            spoken = shown
        for text, said in zip(shown, spoken, strict=True):
            points.append(
                ({"text": text, **({"say": said} if said != text else {})}, paragraph.line)
            )
    made: list[tuple[dict[str, Any], Marks]] = []
    chunk: list[tuple[dict[str, Any], int]] = []
    for item in points:
        size = sum(len(p["text"]) for p, _ in chunk)
        if chunk and (len(chunk) == MAX_POINTS or size + len(item[0]["text"]) > SLIDE_CHARS):
            made.append(_points_slide(unit, chunk))
            chunk = []
        chunk.append(item)
    if chunk:
        made.append(_points_slide(unit, chunk))
    return made


def _points_slide(
    unit: Unit, chunk: list[tuple[dict[str, Any], int]]
) -> tuple[dict[str, Any], Marks]:
    section, marks = _base(unit)
    section["points"] = [p for p, _ in chunk]
    marks.update({("points", j): (line, 1) for j, (_, line) in enumerate(chunk)})
    return section, marks


def point(item: Item) -> dict[str, Any] | None:
    """A list item as a point: its leading emoji the icon, a task mark an icon too, nested
    items folded into its text (or, when that gets long, into what is said), a blockquote
    inside it what is said."""
    icons, shown = split_icons(item.inline.shown)
    spoken = split_icons(item.inline.spoken)[1] if icons else item.inline.spoken
    checked, shown = checkbox(shown)
    spoken = checkbox(spoken)[1]
    if checked is not None and not icons:
        icons = ["✅" if checked else "⬜"]
    extra = [child.folded() for child in item.children] + [(m.shown, m.spoken) for m in item.more]
    quote, unshown = item.quote, ""
    if extra:
        joined = "; ".join(s for s, _ in extra)
        said = "; ".join(s for _, s in extra)
        if not shown:
            shown, spoken = joined, said
        elif len(shown) + len(joined) + 2 <= FOLD_CHARS:
            shown, spoken = f"{shown.rstrip(':')}: {joined}", f"{spoken.rstrip(':')}: {said}"
        else:
            spoken, unshown = f"{spoken.rstrip(':')}. {said}", said
    if not shown and quote:  # an item that is only a quote: the quote is its text
        shown, spoken, quote = quote, quote, None
    if not shown:
        return None
    found: dict[str, Any] = {"text": shown}
    if icons:
        found["icon"] = icons[0]
    # a quote is what is said for the point (and then the nested items not shown as well)
    say = (
        (f"{quote} {unshown}" if unshown else quote)
        if quote
        else (spoken if spoken != shown else None)
    )
    if say:
        found["say"] = say
    return found


def _labelled(items: list[Item]) -> bool:
    return bool(items) and all(
        item.inline.label or _plain_label(item.inline.shown) for item in items
    )


def _plain_label(text: str) -> tuple[str, str] | None:
    """ "Term: definition" without bold, when the term is short."""
    term, sep, rest = split_icons(text)[1].partition(": ")
    return (term, rest) if sep and rest and 0 < len(term.split()) <= 5 else None


def _term(item: Item) -> tuple[str, str, int]:
    if item.inline.label:
        definition = item.inline.rest_shown
    else:
        found = _plain_label(item.inline.shown)
        assert found
        return found[0], found[1], item.line
    extra = "; ".join(
        [*(m.shown for m in item.more), *(child.folded()[0] for child in item.children)]
    )
    if item.quote:
        definition = f"{definition} {item.quote}"
    return item.inline.label, f"{definition}: {extra}" if extra else definition, item.line


def _drawable(block: FlowBlock, ctx: Context) -> bool:
    nodes, edges = len(block.chart.nodes), len(block.chart.edges)
    if 2 <= nodes <= MAX_NODES and edges <= MAX_EDGES:
        return True
    ctx.warn(
        block.line,
        f"the flowchart has {nodes} node{'s' * (nodes != 1)} and {edges} "
        f"edge{'s' * (edges != 1)}; a slide draws "
        f"2 to {MAX_NODES} nodes and up to {MAX_EDGES} edges, so it is "
        "narrated instead",
    )
    return False


def _edges_as_prose(block: FlowBlock) -> list[Prose]:
    labels = block.chart.nodes
    said = [
        f"{labels[a]} to {labels[b]}" + (f" ({label})" if label else "") + "."
        for a, b, label in block.chart.edges
    ] or [f"{label}." for label in labels.values()]
    return [Prose(" ".join(said), " ".join(said), block.line)] if said else []


def _flow(block: FlowBlock) -> dict[str, Any]:
    ids: dict[str, str] = {}
    nodes = []
    for raw, label in block.chart.nodes.items():
        ids[raw] = raw if re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", raw) else f"n{len(ids) + 1}"
        icons, text = split_icons(label)
        nodes.append({"id": ids[raw], "label": text, **({"icon": icons[0]} if icons else {})})
    edges = [
        {"from": ids[a], "to": ids[b], **({"label": label} if label else {})}
        for a, b, label in block.chart.edges
    ]
    return {"nodes": nodes, "edges": edges}
