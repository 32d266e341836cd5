"""The one Markdown parser of pages, and the nesting it allows.

markdown-it-py with CommonMark, raw HTML recognised (never rendered: the reader keeps only
its text), GFM tables and strikethrough, front matter, definition lists and footnotes
(mdit-py-plugins).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

MAX_DEPTH = 32
"""Lists, quotes and definitions inside each other: deeper is refused (as in YAML)."""
PARSER_NESTING = 4 * MAX_DEPTH + 8
"""markdown-it's own nesting limit, in tokens (a list level is two: the list and its item).
Past it the parser drops the rest of the page unseen, so it sits well above MAX_DEPTH,
which the reader checks first (`nesting_error`)."""
CONTAINERS = frozenset(
    {"bullet_list_open", "ordered_list_open", "blockquote_open", "dl_open", "footnote_open"}
)


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser, made once (a parse keeps no state in it): CommonMark with
    raw HTML recognised (never rendered: the reader keeps only its text), tables,
    strikethrough, front matter, definition lists and footnotes. Every link is a link
    whatever its scheme (CommonMark leaves `javascript:`, `file:` and `data:` links as raw
    text): the reader keeps a link's text and never opens its target."""
    parser = (
        MarkdownIt("commonmark", {"html": True, "maxNesting": PARSER_NESTING})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(deflist_plugin)
        .use(footnote_plugin)
    )
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def nesting_error(tokens: list[Any]) -> tuple[int, int] | None:
    """(line, depth) of the first list, quote or definition nested deeper than MAX_DEPTH,
    or None when none is."""
    depth = 0
    line = 1
    for token in tokens:
        line = token.map[0] + 1 if token.map else line
        if token.level >= PARSER_NESTING - 2:  # nested some other way (kept as a guard)
            return line, depth
        if token.type in CONTAINERS:
            depth += 1
            if depth > MAX_DEPTH:
                return line, depth
        elif token.type.removesuffix("_close") + "_open" in CONTAINERS:
            depth -= 1
    return None
