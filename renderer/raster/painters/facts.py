"""Quick facts: icon + label/value cards."""

from __future__ import annotations

from renderer.article import Facts
from renderer.raster.canvas import Canvas
from renderer.raster.layout import grid
from renderer.raster.text import Weight


def paint(canvas: Canvas, step: int) -> None:
    facts = canvas.slide.body
    assert isinstance(facts, Facts)
    u, theme = canvas.u, canvas.theme
    columns = 1 if canvas.vertical or len(facts.items) <= 2 else 2
    cells = grid(canvas.content, len(facts.items), columns, 28 * u, max_row_height=canvas.tall(190))
    for item, (x0, y0, x1, y1) in zip(facts.items, cells, strict=True):
        canvas.card((x0, y0, x1, y1))
        pad = 30 * u
        icon_r = 40 * u
        canvas.icon(item.icon or "📌", (x0 + pad + icon_r, (y0 + y1) / 2), 44,
                    badge=theme.accent_soft)
        text_x = x0 + pad + 2 * icon_r + 28 * u
        mid = (y0 + y1) / 2
        canvas.text(item.label.upper(), (text_x, y0 + pad * 0.8, x1 - pad, mid - 4 * u),
                    canvas.style(22, Weight.BOLD, theme.accent), valign="bottom", max_lines=1)
        canvas.text(item.value, (text_x, mid + 4 * u, x1 - pad, y1 - pad * 0.6),
                    canvas.style(34, Weight.SEMIBOLD), max_lines=2 if not canvas.vertical else 3,
                    min_size=22)
