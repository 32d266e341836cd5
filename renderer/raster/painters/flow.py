"""Flow diagrams: nodes as rounded boxes with icons, arrows with labels, laid out automatically.

Nodes are ranked by the longest path from a source (edges that close a cycle, such as a
retry going back to the queue, are "back edges" and do not rank). Ranks run left to right
in landscape frames and top to bottom in vertical ones; back edges are routed around the
nodes along a lane outside them, so they never cross a box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from renderer.article import Flow, Section
from renderer.raster.canvas import Box, Canvas
from renderer.raster.text import Weight


@dataclass(frozen=True)
class FlowLayout:
    """Node boxes and the set of back edges (by index into flow.edges)."""

    boxes: dict[str, Box]
    back_edges: frozenset[int]
    horizontal: bool


def rank_nodes(flow: Flow) -> tuple[dict[str, int], frozenset[int]]:
    """Rank of every node (longest path from a source) and the indices of back edges."""
    outgoing: dict[str, list[tuple[int, str]]] = {n.id: [] for n in flow.nodes}
    for index, edge in enumerate(flow.edges):
        outgoing[edge.source].append((index, edge.target))
    state: dict[str, int] = {}
    back: set[int] = set()
    order: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        for index, target in outgoing[node]:
            if state.get(target) == 1:
                back.add(index)
            elif target not in state:
                visit(target)
        state[node] = 2
        order.append(node)

    for flow_node in flow.nodes:
        if flow_node.id not in state:
            visit(flow_node.id)
    rank = {n.id: 0 for n in flow.nodes}
    for node_id in reversed(order):  # reverse post-order is a topological order
        for index, target in outgoing[node_id]:
            if index not in back:
                rank[target] = max(rank[target], rank[node_id] + 1)
    return rank, frozenset(back)


def layout(flow: Flow, area: Box, node_size: tuple[float, float], gap: float,
           horizontal: bool) -> FlowLayout:
    """Place node boxes inside area."""
    rank, back = rank_nodes(flow)
    depth = max(rank.values()) + 1
    has_back_out = {flow.edges[i].source for i in back}
    columns: list[list[str]] = [[] for _ in range(depth)]
    for node in flow.nodes:
        columns[rank[node.id]].append(node.id)
    for column in columns:  # sources of back edges go last, next to the lane
        column.sort(key=lambda node_id: node_id in has_back_out)
    x0, y0, x1, y1 = area
    along = (x1 - x0) if horizontal else (y1 - y0)
    across = (y1 - y0) if horizontal else (x1 - x0)
    node_w, node_h = node_size
    main, side = (node_w, node_h) if horizontal else (node_h, node_w)
    main = min(main, (along - gap * (depth - 1)) / depth)
    tallest = max(len(c) for c in columns)
    side = min(side, (across - gap * 0.6 * (tallest - 1)) / tallest)
    step = (along - main) / max(depth - 1, 1)
    boxes: dict[str, Box] = {}
    for r, column in enumerate(columns):
        span = len(column) * side + (len(column) - 1) * gap * 0.6
        start = (across - span) / 2
        for k, node_id in enumerate(column):
            a = r * step if depth > 1 else (along - main) / 2
            b = start + k * (side + gap * 0.6)
            if horizontal:
                boxes[node_id] = (x0 + a, y0 + b, x0 + a + main, y0 + b + side)
            else:
                boxes[node_id] = (x0 + b, y0 + a, x0 + b + side, y0 + a + main)
    return FlowLayout(boxes, back, horizontal)


def _arrow(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], color: tuple[int, ...],
           width: float, head: float) -> None:
    draw.line(points, fill=color, width=round(width), joint="curve")
    (ax, ay), (bx, by) = points[-2], points[-1]
    angle = math.atan2(by - ay, bx - ax)
    left = (bx - head * math.cos(angle - 0.45), by - head * math.sin(angle - 0.45))
    right = (bx - head * math.cos(angle + 0.45), by - head * math.sin(angle + 0.45))
    draw.polygon([(bx, by), left, right], fill=color)


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.flow is not None
    flow = section.flow
    u, theme = canvas.u, canvas.theme
    horizontal = not canvas.vertical
    x0, y0, x1, y1 = canvas.content
    lane_room = 110 * u
    area = (x0, y0, x1, y1 - lane_room) if horizontal else (x0, y0, x1 - lane_room, y1)
    plan = layout(flow, area, (300 * u, 150 * u), 90 * u, horizontal)
    overlay = Image.new("RGBA", canvas.image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    labels: list[tuple[str, float, float]] = []
    bottom = max(b[3] for b in plan.boxes.values())
    right_edge = max(b[2] for b in plan.boxes.values())
    for index, edge in enumerate(flow.edges):
        a, b = plan.boxes[edge.source], plan.boxes[edge.target]
        color = (*theme.muted, 230)
        if index in plan.back_edges:
            color = (*theme.accent, 230)
            if horizontal:
                lane = bottom + lane_room * 0.55
                sx, tx = (a[0] + a[2]) / 2, (b[0] + b[2]) / 2
                points = [(sx, a[3]), (sx, lane), (tx, lane), (tx, b[3] + 4 * u)]
                labels.append((edge.label or "", (sx + tx) / 2, lane))
            else:
                lane = right_edge + lane_room * 0.55
                sy, ty = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
                points = [(a[2], sy), (lane, sy), (lane, ty), (b[2] + 4 * u, ty)]
                labels.append((edge.label or "", lane, (sy + ty) / 2))
        elif horizontal:
            start, end = (a[2], (a[1] + a[3]) / 2), (b[0] - 4 * u, (b[1] + b[3]) / 2)
            points = [start, end]
            labels.append((edge.label or "", (start[0] + end[0]) / 2, (start[1] + end[1]) / 2))
        else:
            start, end = ((a[0] + a[2]) / 2, a[3]), ((b[0] + b[2]) / 2, b[1] - 4 * u)
            points = [start, end]
            labels.append((edge.label or "", (start[0] + end[0]) / 2, (start[1] + end[1]) / 2))
        _arrow(draw, points, color, 4 * u, 18 * u)
    canvas.image.alpha_composite(overlay)
    for node in flow.nodes:
        box = plan.boxes[node.id]
        canvas.card(box, outline=(*theme.accent, 120))
        bx0, by0, bx1, by1 = box
        if node.icon:
            r = min(30 * u, (by1 - by0) * 0.22)
            canvas.icon(node.icon, ((bx0 + bx1) / 2, by0 + 16 * u + r), r / u * 1.1)
            text_box = (bx0 + 14 * u, by0 + 24 * u + 2 * r, bx1 - 14 * u, by1 - 10 * u)
        else:
            text_box = (bx0 + 14 * u, by0 + 10 * u, bx1 - 14 * u, by1 - 10 * u)
        canvas.text(node.label, text_box, canvas.style(28, Weight.BOLD), align="center",
                    valign="middle", max_lines=2, min_size=16)
    style = canvas.style(22, Weight.SEMIBOLD, theme.text)
    for text, cx, cy in labels:
        if not text:
            continue
        box = canvas.pill(cy, cx, text, style, fill=(20, 22, 48, 235),
                          outline=(255, 255, 255, 40), anchor="center")
        del box
