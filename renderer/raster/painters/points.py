"""Bullets with icon badges, revealed one per step (step 0 shows the header only).

In a vertical frame a long list continues over pages (`_pages`): the page of the newest
point is shown, so each point is read at phone size; the steps and their timing do not
change."""

from __future__ import annotations

from renderer.article import Section
from renderer.raster.canvas import Box, Canvas
from renderer.raster.chrome import draw_page
from renderer.raster.layout import grid
from renderer.raster.painters.image import draw_picture
from renderer.raster.text import TextStyle, Weight
from renderer.reveals import page_size
from renderer.storyboard_model import POINT_ICONS

PAGE_MIN = 3
"""Points a vertical page holds at least: a list is not cut into pages thinner than this."""
PAGE_SHRINK = 0.9
"""A vertical list turns pages rather than draw its points smaller than this share of the
body size."""


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.points is not None
    u, theme = canvas.u, canvas.theme
    points = section.points
    box = canvas.content
    columns = 2 if len(points) > 4 and not canvas.vertical else 1
    if section.image is not None:  # the picture beside the points (above them, vertical)
        x0, y0, x1, y1 = box
        if canvas.vertical:
            split = y0 + (y1 - y0) * 0.4
            draw_picture(canvas, (x0, y0, x1, split - 20 * u), section.image.fit)
            box = (x0, split + 20 * u, x1, y1)
        else:
            split = x0 + (x1 - x0) * 0.56
            draw_picture(canvas, (split + 30 * u, y0, x1, y1), section.image.fit)
            box = (x0, y0, split - 10 * u, y1)
        columns = 1
    texts = [p.text for p in points]
    style = canvas.style(34 if columns == 1 else 30, Weight.MEDIUM)
    per, cells, boxes, radius, styles = (
        _pages(canvas, box, texts, style)
        if canvas.vertical
        else (len(points), *_layout(canvas, box, len(points), columns), [style])
    )
    page = min(max(step - 1, 0) // per, len(styles) - 1)  # the newest point's
    first, style = page * per, styles[page]
    if len(styles) > 1:
        draw_page(canvas, page, len(styles))
    pad = 24 * u
    icons = point_icons([point.icon for point in points])
    for slot, index in enumerate(range(first, min(first + per, len(points)))):
        point, (x0, y0, x1, y1), r = points[index], cells[slot], radius[slot]
        if index >= step:
            canvas.card((x0, y0, x1, y1), fill=theme.dim, outline=(*theme.text, 14), shadow=False)
            continue
        newest = index == step - 1
        canvas.card((x0, y0, x1, y1), outline=(*theme.accent, 150) if newest else None)
        canvas.icon(
            icons[index], (x0 + pad + r, (y0 + y1) / 2), r / u * 0.95, badge=theme.accent_soft
        )
        canvas.text(
            point.text,
            boxes[slot],
            style,
            valign="middle",
            max_lines=None if canvas.vertical else 3,
            min_size=20,
        )


def _layout(
    canvas: Canvas, box: Box, count: int, columns: int
) -> tuple[list[Box], list[Box], list[float]]:
    """The cards of `count` points, the text box inside each, and each icon's radius."""
    u = canvas.u
    cells = grid(box, count, columns, 22 * u, max_row_height=canvas.tall(150), column_major=True)
    pad = 24 * u
    radius = [min(34 * u * canvas.scale, (y1 - y0) / 2 - 8 * u) for _, y0, _, y1 in cells]
    boxes = [
        (x0 + pad + 2 * r + 24 * u, y0 + 12 * u, x1 - pad, y1 - 12 * u)
        for (x0, y0, x1, y1), r in zip(cells, radius, strict=True)
    ]
    return cells, boxes, radius


def _pages(
    canvas: Canvas, box: Box, texts: list[str], style: TextStyle
) -> tuple[int, list[Box], list[Box], list[float], list[TextStyle]]:
    """Points a vertical page holds, their layout, and each page's one text size: as many
    points as keep the text near full size (at least `PAGE_MIN` a page)."""
    pages = 1
    while True:
        per = page_size(len(texts), pages)
        cells, boxes, radius = _layout(canvas, box, per, 1)
        chunks = [texts[i : i + per] for i in range(0, len(texts), per)]
        sizes = [canvas.one_size(style, chunk, boxes[: len(chunk)]) for chunk in chunks]
        small = min(s.size for s in sizes) < style.size * PAGE_SHRINK
        if not small or page_size(len(texts), pages + 1) < PAGE_MIN:
            return per, cells, boxes, radius, sizes
        pages += 1


def point_icons(given: list[str | None]) -> list[str]:
    """Each point's icon: its own, else the next default no point of the slide has (a
    point without one never repeats its neighbour's ⚡)."""
    spare = [icon for icon in POINT_ICONS if icon not in given] or list(POINT_ICONS)
    out, k = [], 0
    for icon in given:
        if icon:
            out.append(icon)
        else:
            out.append(spare[k % len(spare)])
            k += 1
    return out
