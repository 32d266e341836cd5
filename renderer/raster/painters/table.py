"""Tables: a header row, zebra rows, column widths from content, wrapped cells."""

from __future__ import annotations

from PIL import Image, ImageDraw

from renderer.article import Section
from renderer.raster.canvas import Canvas
from renderer.raster.text import Fitted, TextStyle, Weight, draw_fitted, fit, wrap

MAX_SIZE, MIN_SIZE = 30, 17


def _column_widths(canvas: Canvas, columns: list[str], rows: list[list[str]],
                   total: float) -> list[float]:
    style = canvas.style(MAX_SIZE, Weight.REGULAR)
    natural = []
    for c, header in enumerate(columns):
        cells = [header] + [row[c] for row in rows]
        natural.append(max(style.width(cell) for cell in cells) + 1)
    floor = total * min(0.16, 1 / len(columns))
    shares = [max(n, floor) for n in natural]
    scale = total / sum(shares)
    widths = [s * scale for s in shares]
    if sum(natural) < total:  # everything fits on one line: spread the slack evenly
        widths = [n + (total - sum(natural)) / len(columns) for n in natural]
    return widths


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.table is not None
    u, theme = canvas.u, canvas.theme
    columns, rows = list(section.table.columns), [list(r) for r in section.table.rows]
    x0, y0, x1, y1 = canvas.content
    pad_x, pad_y = 22 * u, 14 * u
    widths = _column_widths(canvas, columns, rows, x1 - x0)
    size = MAX_SIZE
    while True:
        body = canvas.style(size, Weight.REGULAR)
        head = canvas.style(size, Weight.BOLD, theme.accent)
        heights = [_row_height([head] * len(columns), columns, widths, pad_x, pad_y)]
        heights += [_row_height([body] * len(columns), row, widths, pad_x, pad_y) for row in rows]
        if sum(heights) <= y1 - y0 or size <= MIN_SIZE:
            break
        size -= 1
    scale = min(1.0, (y1 - y0) / sum(heights))
    heights = [h * scale for h in heights]
    top = y0 + ((y1 - y0) - sum(heights)) / 2
    canvas.card((x0 - 8 * u, top - 8 * u, x1 + 8 * u, top + sum(heights) + 8 * u), radius=20)
    overlay = Image.new("RGBA", canvas.image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    y = top
    for index, height in enumerate(heights):
        if index == 0:
            draw.rounded_rectangle((x0, y, x1, y + height), 14 * u, fill=theme.accent_soft)
        elif index % 2 == 0:
            draw.rectangle((x0, y, x1, y + height), fill=(255, 255, 255, 10))
        y += height
    canvas.image.alpha_composite(overlay)
    y = top
    for index, (cells, height) in enumerate(zip([columns, *rows], heights, strict=True)):
        style = head if index == 0 else body
        x = x0
        for c, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            cell_style = style if index == 0 or c > 0 else canvas.style(size, Weight.SEMIBOLD)
            box = (x + pad_x, y + pad_y * scale, x + width - pad_x, y + height - pad_y * scale)
            fitted = fit(cell, cell_style, box[2] - box[0], box[3] - box[1],
                         min_size=cell_style.size)
            draw_fitted(canvas.image, box, fitted, valign="middle")
            x += width
        y += height


def _row_height(styles: list[TextStyle], cells: list[str], widths: list[float], pad_x: float,
                pad_y: float) -> float:
    tallest = 0
    for style, cell, width in zip(styles, cells, widths, strict=True):
        lines = wrap(cell, style, width - 2 * pad_x)
        tallest = max(tallest, Fitted(tuple(lines), style, False).height)
    return tallest + 2 * pad_y
