"""A Markdown page as the pieces a slide can show: parsed with markdown-it-py (CommonMark,
GFM tables and strikethrough, front matter, definition lists and footnotes from
mdit-py-plugins), cut into units at its headings, each unit's blocks turned into prose,
lists, tables, Mermaid flowcharts and definition lists (the types are in `md_units`).

What a slide cannot show (images, code, raw HTML, footnotes, other Mermaid kinds) is
reported through `Context.warn` with its line; nothing is dropped without a word.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from renderer.article import md_media
from renderer.article.md_inline import (
    Inline,
    render_html,
    render_inline,
    split_icons,
    without_heading_id,
)
from renderer.article.md_media import Prose
from renderer.article.md_parser import markdown_parser
from renderer.article.md_table import table
from renderer.article.md_units import (
    Block,
    Context,
    FlowBlock,
    GlossaryBlock,
    Item,
    ListBlock,
    Unit,
)
from renderer.article.mermaid import parse_mermaid
from renderer.graphemes import head

TABLE_FENCES = ("", "text", "txt", "markdown", "md", "table")
"""Code fences whose content may be a table a page put in a fence to keep it aligned."""

_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.I)
_ADMONITION = re.compile(
    r"^(?::::+\s*\w*|(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+\"[^\"]*\")?|"
    r"///\s*\w*\s*\|?|===\s*\"[^\"]*\")\s*",
    re.M,
)
"""The opening of an admonition or a content tab (`:::tip`, `!!! note "Title"`, `??? note`,
`/// note | Title`, `=== "Tab"`): a marker, never text to show or say."""
_MDX_STATEMENT = re.compile(r"(?:import|export)\s+\S")
"""An MDX page's `import X from '...'` / `export const ...` lines."""
_CLOSING = re.compile(r"\s*(?::::+|///)\s*$")
"""The closing fence of a `:::` or `///` block written without blank lines around it."""
_INDENTED_BODY = re.compile(r"^(?:!!!|\?\?\?\+?|===)\s")
"""MkDocs admonitions and content tabs whose body is indented (read as a code block)."""
_NAV_WORDS = frozenset(
    "back to next previous prev home up top index contents go return the list page overview".split()
)
ADMONITION_LABELS = frozenset(
    "note tip info important warning caution danger attention hint example".split()
)
"""A paragraph of only one of these words is an admonition's label, not text to show."""
_NAV_STRONG = frozenset("back next previous prev home top index contents return".split())
"""A single link is a navigation line only with one of these words ("Back to the list")."""
TOOL_COMMENTS = (
    "markdownlint",
    "prettier",
    "toc",
    "vale",
    "cspell",
    "eslint",
    "more",
    "truncate",
    "end",
    "start",
    "include",
    "snippet",
    "lint",
)
"""HTML comments that are a tool's switch, not a note (`<!-- markdownlint-disable -->`)."""


def line_of(node: Any) -> int:
    """1-based first line of a block node."""
    return node.map[0] + 1 if node.map else 0


def heading_text(node: Any) -> tuple[list[str], str]:
    """A heading's icons (emoji it starts with) and text (without an id it gives itself)."""
    return split_icons(
        without_heading_id(render_inline(node.children[0]).shown) if node.children else ""
    )


def read_unit(unit: Unit, ctx: Context) -> Unit:
    """Turn a unit's nodes into its blocks (and notes)."""
    ctx.notes = []
    unit.blocks = blocks(unit.nodes, ctx)
    unit.notes = ctx.notes
    return unit


def blocks(nodes: list[Any], ctx: Context) -> list[Block]:
    """The blocks of a unit, in order."""
    out: list[Block] = []
    body_of: Any = None
    for node in nodes:
        if node.type == "code_block" and body_of is not None:  # an admonition's body
            out.extend(blocks(_parsed_at(node.content, line_of(node) - 1), ctx))
        else:
            out.extend(_block(node, ctx))
        body_of = (
            node
            if node.type == "paragraph"
            and node.children
            and _INDENTED_BODY.match(node.children[0].content or "")
            else None
        )
    return out


def _parsed_at(text: str, offset: int) -> list[Any]:
    """Markdown text read as the blocks of a page whose first line is `offset` + 1."""
    tokens = markdown_parser().parse(text)
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + offset, token.map[1] + offset]
    return list(SyntaxTreeNode(tokens).children)


def _block(node: Any, ctx: Context) -> list[Block]:
    kind, line = node.type, line_of(node)
    if kind == "paragraph":
        prose = paragraph(node, ctx)
        text = render_inline(node.children[0])
        found = md_media.pictures(text.images, ctx.path.parent, line, ctx.warn)
        clips = md_media.clips(text.hrefs, ctx.path.parent, line, ctx.warn)
        return [*([prose] if prose else []), *found, *clips]
    if kind == "heading":
        text = render_inline(node.children[0])
        _report(text, ctx, line)
        shown, spoken = without_heading_id(text.shown), without_heading_id(text.spoken)
        return [Prose(shown, spoken, line, heading=True)] if shown else []
    if kind in ("bullet_list", "ordered_list"):
        return [ListBlock([_item(child, ctx) for child in node.children], line)]
    if kind == "table":
        return [
            *table(
                node,
                ctx.lines,
                0,
                markdown_parser(),
                ctx.warn,
                lambda text, at: _report(text, ctx, at),
            )
        ]
    if kind in ("fence", "code_block"):
        return _fence(node, ctx, line)
    if kind == "blockquote":
        inner = blocks(node.children, ctx)
        if inner and isinstance(inner[0], Prose):
            inner[0].shown = _ALERT.sub("", inner[0].shown)
            inner[0].spoken = _ALERT.sub("", inner[0].spoken)
        return [b for b in inner if not isinstance(b, Prose) or b.shown]
    if kind == "html_block":
        return _html(node.content, ctx, line)
    if kind == "dl":
        return _deflist(node, ctx, line)
    if kind == "footnote_block":
        for note in node.children:
            ctx.warn(
                line_of(note.children[0]) if note.children else None,
                "a footnote is not shown or spoken; skipped",
            )
        return []
    if kind == "hr":
        return []
    ctx.warn(line, f"a '{kind}' block cannot be shown; skipped")
    return []


def paragraph(node: Any, ctx: Context) -> Prose | None:
    """A paragraph as prose; navigation lines and pictures are reported and left out."""
    line = line_of(node)
    text = render_inline(node.children[0])
    _report(text, ctx, line)
    shown = _CLOSING.sub("", _ADMONITION.sub("", text.shown)).strip()
    spoken = _CLOSING.sub("", _ADMONITION.sub("", text.spoken)).strip()
    inline = [c for c in node.children[0].children if c.type != "text" or c.content.strip()]
    if inline and inline[0].type == "strong":  # "**Note:** ..." labels the text after it
        label = render_inline(inline[0]).shown
        if label.rstrip(":").lower() in ADMONITION_LABELS:
            shown = shown[len(label) :].lstrip(": ")
            spoken = spoken[len(label) :].lstrip(": ")
    if not shown:
        return None
    if ctx.path.suffix.lower() == ".mdx" and _MDX_STATEMENT.match(shown):
        ctx.warn(line, f"MDX statement '{head(shown, 60)}' is code for the site; skipped")
        return None
    if text.links and _navigation(shown, text):
        ctx.warn(line, f"navigation line '{head(shown, 60)}' dropped")
        return None
    return Prose(shown, spoken, line)


def _navigation(shown: str, text: Inline) -> bool:
    """A line made only of links and arrows ("[< Back to the list](x.md)", "Prev | Next")."""
    words = re.findall(r"\w+", shown.lower())
    link_words = set(re.findall(r"\w+", text.link_text.lower()))
    return (
        all(word in link_words or word in _NAV_WORDS for word in words)
        and (len(words) <= 8 or not set(words) - link_words)
        and (text.links > 1 or any(w in _NAV_STRONG for w in words))
    )


def _report(text: Inline, ctx: Context, line: int) -> None:
    """Warn about what an inline run drops (its pictures are reported where they are
    placed, by `md_media.pictures`)."""
    if text.dropped:
        ctx.warn(line, "raw HTML dropped: <" + ">, <".join(dict.fromkeys(text.dropped)) + ">")
    if text.macros:
        ctx.warn(
            line,
            "site macro "
            + ", ".join(head(m, 60) for m in dict.fromkeys(text.macros))
            + " dropped: the site fills it in, the page does not hold its text",
        )
    for note in text.comments:
        _note(note, ctx)


def _note(note: str, ctx: Context) -> None:
    if not note.lower().startswith(TOOL_COMMENTS):
        ctx.notes.append(" ".join(note.split()))


def _item(node: Any, ctx: Context) -> Item:
    item = Item(Inline(), line_of(node))
    for child in node.children:
        if child.type == "paragraph":
            text = render_inline(child.children[0])
            _report(text, ctx, line_of(child))
            for found in md_media.pictures(text.images, ctx.path.parent, line_of(child), ctx.warn):
                ctx.warn(
                    found.line,
                    f"the picture '{found.src}' inside a list item cannot be shown; skipped",
                )
            if text.shown.startswith(": "):  # MDN's definition under a term: "- : text"
                text.shown, text.spoken = text.shown[2:], text.spoken.removeprefix(": ")
            if not text.shown:
                continue  # a paragraph of only a picture (reported above)
            if not item.inline.shown and not item.more:
                item.inline = text
            else:
                item.more.append(text)
        elif child.type in ("bullet_list", "ordered_list"):
            item.children.extend(_item(grandchild, ctx) for grandchild in child.children)
        elif child.type == "blockquote":
            said = [spoken for _, spoken in _texts(blocks(child.children, ctx), ctx)]
            item.quote = " ".join(said) or None
        else:
            item.more.extend(
                Inline(shown=shown, spoken=spoken)
                for shown, spoken in _texts(_block(child, ctx), ctx)
            )
    return item


def _texts(found: list[Block], ctx: Context) -> list[tuple[str, str]]:
    """Blocks inside a list item, a quote in one or a definition, as (shown, spoken) texts:
    prose as it is, a list's items folded; a table, diagram, picture or code is reported."""
    out: list[tuple[str, str]] = []
    for block in found:
        if isinstance(block, Prose):
            out.append((block.shown, block.spoken))
        elif isinstance(block, ListBlock):
            out.extend(item.folded() for item in block.items)
        else:
            ctx.warn(
                block.line,
                "a table, diagram, picture or code inside a list item or a "
                "definition cannot be shown; skipped",
            )
    return out


def _fence(node: Any, ctx: Context, line: int) -> list[Block]:
    lang = md_media.fence_language(node.info or "") or ""
    if lang == "mermaid":
        chart = parse_mermaid(node.content)
        if not chart.is_flow:
            ctx.warn(
                line,
                f"Mermaid '{chart.kind or 'empty'}' diagrams cannot be drawn (only "
                "flowchart/graph); skipped",
            )
            return []
        for number, statement in chart.skipped:
            ctx.warn(
                line + 1 + number, f"Mermaid line not understood, skipped: '{head(statement, 60)}'"
            )
        return [FlowBlock(chart, line)]
    if lang in TABLE_FENCES and "|" in node.content:
        tree = SyntaxTreeNode(markdown_parser().parse(node.content))
        tables = [c for c in tree.children if c.type == "table"]
        if len(tables) == 1 and all(c.type in ("table",) for c in tree.children):
            return [
                *table(
                    tables[0],
                    node.content.split("\n"),
                    line,
                    markdown_parser(),
                    ctx.warn,
                    lambda text, at: _report(text, ctx, at),
                )
            ]
    return list(md_media.code(node.content, node.info or "", line, ctx.warn))


def _html(raw: str, ctx: Context, line: int) -> list[Block]:
    """An HTML block: a comment is a speaker note; other HTML keeps only its text."""
    if raw.lstrip().startswith("<!--") and raw.rstrip().endswith("-->"):
        _note(raw.strip()[4:-3].strip(), ctx)
        return []
    text = render_html(raw)
    _report(text, ctx, line)
    return [Prose(text.shown, text.spoken, line)] if text.shown else []


def _deflist(node: Any, ctx: Context, line: int) -> list[Block]:
    """A definition list as a glossary; a definition whose term has no text is prose."""
    entries: list[tuple[str, str, int]] = []
    loose: list[Block] = []
    term = None
    for child in node.children:
        if child.type == "dt":
            term = render_inline(child.children[0]).shown if child.children else ""
        elif child.type == "dd":
            said = _texts(blocks(child.children, ctx), ctx)
            if term:
                entries.append((term, " ".join(s for s, _ in said) or "—", line_of(child)))
            elif said:
                loose.append(
                    Prose(
                        " ".join(s for s, _ in said), " ".join(s for _, s in said), line_of(child)
                    )
                )
    return [*([GlossaryBlock(entries, line)] if entries else []), *loose]
