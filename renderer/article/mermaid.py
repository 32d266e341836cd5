"""Mermaid flowcharts (`flowchart` / `graph`) read into the nodes and edges of a flow slide.

What is read: every direction (TD, TB, BT, LR, RL; the slide lays itself out), node shapes
`[] () {} (()) [[]] {{}} ([]) [()] >] [//] [\\\\] ((()))` with plain or quoted labels, edge
labels `-->|x|` and `-- x -->`, open, dotted and thick edges (`---`, `-.->`, `==>`, `--o`,
`--x`, `<-->`), `&` chains, `;` between statements, `%%` comments and subgraphs (their nodes
join the diagram; an edge to a subgraph points at a node named after it). `classDef`,
`class`, `style`, `linkStyle`, `click` and `direction` only style a chart and are ignored.

Nothing here raises: a line that cannot be read is reported (`Flowchart.skipped`) and the
rest of the chart is kept. Other Mermaid kinds (sequence, gantt, ...) are `kind` only.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

FLOW_KINDS = ("flowchart", "graph")

IGNORED = ("classDef", "class", "style", "linkStyle", "click", "direction", "accTitle", "accDescr")
"""Statements that style or annotate a chart without adding nodes or edges."""

_ID = re.compile(r"[^\s\[\]\(\)\{\}<>|&;\"'`:=~.-]+(?:[.-][^\s\[\]\(\)\{\}<>|&;\"'`:=~.-]+)*")
_SHAPES = [
    ("(((", ")))"),
    ("((", "))"),
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("{{", "}}"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[/", "\\]"),
    ("[\\", "/]"),
    ("[", "]"),
    ("(", ")"),
    ("{", "}"),
    (">", "]"),
]
"""Node shape brackets, longest first (a slide draws every shape as its own box)."""

_LINK = re.compile(
    r"""\s*(?:
    (?P<open><?(?:--|==|-\.))\s+(?P<text>[^|>]+?)\s+(?P<close>(?:-{2,}|={2,}|\.+-)(?:>|[ox](?=\s|$))?)
  | (?P<arrow><?(?:-{2,}|={2,}|-\.+-|~{3,})(?:>|[ox](?=[\s\w]|$))?)\s*(?:\|(?P<label>[^|]*)\|)?
)\s*""",
    re.X,
)
_SUBGRAPH = re.compile(
    r"subgraph\s+(?P<id>[^\s\[\"]+)?\s*(?:\[(?P<title>[^\]]*)\]|\"(?P<q>[^\"]*)\")?"
)
_ATTRS = re.compile(r"@\{[^}]*\}")
_CLASS = re.compile(r":::[\w-]+")
_TAG = re.compile(r"<br\s*/?>|<[^>]+>", re.I)
_MD = re.compile(r"\*\*|__|`")
_ICON = re.compile(r"\bfa[bsrl]?:fa-[\w-]+\s*")


@dataclass
class Flowchart:
    """What a Mermaid block says, as far as a flow slide can show it."""

    kind: str
    """The diagram's kind: `flowchart`, `graph`, `sequenceDiagram`, `gantt`, ..."""
    nodes: dict[str, str] = field(default_factory=dict)
    """Node id -> label, in the order nodes first appear."""
    edges: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(from id, to id, label) in order; invisible links (`~~~`) are left out."""
    subgraphs: dict[str, str] = field(default_factory=dict)
    """Subgraph id -> title."""
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """(line within the block, 0-based; the text) of statements that could not be read."""

    @property
    def is_flow(self) -> bool:
        return self.kind in FLOW_KINDS


def clean_label(text: str) -> str:
    """A label as shown: quotes, HTML tags, Markdown marks and Font Awesome names gone."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    text = _TAG.sub(" ", text.replace("#quot;", '"'))
    text = _ICON.sub("", _MD.sub("", html.unescape(text)))
    return " ".join(text.split())


def parse_mermaid(source: str) -> Flowchart:
    """Read a Mermaid block; never raises."""
    lines = source.splitlines()
    if lines and lines[0].strip() == "---":  # the chart's own front matter (title, config)
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if end is not None:
            lines = [""] * (end + 1) + lines[end + 1 :]  # blank: line numbers stay
    first = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("%%")),
        None,
    )
    if first is None:
        return Flowchart(kind="")
    head = lines[first].strip().split(";")[0].split()
    chart = Flowchart(kind=head[0] if head else "")
    if not chart.is_flow:
        return chart
    for number, line in enumerate(lines[first + 1 :], start=first + 1):
        for statement in _statements(line):
            known = dict(chart.nodes)
            if not _read_statement(chart, statement):
                chart.nodes = known  # nothing of a statement that cannot be read
                chart.skipped.append((number, statement))
    return chart


def _statements(line: str) -> list[str]:
    """The statements of one line: comments removed, split at `;` outside quotes."""
    line = line.split("%%")[0]
    parts, current, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def _read_statement(chart: Flowchart, text: str) -> bool:
    """Add what one statement says; False if it cannot be read."""
    word = text.split()[0]
    if word in IGNORED:
        return True
    if word == "end":
        return True
    if word == "subgraph":
        match = _SUBGRAPH.match(text)
        if not match:
            return False
        title = clean_label(match["title"] or match["q"] or match["id"] or "")
        key = match["id"] or title
        if key:
            chart.subgraphs[key] = title or key
        return True
    text = _CLASS.sub("", _ATTRS.sub("", text))
    groups, pos = [], 0
    group, pos = _node_group(chart, text, pos)
    if not group:
        return False
    groups.append(group)
    labels: list[str | None] = []
    invisible: list[bool] = []
    while pos < len(text):
        link = _LINK.match(text, pos)
        if not link or link.end() == pos:
            return False
        label = link["text"] if link["open"] else link["label"]
        labels.append(clean_label(label) or None if label else None)
        invisible.append((link["arrow"] or "").startswith("~"))
        group, pos = _node_group(chart, text, link.end())
        if not group:
            return False
        groups.append(group)
    for i, label in enumerate(labels):
        if invisible[i]:
            continue
        for source in groups[i]:
            for target in groups[i + 1]:
                chart.edges.append((source, target, label))
    return True


def _node_group(chart: Flowchart, text: str, pos: int) -> tuple[list[str], int]:
    """Nodes joined by `&` from `pos`; their ids and where the group ends."""
    ids: list[str] = []
    while True:
        pos = _skip_spaces(text, pos)
        node, pos = _node(chart, text, pos)
        if node is None:
            return [], pos
        ids.append(node)
        after = _skip_spaces(text, pos)
        if after < len(text) and text[after] == "&":
            pos = after + 1
            continue
        return ids, pos


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _node(chart: Flowchart, text: str, pos: int) -> tuple[str | None, int]:
    """One node (an id and an optional shaped label) at `pos`."""
    match = _ID.match(text, pos)
    if not match:
        return None, pos
    node_id, pos = match.group(), match.end()
    label = None
    for opener, closer in _SHAPES:
        if text.startswith(opener, pos):
            start = pos + len(opener)
            if text.startswith('"', start):
                end_quote = text.find('"', start + 1)
                end = text.find(closer, end_quote + 1) if end_quote >= 0 else -1
            else:
                end = text.find(closer, start)
            if end < 0:
                continue
            label = clean_label(text[start:end])
            pos = end + len(closer)
            break
    if node_id in chart.subgraphs and label is None:
        label = chart.subgraphs[node_id]
    if label or node_id not in chart.nodes:
        chart.nodes[node_id] = label or chart.nodes.get(node_id) or node_id
    return node_id, pos
