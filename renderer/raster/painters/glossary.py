"""Glossary: term / definition cards."""

from __future__ import annotations

from renderer.article import Section
from renderer.raster.canvas import Canvas
from renderer.raster.layout import grid
from renderer.raster.text import Weight


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.glossary is not None
    u, theme = canvas.u, canvas.theme
    entries = section.glossary
    columns = 2 if len(entries) > 3 and not canvas.vertical else 1
    cells = grid(canvas.content, len(entries), columns, 18 * u, max_row_height=canvas.tall(150),
                 column_major=True)
    for entry, (x0, y0, x1, y1) in zip(entries, cells, strict=True):
        canvas.card((x0, y0, x1, y1))
        pad = 22 * u
        if canvas.vertical:  # the term above its definition: the card's whole width for it
            split = y0 + min((y1 - y0) * 0.42, 64 * u)
            canvas.text(entry.term, (x0 + pad, y0 + pad * 0.4, x1 - pad, split),
                        canvas.style(30, Weight.BOLD, theme.accent), valign="bottom",
                        max_lines=1, min_size=18)
            canvas.text(entry.definition, (x0 + pad, split + 2 * u, x1 - pad, y1 - pad * 0.4),
                        canvas.style(26, Weight.REGULAR), valign="middle", max_lines=3,
                        min_size=16)
            continue
        term_w = (x1 - x0) * 0.3
        canvas.text(entry.term, (x0 + pad, y0 + pad * 0.6, x0 + term_w, y1 - pad * 0.6),
                    canvas.style(30, Weight.BOLD, theme.accent), valign="middle", max_lines=2,
                    min_size=18)
        canvas.text(entry.definition, (x0 + term_w + 12 * u, y0 + pad * 0.5, x1 - pad,
                                       y1 - pad * 0.5),
                    canvas.style(27, Weight.REGULAR), valign="middle", max_lines=3, min_size=18)
