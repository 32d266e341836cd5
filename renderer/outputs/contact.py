"""A contact sheet: every slide (its final reveal step) as a thumbnail on one image."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

from renderer.atomic import atomic_path
from renderer.raster import SlideImages
from renderer.raster.text import Fonts, TextStyle, Weight, draw_line
from renderer.theme import Theme


def contact_sheet(
    images: SlideImages,
    theme: Theme,
    path: Path,
    *,
    thumb_width: int = 480,
    columns: int | None = None,
) -> Path:
    """Write a grid of the last step of every slide, numbered, to path (PNG)."""
    spec = images.spec
    count = len(images.paths)
    columns = columns or (4 if not spec.vertical else 6)
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns)
    thumb_height = round(thumb_width * spec.height / spec.width)
    gap, label = 16, 34
    width = columns * thumb_width + (columns + 1) * gap
    height = rows * (thumb_height + label) + (rows + 1) * gap
    sheet = Image.new("RGBA", (width, height), (*theme.background_top, 255))
    style = TextStyle(Fonts(theme), 22, Weight.SEMIBOLD, theme.muted)
    draw = ImageDraw.Draw(sheet)
    for index, steps in enumerate(images.paths):
        row, col = divmod(index, columns)
        x = gap + col * (thumb_width + gap)
        y = gap + row * (thumb_height + label + gap)
        with Image.open(steps[-1]) as image:
            thumb = image.convert("RGBA").resize(
                (thumb_width, thumb_height), Image.Resampling.LANCZOS
            )
        sheet.alpha_composite(thumb, (x, y))
        draw.rectangle(
            (x, y, x + thumb_width - 1, y + thumb_height - 1), outline=(*theme.muted, 120)
        )
        steps_note = f" · {len(steps)} steps" if len(steps) > 1 else ""
        draw_line(sheet, (x, y + thumb_height + 4), f"{index + 1}/{count}{steps_note}", style)
    with atomic_path(path) as tmp:
        sheet.convert("RGB").save(tmp, optimize=True)
    return path
