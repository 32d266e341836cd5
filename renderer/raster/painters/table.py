"""Tables: a header row, zebra rows, column widths from content, wrapped cells."""

from __future__ import annotations

from PIL import Image, ImageDraw

from renderer.article import Section
from renderer.raster.canvas import Canvas
from renderer.raster.chrome import draw_page
from renderer.raster.layout import grid
from renderer.raster.text import TextStyle, Weight
from renderer.raster.wrap import Fitted, fit, wrap
from renderer.reveals import PHONE_PAGE, PHONE_PAGE_CAPTIONED, page_items, revealed

MAX_SIZE, MIN_SIZE = 30, 17


def _column_widths(
    canvas: Canvas, columns: list[str], rows: list[list[str]], total: float, size: int, pad_x: float
) -> list[float] | None:
    """Widths from content: every column fits its longest word, slack goes where text is long.

    None when even the longest words do not fit side by side at this size.
    """
    head = canvas.style(size, Weight.BOLD)
    body = canvas.style(size, Weight.SEMIBOLD)
    natural, floor = [], []
    for c, header in enumerate(columns):
        cells = [(head, header)] + [(body, row[c]) for row in rows]
        natural.append(max(style.width(cell) for style, cell in cells) + 2 * pad_x + 1)
        floor.append(
            max(style.width(word) for style, cell in cells for word in cell.split()) + 2 * pad_x + 1
        )
    if sum(floor) > total:
        return None
    if sum(natural) <= total:  # everything fits on one line: spread the slack evenly
        return [n + (total - sum(natural)) / len(columns) for n in natural]
    want = [n - f for n, f in zip(natural, floor, strict=True)]
    spare = total - sum(floor)
    return [f + spare * w / sum(want) for f, w in zip(floor, want, strict=True)]


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.table is not None
    if canvas.vertical:
        _paint_cards(canvas, section, step)
        return
    u, theme = canvas.u, canvas.theme
    columns, rows = list(section.table.columns), [list(r) for r in section.table.rows]
    x0, y0, x1, y1 = canvas.content
    pad_x, pad_y = 22 * u, 14 * u
    size = MAX_SIZE
    while True:
        widths = _column_widths(canvas, columns, rows, x1 - x0, size, pad_x)
        body = canvas.style(size, Weight.REGULAR)
        head = canvas.style(size, Weight.BOLD, theme.accent)
        if widths is not None:
            heights = [_row_height([head] * len(columns), columns, widths, pad_x, pad_y)]
            heights += [
                _row_height([body] * len(columns), row, widths, pad_x, pad_y) for row in rows
            ]
            if sum(heights) <= y1 - y0:
                break
        if size <= MIN_SIZE:
            if widths is None:
                widths = [(x1 - x0) / len(columns)] * len(columns)
                heights = [_row_height([head] * len(columns), columns, widths, pad_x, pad_y)]
                heights += [
                    _row_height([body] * len(columns), row, widths, pad_x, pad_y) for row in rows
                ]
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
            draw.rectangle((x0, y, x1, y + height), fill=(*theme.text, 10))
        y += height
    canvas.image.alpha_composite(overlay)
    shown = step if revealed(section) else len(rows)  # rows appear as they are mentioned
    y = top
    for index, (cells, height) in enumerate(zip([columns, *rows], heights, strict=True)):
        if index > shown:
            break
        style = head if index == 0 else body
        x = x0
        for c, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            cell_style = style if index == 0 or c > 0 else canvas.style(size, Weight.SEMIBOLD)
            box = (x + pad_x, y + pad_y * scale, x + width - pad_x, y + height - pad_y * scale)
            fitted = fit(
                cell, cell_style, box[2] - box[0], box[3] - box[1], min_size=cell_style.size
            )
            canvas.draw_text(box, fitted, valign="middle")
            x += width
        y += height


def _row_height(
    styles: list[TextStyle], cells: list[str], widths: list[float], pad_x: float, pad_y: float
) -> float:
    tallest = 0
    for style, cell, width in zip(styles, cells, widths, strict=True):
        lines = wrap(cell, style, width - 2 * pad_x)
        tallest = max(tallest, Fitted(tuple(lines), style, False).height)
    return tallest + 2 * pad_y


def _paint_cards(canvas: Canvas, section: Section, step: int) -> None:
    """A table in a vertical frame: a card a row, stacked, its first cell the card's
    heading and every other cell a "column: value" line (columns side by side would be
    too narrow to read on a phone)."""
    assert section.table is not None
    u, theme = canvas.u, canvas.theme
    columns, rows = section.table.columns, section.table.rows
    shown = len(rows)
    if not revealed(section):  # a long table continues over steps, a page of rows a step
        pages = canvas.slide.steps
        rows = [rows[i] for i in page_items(rows, pages, step)]
        if pages > 1:
            draw_page(canvas, min(step, pages - 1), pages)
    else:  # rows appear as they are mentioned: the newest row's page of them
        per = PHONE_PAGE_CAPTIONED if canvas.spec.caption_band else PHONE_PAGE
        pages = -(-len(rows) // per)
        page = min(max(step - 1, 0) // per, pages - 1) if pages > 1 else 0
        rows, shown = rows[page * per : (page + 1) * per], step - page * per
        if pages > 1:
            draw_page(canvas, page, pages)
    cells = grid(canvas.content, len(rows), 1, 16 * u, max_row_height=canvas.tall(170))
    pad = 22 * u
    stacked = cells[0][3] - cells[0][1] >= 2.6 * canvas.style(30).size
    if stacked:  # the heading above its cells
        boxes = [
            (
                (x0 + pad, y0 + pad * 0.5, x1 - pad, y0 + (y1 - y0) * 0.36),
                (x0 + pad, y0 + (y1 - y0) * 0.36, x1 - pad, y1 - pad * 0.5),
            )
            for x0, y0, x1, y1 in cells
        ]
    else:  # cards too short for two lines: the heading beside its cells
        boxes = [
            (
                (x0 + pad, y0 + 4 * u, x0 + (x1 - x0) * 0.25, y1 - 4 * u),
                (x0 + (x1 - x0) * 0.27, y0 + 4 * u, x1 - pad, y1 - 4 * u),
            )
            for x0, y0, x1, y1 in cells
        ]
    heading = canvas.one_size(
        canvas.style(34, Weight.BOLD, theme.accent),
        [row[0] for row in rows],
        [b[0] for b in boxes],
        1,
    )
    parts = [
        [
            cell if len(columns) == 2 else f"{column}: {cell}"
            for column, cell in zip(columns[1:], row[1:], strict=True)
        ]
        for row in rows
    ]
    body, lines = max(  # a line a cell, or the cells run on: whichever reads larger
        (
            (
                canvas.one_size(
                    canvas.style(30, Weight.REGULAR), texts, [b[1] for b in boxes], None
                ),
                texts,
            )
            for texts in (["\n".join(p) for p in parts], [" · ".join(p) for p in parts])
        ),
        key=lambda option: option[0].size,
    )
    for index, (row, cell, (top, below)) in enumerate(zip(rows, cells, boxes, strict=True)):
        if index >= shown:
            canvas.card(cell, fill=theme.dim, outline=(*theme.text, 14), shadow=False)
            continue
        canvas.card(
            cell, outline=(*theme.accent, 150) if index == shown - 1 and revealed(section) else None
        )
        canvas.text(row[0], top, heading, valign="middle", max_lines=1)
        canvas.text(lines[index], below, body, valign="middle")
