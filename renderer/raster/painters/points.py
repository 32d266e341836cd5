"""Bullets with icon badges, revealed one per step (step 0 shows the header only)."""

from __future__ import annotations

from renderer.article import Section
from renderer.raster.canvas import Canvas
from renderer.raster.layout import grid
from renderer.raster.painters.image import draw_picture
from renderer.raster.text import Weight
from renderer.storyboard import POINT_ICONS


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
    cells = grid(box, len(points), columns, 22 * u, max_row_height=canvas.tall(150),
                 column_major=True)
    pad = 24 * u
    radius = [min(34 * u * canvas.scale, (y1 - y0) / 2 - 8 * u) for _, y0, _, y1 in cells]
    boxes = [(x0 + pad + 2 * r + 24 * u, y0 + 12 * u, x1 - pad, y1 - 12 * u)
             for (x0, y0, x1, y1), r in zip(cells, radius, strict=True)]
    style = canvas.style(34 if columns == 1 else 30, Weight.MEDIUM)
    if canvas.vertical:  # one size for every point of the slide
        style = canvas.one_size(style, [p.text for p in points], boxes, 3)
    for index, (point, (x0, y0, x1, y1)) in enumerate(zip(points, cells, strict=True)):
        if index >= step:
            canvas.card((x0, y0, x1, y1), fill=theme.dim, outline=(*theme.text, 14),
                        shadow=False)
            continue
        newest = index == step - 1
        canvas.card((x0, y0, x1, y1), outline=(*theme.accent, 150) if newest else None)
        r = radius[index]
        icon = point.icon or POINT_ICONS[index % len(POINT_ICONS)]
        canvas.icon(icon, (x0 + pad + r, (y0 + y1) / 2), r / u * 0.95, badge=theme.accent_soft)
        canvas.text(point.text, boxes[index], style, valign="middle", max_lines=3, min_size=20)
