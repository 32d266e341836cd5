"""Markdown pages (`*.md`) read into the same article data as the YAML reader, with the
line of every field, so one validation (`yaml_reader.validate`, `rules.check_meaning`)
reports a mistake in either format as file:line, field and hint.

The mapping (README, "Markdown articles"): YAML front matter holds every article field;
`# Title`, the first paragraph the summary; each `##` (and `###`) a slide; lists -> points,
tables -> table slides, Mermaid flowcharts -> flow slides, definition lists -> glossary;
sections named Quick Facts, Glossary, See also / Related, Quiz and Up next fill those parts
of the article. Paragraphs are spoken: a section of only paragraphs becomes a slide of
their sentences.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from renderer.article import md_parts, md_sections
from renderer.article.md_blocks import heading_text, line_of, read_unit
from renderer.article.md_media import Prose
from renderer.article.md_parser import MAX_DEPTH, markdown_parser, nesting_error
from renderer.article.md_units import Context, Unit
from renderer.article.model import Article
from renderer.article.yaml_reader import Marks, check_text, parse
from renderer.errors import ArticleError, SourceLocation
from renderer.graphemes import head

SUMMARY_CHARS = 500
"""A first paragraph longer than this gives its first sentences as the summary; the rest is
spoken on an introduction slide."""

FRONT_MATTER_ALIASES = {"keywords": "tags", "lang": "language"}
"""Front matter keys of static-site generators that mean an article field. A site's
`description` is the summary of a page that has no paragraph above its first section."""

UNCLOSED_FRONT_MATTER = re.compile(r"\A\ufeff?-{3,}[ \t]*(?:\r?\n|\Z)")
"""A first line that opens front matter: with no closing line the parser reads it as a rule
and the YAML below it as text, which would be shown and spoken."""

FROM_THE_PAGE = ("sections", "facts", "see_also", "quiz", "up_next")
"""Fields the page's sections give; front matter may give them only if the page does not."""


def read_markdown(path: Path, text: str) -> tuple[dict[str, Any], Marks, list[str]]:
    """The article data of a Markdown page, where each field is, and the warnings about
    what the page holds that a video cannot show."""
    ctx = Context(path, text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    _refuse_controls(path, text)
    try:
        tokens = markdown_parser().parse(text)
        deep = nesting_error(tokens)
        if deep is None:
            tree = SyntaxTreeNode(tokens)
    except RecursionError:
        deep = (0, 0)
    if deep is not None:
        raise ArticleError(
            f"lists or quotes are nested more than {MAX_DEPTH} levels deep",
            location=SourceLocation(path, deep[0] or None),
            hint="an article needs only a few levels of lists",
        ) from None
    nodes = list(tree.children)
    front: dict[str, Any] = {}
    marks: Marks = {}
    if nodes and nodes[0].type == "front_matter":
        front, marks = _front_matter(path, nodes.pop(0), ctx)
    elif UNCLOSED_FRONT_MATTER.match(text):
        raise ArticleError(
            "front matter opened here is never closed",
            location=SourceLocation(path, 1),
            hint="end it with a line of three dashes (---) after its last key; "
            "or, if the first line is meant as a rule, delete it",
        )
    # the title: the first heading, when it is a `#` one (a logo or badges may come first)
    first = next((i for i, node in enumerate(nodes) if node.type == "heading"), None)
    title_node = nodes.pop(first) if first is not None and nodes[first].tag == "h1" else None
    lead, units = _units(nodes, ctx)
    data: dict[str, Any] = {}
    page_marks: Marks = {}
    if title_node is not None:
        data["title"] = heading_text(title_node)[1]  # no icon place on a title slide
        page_marks[("title",)] = (line_of(title_node), 1)
    lead_unit = read_unit(Unit("Introduction", [], line_of(lead[0]) if lead else 1, lead), ctx)
    units = [read_unit(unit, ctx) for unit in units]
    description = front.pop("description", None)
    if "summary" not in front:
        if description is not None and not any(isinstance(b, Prose) for b in lead_unit.blocks):
            data["summary"] = description
            page_marks[("summary",)] = marks.get(("description",), (1, 1))
        else:
            _summary(
                lead_unit,
                units,
                data,
                page_marks,
                line_of(title_node) if title_node is not None else 0,
            )
    if lead_unit.blocks:
        units.insert(0, lead_unit)
    elif lead_unit.notes and units:
        units[0].notes[:0] = lead_unit.notes
    parts = md_parts.Parts()
    for unit in units:
        md_sections.read_unit(unit, parts, ctx)
    parts.end_lead(0, ctx)
    for name in FROM_THE_PAGE:
        value = getattr(parts, name)
        if value:
            data[name] = value
    for key, mark in parts.marks.items():
        page_marks[key] = mark
    limit = Article.model_fields["sections"].metadata
    most = next((m.max_length for m in limit if getattr(m, "max_length", None)), 0)
    if len(parts.sections) > most:
        raise _too_many_slides(path, parts, most, ctx)
    if ("sections", 0) in page_marks:
        page_marks[("sections",)] = page_marks[("sections", 0)]
    merged = _merge(path, front, marks, data, page_marks, ctx)
    all_marks = {**page_marks, **marks}
    check_text(path, merged, all_marks)  # a NUL or a terminal escape is never meant
    return merged, all_marks, sorted(ctx.warnings, key=_line)


def _too_many_slides(path: Path, parts: md_parts.Parts, most: int, ctx: Context) -> ArticleError:
    """A page that makes more slides than a video holds, naming the block that made the
    most of them (a long table, a flowchart narrated edge by edge) and why."""
    made: Counter[int] = Counter()
    origins = []
    for index in range(len(parts.sections)):
        lines = [
            line
            for key, (line, _) in parts.marks.items()
            if key[:2] == ("sections", index) and len(key) > 2 and key[2] not in ("title", "notes")
        ]
        origins.append(min(lines) if lines else parts.marks.get(("sections", index), (0, 0))[0])
        made[origins[-1]] += 1
    line, count = made.most_common(1)[0]
    said = [w.split(": ", 1)[1] for w in ctx.warnings if _line(w) == line]
    spill = parts.marks.get(("sections", most), (origins[most], 0))[0]
    if count > len(parts.sections) - most:  # without that one block, the page would fit
        where, hint = (
            line,
            f"line {line} alone makes {count} of them"
            + (f" ({said[0]})" if said else "")
            + "; split the page into two articles",
        )
    else:
        where, hint = (
            spill,
            f"slide {most + 1} would start at line {spill}: split the page "
            "into two articles there (or before it)",
        )
    return ArticleError(
        f"the page makes {len(parts.sections)} slides; a video holds at most {most}",
        location=SourceLocation(path, where or None),
        field="sections",
        hint=hint,
    )


def _skipped(ctx: Context) -> str:
    """What the page held that was skipped, for an error that would otherwise hide it."""
    said = [
        (f"line {_line(w)}: " if _line(w) else "") + w.split(": ", 1)[1].removesuffix("; skipped")
        for w in sorted(ctx.warnings, key=_line)
        if "front matter key" not in w
    ]
    return "; ".join(said[:2]) + (f" (and {len(said) - 2} more)" if len(said) > 2 else "")


def _line(warning: str) -> int:
    """The line a warning names (0 for the whole file): warnings are listed in page order."""
    where = warning.split(": ", 1)[0].rsplit(":", 1)
    return int(where[1]) if len(where) == 2 and where[1].isdigit() else 0


def _refuse_controls(path: Path, text: str) -> None:
    """Control characters other than newlines and tabs (a NUL, a terminal escape) are
    refused, as in a YAML article: the parser would turn a NUL into U+FFFD unseen."""
    bad = next(
        (i for i, ch in enumerate(text) if ch not in "\n\t\r" and unicodedata.category(ch) == "Cc"),
        None,
    )
    if bad is not None:
        raise ArticleError(
            f"control character U+{ord(text[bad]):04X} is not allowed",
            location=SourceLocation(path, text.count("\n", 0, bad) + 1),
            hint="delete it; only newlines and tabs may be in the text",
        )


def _units(nodes: list[Any], ctx: Context) -> tuple[list[Any], list[Unit]]:
    """The blocks before the first section heading, and the units after it. Sections are
    the shallowest heading level used below the title; the next level starts sub-slides
    (but inside a quiz, where it asks a question); deeper headings stay in their unit."""
    levels = sorted({int(n.tag[1:]) for n in nodes if n.type == "heading"})
    lead: list[Any] = []
    units: list[Unit] = []
    if not levels:
        return nodes, units
    top = levels[0]
    in_quiz = False
    for node in nodes:
        level = int(node.tag[1:]) if node.type == "heading" else 0
        if level == top or (level == top + 1 and not in_quiz):
            icons, title = heading_text(node)
            if level == top:
                in_quiz = md_sections.kind_of(title) == "quiz"
            if not title:
                ctx.warn(
                    line_of(node), "a heading without text; its content joins the section before it"
                )
            else:
                if level > top and units and units[-1].level == top:
                    units[-1].parent = True
                units.append(Unit(title, icons, line_of(node), [], level=level))
                continue
        (units[-1].nodes if units else lead).append(node)
    return lead, units


def _summary(
    lead: Unit, units: list[Unit], data: dict[str, Any], marks: Marks, title_line: int
) -> None:
    """The first paragraph under the title is the summary (above the title, a banner or a
    line of links to translations is not; the first of the page when none is there, which
    then leaves its section); a long one gives its first sentences, and the rest is spoken
    on the introduction slide."""
    under = next(
        (i for i, b in enumerate(lead.blocks) if isinstance(b, Prose) and b.line > title_line), None
    )
    for unit in [lead, *units]:
        first = next((i for i, b in enumerate(unit.blocks) if isinstance(b, Prose)), None)
        if unit is lead and under is not None:
            first = under
        if first is not None:
            break
    else:
        return
    prose = unit.blocks.pop(first)
    assert isinstance(prose, Prose)
    summary, remainder = _cut(prose.shown)
    data["summary"] = summary
    marks[("summary",)] = (prose.line, 1)
    if remainder:
        spoken = _cut(prose.spoken)[1] or remainder
        lead.blocks.insert(first if unit is lead else 0, Prose(remainder, spoken, prose.line))


def _cut(text: str) -> tuple[str, str]:
    """A summary of at most SUMMARY_CHARS (whole sentences when it can) and the rest."""
    if len(text) <= SUMMARY_CHARS:
        return text, ""
    kept = ""
    for sentence in re.split(r"(?<=[.!?।])\s+", text):
        if kept and len(kept) + len(sentence) + 1 > SUMMARY_CHARS:
            break
        kept = f"{kept} {sentence}".strip()
    if len(kept) > SUMMARY_CHARS:  # one sentence longer than a summary
        kept = head(kept, SUMMARY_CHARS).rsplit(" ", 1)[0] + "…"
        return kept, text
    return kept, text[len(kept) :].strip()


def _front_matter(path: Path, node: Any, ctx: Context) -> tuple[dict[str, Any], Marks]:
    """The YAML between the `---` lines, read like an article file (line numbers are the
    page's)."""
    offset = line_of(node)  # the content starts on the line after the opening ---
    content = node.meta if isinstance(node.meta, str) else node.content
    if not content.strip():
        return {}, {}
    try:
        data, marks = parse(path, content)
    except ArticleError as exc:
        line = exc.location.line + offset if exc.location.line else offset
        raise ArticleError(
            f"front matter: {exc.message}",
            location=SourceLocation(path, line, exc.location.column),
            field=exc.field,
            hint=exc.hint,
        ) from None
    if not isinstance(data, dict):
        raise ArticleError(
            "front matter must be a mapping (key: value lines)",
            location=SourceLocation(path, offset + 1),
            hint="e.g. 'voice: joe' between the --- lines",
        )
    marks = {key: (line + offset, col) for key, (line, col) in marks.items()}
    fields = {f.alias or name for name, f in Article.model_fields.items()}
    out: dict[str, Any] = {}
    # an article's own field first: `tags` wins over `keywords`, wherever it stands
    for key, value in sorted(data.items(), key=lambda item: item[0] in FRONT_MATTER_ALIASES):
        name = FRONT_MATTER_ALIASES.get(str(key), str(key))
        if name == "description":
            out[name] = value  # the reader decides whether it is the summary
        elif name in fields:
            if name == "tags" and isinstance(value, str):
                value = [tag.strip() for tag in value.split(",") if tag.strip()]
            if name in out:
                continue
            out[name] = value
            if name != key:
                marks.update({(name, *k[1:]): v for k, v in marks.items() if k[:1] == (key,)})
        elif difflib.get_close_matches(str(key), sorted(fields), n=1, cutoff=0.8):
            out[key] = value  # a typo of a field: validation names it, with a hint
        else:
            line = marks.get((key,), (offset, 1))[0]
            ctx.warn(line, f"front matter key '{key}' is not an article field; ignored")
    return out, marks


def _merge(
    path: Path,
    front: dict[str, Any],
    front_marks: Marks,
    page: dict[str, Any],
    page_marks: Marks,
    ctx: Context,
) -> dict[str, Any]:
    """Front matter and page together: front matter's title and summary win; a part given
    by both is an error naming both lines."""
    data = dict(page)
    for key, value in front.items():
        if key in FROM_THE_PAGE and key in page:
            first = front_marks.get((key,), (None, None))[0]
            raise ArticleError(
                f"'{key}' is given twice: in the front matter (line {first}) and by the page",
                location=SourceLocation(
                    path,
                    page_marks.get((key,), (None, None))[0]
                    or page_marks.get((key, 0), (None, None))[0],
                ),
                field=key,
                hint="keep one of them",
            )
        if key == "title" and "title" in page and str(value) != page["title"]:
            ctx.warn(
                page_marks[("title",)][0],
                f"the front matter's title '{value}' is used; the heading '{page['title']}' is not",
            )
        data[key] = value
    if "title" not in data:
        data["title"] = (
            path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"
        )
        ctx.warn(None, f"no '# Title' heading or front matter title; using '{data['title']}'")
    if "summary" not in data:
        raise ArticleError(
            "the page has no paragraph to use as its summary",
            location=SourceLocation(path, 1),
            hint="write a paragraph under the '# Title' line, or give 'summary:' in front matter",
        )
    if not data.get("sections"):
        skipped = _skipped(ctx)
        raise ArticleError(
            "the page has nothing to show after its summary"
            + (f"; what it holds was skipped: {skipped}" if skipped else ""),
            location=SourceLocation(path, 1),
            hint="add sections: '## Heading' lines with text, lists or tables under them",
        )
    return data
