"""Small layout helpers: grids and rows inside a box."""

from __future__ import annotations

import math

from renderer.raster.canvas import Box


def grid(
    box: Box,
    count: int,
    columns: int,
    gap: float,
    *,
    max_row_height: float | None = None,
    column_major: bool = False,
) -> list[Box]:
    """Boxes for `count` cells in a grid filling `box` (rows capped at max_row_height)."""
    x0, y0, x1, y1 = box
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns)
    cell_w = (x1 - x0 - gap * (columns - 1)) / columns
    cell_h = (y1 - y0 - gap * (rows - 1)) / rows
    if max_row_height:
        cell_h = min(cell_h, max_row_height)
    used_h = rows * cell_h + (rows - 1) * gap
    top = y0 + (y1 - y0 - used_h) / 2
    cells = []
    for i in range(count):
        row, col = (i % rows, i // rows) if column_major else (i // columns, i % columns)
        x = x0 + col * (cell_w + gap)
        y = top + row * (cell_h + gap)
        cells.append((x, y, x + cell_w, y + cell_h))
    return cells
