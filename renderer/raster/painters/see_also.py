"""Related topics as cards."""

from __future__ import annotations

from renderer.raster.canvas import Canvas
from renderer.raster.layout import grid
from renderer.raster.text import Weight
from renderer.storyboard_model import SeeAlsoBody

TOPIC_ICONS = ("📖", "🔗", "💡", "📚", "🔑", "🌐", "🧭", "🧩")


def paint(canvas: Canvas, step: int) -> None:
    body = canvas.slide.body
    assert isinstance(body, SeeAlsoBody)
    u, theme = canvas.u, canvas.theme
    columns = 1 if canvas.vertical else (3 if len(body.topics) > 4 else 2)
    cells = grid(canvas.content, len(body.topics), columns, 26 * u, max_row_height=canvas.tall(170))
    for index, (topic, (x0, y0, x1, y1)) in enumerate(zip(body.topics, cells, strict=True)):
        canvas.card((x0, y0, x1, y1))
        pad = 26 * u
        r = min(36 * u, (y1 - y0) / 2 - 10 * u)
        canvas.icon(
            TOPIC_ICONS[index % len(TOPIC_ICONS)],
            (x0 + pad + r, (y0 + y1) / 2),
            r / u * 0.9,
            badge=theme.accent_soft,
        )
        canvas.text(
            topic,
            (x0 + pad + 2 * r + 22 * u, y0 + 10 * u, x1 - pad, y1 - 10 * u),
            canvas.style(32, Weight.SEMIBOLD),
            valign="middle",
            max_lines=2,
            min_size=20,
        )
