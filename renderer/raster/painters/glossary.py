"""Glossary: term / definition cards."""

from __future__ import annotations

from renderer.article import Section
from renderer.raster.canvas import Canvas
from renderer.raster.chrome import draw_page
from renderer.raster.layout import grid
from renderer.raster.text import Weight
from renderer.reveals import page_items


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.glossary is not None
    u, theme = canvas.u, canvas.theme
    entries = section.glossary
    if canvas.vertical:  # a long glossary continues over steps, a page of entries a step
        entries = [entries[i] for i in page_items(entries, canvas.slide.steps, step)]
        if canvas.slide.steps > 1:
            draw_page(canvas, min(step, canvas.slide.steps - 1), canvas.slide.steps)
    columns = 2 if len(entries) > 3 and not canvas.vertical else 1
    cells = grid(
        canvas.content,
        len(entries),
        columns,
        18 * u,
        max_row_height=canvas.tall(150),
        column_major=True,
    )
    pad = 22 * u
    stacked = canvas.vertical and cells[0][3] - cells[0][1] >= 2.6 * canvas.style(30).size
    terms, definitions = [], []
    for x0, y0, x1, y1 in cells:
        if stacked:  # the term above its definition: the card's whole width for it
            split = y0 + min((y1 - y0) * 0.42, 64 * u)
            terms.append((x0 + pad, y0 + pad * 0.4, x1 - pad, split))
            definitions.append((x0 + pad, split + 2 * u, x1 - pad, y1 - pad * 0.4))
        else:
            term_w = (x1 - x0) * 0.3
            terms.append((x0 + pad, y0 + pad * 0.6, x0 + term_w, y1 - pad * 0.6))
            definitions.append((x0 + term_w + 12 * u, y0 + pad * 0.5, x1 - pad, y1 - pad * 0.5))
    term_style = canvas.style(30, Weight.BOLD, theme.accent)
    text_style = canvas.style(30 if stacked else 27, Weight.REGULAR)  # stacked: phone size
    if canvas.vertical:  # every card of the slide at one size
        term_style = canvas.one_size(
            term_style, [e.term for e in entries], terms, 1 if stacked else 2
        )
        text_style = canvas.one_size(text_style, [e.definition for e in entries], definitions, 3)
    for entry, cell, term, definition in zip(entries, cells, terms, definitions, strict=True):
        canvas.card(cell)
        canvas.text(
            entry.term,
            term,
            term_style,
            valign="bottom" if stacked else "middle",
            max_lines=1 if stacked else 2,
            min_size=18,
        )
        canvas.text(
            entry.definition,
            definition,
            text_style,
            valign="middle",
            max_lines=3,
            min_size=16 if stacked else 18,
        )
