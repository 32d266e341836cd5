"""The video's thumbnail: 1280x720 JPEG under 2 MB, designed for a small size.

A thumbnail is read at a few hundred pixels wide in a list of others, so it is not a frame
of the video: the title is much bigger and set to the left, one large icon sits on a glowing
badge at the right, with the brand above and the length of the video below.
"""

from __future__ import annotations

import io
from pathlib import Path

from renderer.atomic import write_bytes
from renderer.config import VideoSpec
from renderer.raster.canvas import Canvas, background
from renderer.raster.chrome import brand_line
from renderer.raster.text import Fonts, Weight
from renderer.storyboard_model import Storyboard
from renderer.theme import Theme

SIZE = (1280, 720)
MAX_BYTES = 2 * 1024 * 1024


def thumbnail_icon(storyboard: Storyboard) -> str:
    """The first section icon of the article (the topic's own emoji), else a clapperboard."""
    for slide in storyboard.slides:
        if slide.icons:
            return slide.icons[0]
    return "🎬"


def paint_thumbnail(storyboard: Storyboard, theme: Theme, seconds: float) -> Canvas:
    spec = VideoSpec(*SIZE)
    image = background(*SIZE, theme).copy()
    canvas = Canvas(
        image, spec, theme, Fonts(theme, storyboard.language), storyboard, storyboard.slides[0]
    )
    u, w, h = canvas.u, canvas.width, canvas.height
    m = w * 0.06
    split = w * 0.64
    cx, cy = (split + w - m) / 2 + 10 * u, h * 0.5
    radius = min(w - m - split, h * 0.62) / 2
    glow = radius * 1.15
    text_right = cx - glow - 24 * u
    # brand, top left
    canvas.text(
        brand_line(canvas).upper(),
        (m, h * 0.08, text_right, h * 0.08 + 44 * u),
        canvas.style(34, Weight.BOLD, theme.accent),
        max_lines=1,
    )
    # the title, as large as it fits in three lines
    canvas.text(
        storyboard.title,
        (m, h * 0.2, text_right, h * 0.74),
        canvas.style(150, Weight.BLACK),
        valign="middle",
        max_lines=3,
        min_size=72,
    )
    canvas.card(
        (m, h * 0.78, m + 150 * u, h * 0.78 + 12 * u),
        fill=(*theme.accent, 255),
        outline=(*theme.accent, 255),
        radius=6,
        shadow=False,
    )
    minutes = max(1, round(seconds / 60))
    canvas.pill(
        h * 0.88,
        m,
        "▶  " + storyboard.slides[0].word("length_badge").format(minutes=minutes),
        canvas.style(36, Weight.BOLD, theme.text),
        fill=theme.accent_soft,
        outline=(*theme.accent, 140),
    )
    # one big icon on a soft badge, right
    canvas.overlay(
        (cx - glow, cy - glow, cx + glow, cy + glow),
        lambda draw, box: draw.ellipse(box, fill=(*theme.accent, 40)),
    )
    canvas.icon(thumbnail_icon(storyboard), (cx, cy), radius / u * 1.1, badge=(*theme.accent, 70))
    return canvas


def write_thumbnail(storyboard: Storyboard, theme: Theme, seconds: float, path: Path) -> Path:
    """Paint and save the thumbnail as a JPEG under MAX_BYTES (written atomically)."""
    image = paint_thumbnail(storyboard, theme, seconds).finish().convert("RGB")
    for quality in (92, 85, 75, 60):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() < MAX_BYTES:
            break
    return write_bytes(path, buffer.getvalue())
