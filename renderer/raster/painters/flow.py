"""Flow diagrams: nodes as rounded boxes with icons, arrows with labels, laid out automatically.

Nodes are ranked by the longest path from a source; an edge that closes a cycle (a retry
going back to the queue) is a "back edge" and does not rank. Ranks run left to right in
landscape frames and top to bottom in vertical ones, wrapping onto further rows (columns)
when there are too many. Arrows that cannot go straight are routed through the gaps between
rows and columns, so they never cross a box; labels are placed where they overlap nothing.

The layout is computed in "flow coordinates" (ranks along x) and transposed for vertical
frames, so one piece of code serves both.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from renderer.article import Flow, Section
from renderer.raster.canvas import Box, Canvas
from renderer.raster.text import Weight
from renderer.raster.wrap import fit
from renderer.reveals import body_start, revealed, visible_boxes

Point = tuple[float, float]
MAX_RANKS_PER_ROW = {False: 5, True: 4}
"""Ranks per row before wrapping: landscape, vertical."""
MAX_STACK = 3
"""Nodes of one rank stacked in a column before the rank spreads to another column."""


@dataclass(frozen=True)
class FlowLayout:
    """Node boxes, edge routes (polylines) and the indices of back edges."""

    boxes: dict[str, Box]
    routes: tuple[tuple[Point, ...], ...]
    back_edges: frozenset[int]


def rank_nodes(flow: Flow) -> tuple[dict[str, int], frozenset[int]]:
    """Rank of every node (longest path from a source) and the indices of back edges."""
    outgoing: dict[str, list[tuple[int, str]]] = {n.id: [] for n in flow.nodes}
    for index, edge in enumerate(flow.edges):
        outgoing[edge.source].append((index, edge.target))
    state: dict[str, int] = {}
    back: set[int] = set()
    order: list[str] = []

    def visit(node_id: str) -> None:
        state[node_id] = 1
        for index, target in outgoing[node_id]:
            if state.get(target) == 1:
                back.add(index)
            elif target not in state:
                visit(target)
        state[node_id] = 2
        order.append(node_id)

    for flow_node in flow.nodes:
        if flow_node.id not in state:
            visit(flow_node.id)
    rank = {n.id: 0 for n in flow.nodes}
    for node_id in reversed(order):  # reverse post-order is a topological order
        for index, target in outgoing[node_id]:
            if index not in back:
                rank[target] = max(rank[target], rank[node_id] + 1)
    return rank, frozenset(back)


def _transpose(box: Box) -> Box:
    return (box[1], box[0], box[3], box[2])


def layout(
    flow: Flow, area: Box, node_size: tuple[float, float], gap: float, horizontal: bool
) -> FlowLayout:
    """Place node boxes in area and route every edge. node_size is (width, height) on screen."""
    rank, back = rank_nodes(flow)
    back_sources = {flow.edges[i].source for i in back}
    ranks: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for node in flow.nodes:
        ranks[rank[node.id]].append(node.id)
    columns: list[list[str]] = []
    for members in ranks:  # a crowded rank spreads over several columns
        members.sort(key=lambda node_id: node_id in back_sources)  # by the lane: last
        columns += [members[i : i + MAX_STACK] for i in range(0, len(members), MAX_STACK)]
    depth = len(columns)
    per_row = min(depth, MAX_RANKS_PER_ROW[not horizontal])
    rows = math.ceil(depth / per_row)
    # flow coordinates: ranks advance along x, stacked nodes along y
    fx0, fy0, fx1, fy1 = area if horizontal else _transpose(area)
    main, side = node_size if horizontal else (node_size[1], node_size[0])
    lane = gap * 1.1  # room under each row for routed arrows
    row_h = (fy1 - fy0 - lane * rows) / rows
    main = min(main, (fx1 - fx0 - gap * (per_row - 1)) / per_row)
    tallest = max(len(c) for c in columns)
    stack_gap = gap * 0.5
    side = min(side, (row_h - stack_gap * (tallest - 1)) / tallest)
    pitch = (fx1 - fx0 - main) / max(per_row - 1, 1)
    boxes: dict[str, Box] = {}
    place: dict[str, tuple[int, int]] = {}
    for r, column in enumerate(columns):
        row, col = divmod(r, per_row)
        top = fy0 + row * (row_h + lane)
        span = len(column) * side + (len(column) - 1) * stack_gap
        for k, node_id in enumerate(column):
            x = fx0 + (col * pitch if per_row > 1 else (fx1 - fx0 - main) / 2)
            y = top + (row_h - span) / 2 + k * (side + stack_gap)
            boxes[node_id] = (x, y, x + main, y + side)
            place[node_id] = (row, col)

    lane_use: dict[int, int] = {}
    offsets = (0.0, -0.22, 0.22, -0.36, 0.36)

    def lane_y(row: int) -> float:
        """A track in the lane under `row`; each new arrow there gets its own track."""
        used = lane_use.get(row, 0)
        lane_use[row] = used + 1
        return fy0 + row * (row_h + lane) + row_h + lane * (0.5 + offsets[used % len(offsets)])

    def gap_x(box: Box) -> float:
        return box[0] - (pitch - main) / 2 if box[0] - fx0 > 1 else box[0] - gap * 0.35

    routes: list[tuple[Point, ...]] = []
    for index, edge in enumerate(flow.edges):
        a, b = boxes[edge.source], boxes[edge.target]
        (ra, _), (rb, _) = place[edge.source], place[edge.target]
        a_mid, b_mid = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
        a_cx, b_cx = (a[0] + a[2]) / 2, (b[0] + b[2]) / 2
        route: list[Point]
        if edge.source == edge.target:  # a self-loop: out of the side, round into the bottom
            hook, y = gap * 0.35, a[3] + lane * 0.3
            route = [(a[2], a_mid), (a[2] + hook, a_mid), (a[2] + hook, y), (a_cx, y), (a_cx, a[3])]
        elif index not in back and ra == rb and not _crosses(a, b, boxes, edge.source, edge.target):
            route = [(a[2], a_mid), (b[0], b_mid)]
        elif ra == rb:  # same row, but a box is in the way or it goes back: use the lane
            y = lane_y(ra)
            route = [(a_cx, a[3]), (a_cx, y), (b_cx, y), (b_cx, b[3])]
        elif rb == ra + 1:  # the next row: down to the lane between them, across, down
            y = lane_y(ra)
            route = [(a_cx, a[3]), (a_cx, y), (b_cx, y), (b_cx, b[1])]
        else:  # rows apart: down to the lane under our row, along a column gap, across
            y_a = lane_y(ra)
            y_b = lane_y(rb - 1) if rb > ra else lane_y(rb)
            x_gap = gap_x(b)
            end = (b_cx, b[1]) if rb > ra else (b_cx, b[3])
            route = [(a_cx, a[3]), (a_cx, y_a), (x_gap, y_a), (x_gap, y_b), (b_cx, y_b), end]
        routes.append(tuple(route))
    if not horizontal:
        boxes = {k: _transpose(v) for k, v in boxes.items()}
        routes = [tuple((y, x) for x, y in route) for route in routes]
    return FlowLayout(boxes, tuple(routes), back)


def _crosses(a: Box, b: Box, boxes: dict[str, Box], source: str, target: str) -> bool:
    """True if the straight arrow from a to b would pass through another node's box."""
    (x0, y0), (x1, y1) = (a[2], (a[1] + a[3]) / 2), (b[0], (b[1] + b[3]) / 2)
    if x1 <= x0:
        return True
    for node_id, box in boxes.items():
        if node_id in (source, target):
            continue
        for t in (i / 20 for i in range(21)):
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return True
    return False


def _arrow(
    draw: ImageDraw.ImageDraw,
    points: tuple[Point, ...],
    color: tuple[int, ...],
    width: float,
    head: float,
) -> None:
    draw.line(list(points), fill=color, width=round(width), joint="curve")
    (ax, ay), (bx, by) = points[-2], points[-1]
    angle = math.atan2(by - ay, bx - ax)
    left = (bx - head * math.cos(angle - 0.45), by - head * math.sin(angle - 0.45))
    right = (bx - head * math.cos(angle + 0.45), by - head * math.sin(angle + 0.45))
    draw.polygon([(bx, by), left, right], fill=color)


def _along(route: tuple[Point, ...], t: float) -> Point:
    """The point at fraction t of a polyline's length."""
    lengths = [math.dist(p, q) for p, q in itertools.pairwise(route)]
    goal = sum(lengths) * t
    for (p, q), length in zip(itertools.pairwise(route), lengths, strict=True):
        if goal <= length and length > 0:
            f = goal / length
            return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f)
        goal -= length
    return route[-1]


def _overlaps(a: Box, b: Box, pad: float = 0) -> bool:
    return a[0] - pad < b[2] and b[0] - pad < a[2] and a[1] - pad < b[3] and b[1] - pad < a[3]


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.flow is not None
    flow = section.flow
    u, theme = canvas.u, canvas.theme
    horizontal = not canvas.vertical
    largest = (300 * u, 150 * u) if horizontal else (600 * u, 150 * u)  # phone: bigger type
    plan = layout(flow, canvas.content, largest, 90 * u, horizontal)
    shown = {node.id for node in flow.nodes}
    if revealed(section):  # boxes appear as they are mentioned, arrows with both ends
        shown = visible_boxes(
            section, [cue.text for cue in canvas.slide.cues], body_start(section), step
        )
    overlay = Image.new("RGBA", canvas.image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for index, route in enumerate(plan.routes):
        edge = flow.edges[index]
        if edge.source not in shown or edge.target not in shown:
            continue
        back = index in plan.back_edges
        color = (*(theme.accent if back else theme.muted), 230)
        end = route[-1]
        prev = route[-2]
        dx, dy = end[0] - prev[0], end[1] - prev[1]
        norm = math.hypot(dx, dy) or 1
        trimmed = (*route[:-1], (end[0] - dx / norm * 4 * u, end[1] - dy / norm * 4 * u))
        _arrow(draw, trimmed, color, 4 * u, 18 * u)
    canvas.image.alpha_composite(overlay)
    style = canvas.style(28, Weight.BOLD)
    nodes = [node for node in flow.nodes if node.id in shown]
    icons = not canvas.vertical or all(  # phone: icons only where no label shrinks for them
        fit(
            node.label, style, *_size(_text_box(plan.boxes[node.id], u, node.icon)), max_lines=2
        ).style.size
        >= style.size * 0.85
        for node in nodes
    )
    for node in nodes:
        box = plan.boxes[node.id]
        canvas.card(box, outline=(*theme.accent, 120))
        r = _icon_radius(box, u) if node.icon and icons else None
        if node.icon and r is not None:
            canvas.icon(node.icon, ((box[0] + box[2]) / 2, box[1] + 14 * u + r), r / u * 1.1)
        canvas.text(
            node.label,
            _text_box(box, u, node.icon if icons else None),
            style,
            align="center",
            valign="middle",
            max_lines=2,
            min_size=14,
        )
    _place_labels(canvas, flow, plan, shown)


def _icon_radius(box: Box, u: float) -> float | None:
    """The radius of a node's icon, or None when the box is too short for one (90 px)."""
    height = box[3] - box[1]
    return min(30 * u, height * 0.2) if height > 90 * u else None


def _text_box(box: Box, u: float, icon: str | None) -> Box:
    """Where a node's label goes: below its icon, if it shows one."""
    bx0, by0, bx1, by1 = box
    r = _icon_radius(box, u) if icon else None
    if r is not None:
        return (bx0 + 12 * u, by0 + 20 * u + 2 * r, bx1 - 12 * u, by1 - 8 * u)
    return (bx0 + 12 * u, by0 + 8 * u, bx1 - 12 * u, by1 - 8 * u)


def _size(box: Box) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


def _place_labels(canvas: Canvas, flow: Flow, plan: FlowLayout, shown: set[str]) -> None:
    """Edge labels as pills, each where it overlaps no box and no other label."""
    u, theme = canvas.u, canvas.theme
    style = canvas.style(22 if not canvas.vertical else 17, Weight.SEMIBOLD, theme.text)
    taken: list[Box] = list(plan.boxes.values())
    x_min, y_min, x_max, y_max = canvas.content

    def clamp(cx: float, cy: float, width: float, height: float) -> Box:
        cx = min(max(cx, x_min + width / 2), x_max - width / 2)
        cy = min(max(cy, y_min + height / 2), y_max - height / 2)
        return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

    for edge, route in zip(flow.edges, plan.routes, strict=True):
        if not edge.label or edge.source not in shown or edge.target not in shown:
            continue
        length = sum(math.dist(p, q) for p, q in itertools.pairwise(route))
        limit = min(max(length, (160 if not canvas.vertical else 330) * u), x_max - x_min)
        _, width, height = canvas.pill_size(edge.label, style, max_width=limit)
        chosen: Box | None = None
        for shift, t in itertools.product((0.0, -0.5, 0.5), (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)):
            x, y = _along(route, t)  # on the arrow, else beside it (a fan-out's are close)
            box = clamp(x + shift * (width + 8 * u), y, width, height)
            if not any(_overlaps(box, other, 4 * u) for other in taken):
                chosen = box
                break
        if chosen is None:
            chosen = clamp(*_along(route, 0.5), width, height)
        taken.append(chosen)
        canvas.pill(
            (chosen[1] + chosen[3]) / 2,
            chosen[0],
            edge.label,
            style,
            fill=theme.label_fill,
            outline=(*theme.text, 40),
            anchor="left",
            max_width=limit,
        )
