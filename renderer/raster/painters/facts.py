"""Quick facts: icon + label/value cards."""

from __future__ import annotations

from renderer.article import Facts
from renderer.raster.canvas import Box, Canvas
from renderer.raster.layout import grid
from renderer.raster.text import Weight


def paint(canvas: Canvas, step: int) -> None:
    facts = canvas.slide.body
    assert isinstance(facts, Facts)
    u, theme = canvas.u, canvas.theme
    columns = 1 if canvas.vertical or len(facts.items) <= 2 else 2
    cells = grid(canvas.content, len(facts.items), columns, 28 * u, max_row_height=canvas.tall(190))
    pad, icon_r = 30 * u, 40 * u
    label_style = canvas.style(22, Weight.BOLD, theme.accent)
    labels: list[Box] = []
    values: list[Box] = []
    for x0, y0, x1, y1 in cells:
        text_x, mid = x0 + pad + 2 * icon_r + 28 * u, (y0 + y1) / 2
        if canvas.vertical:  # the label's line at the top, the value below on up to 2 lines
            split = y0 + pad * 0.7 + label_style.line_height
            labels.append((text_x, y0 + pad * 0.7, x1 - pad, split))
            values.append((text_x, split + 2 * u, x1 - pad, y1 - pad * 0.6))
        else:
            labels.append((text_x, y0 + pad * 0.8, x1 - pad, mid - 4 * u))
            values.append((text_x, mid + 4 * u, x1 - pad, y1 - pad * 0.6))
    value_style = canvas.style(34, Weight.SEMIBOLD)
    if canvas.vertical:  # every value at one size
        value_style = canvas.one_size(value_style, [i.value for i in facts.items], values, 2)
    for item, (x0, y0, x1, y1), label, value in zip(
        facts.items, cells, labels, values, strict=True
    ):
        canvas.card((x0, y0, x1, y1))
        canvas.icon(
            item.icon or "📌", (x0 + pad + icon_r, (y0 + y1) / 2), 44, badge=theme.accent_soft
        )
        canvas.text(
            item.label.upper(),
            label,
            label_style,
            valign="top" if canvas.vertical else "bottom",
            max_lines=1,
        )
        canvas.text(
            item.value, value, value_style, max_lines=2 if not canvas.vertical else 3, min_size=22
        )
