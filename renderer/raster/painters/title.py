"""The opening slide: brand, tagline, "Now Playing", title, summary and narrator."""

from __future__ import annotations

from renderer.raster.canvas import Canvas
from renderer.raster.chrome import brand_line
from renderer.raster.text import Weight
from renderer.storyboard import TitleBody


def paint(canvas: Canvas, step: int) -> None:
    body = canvas.slide.body
    assert isinstance(body, TitleBody)
    u, theme, w, h = canvas.u, canvas.theme, canvas.width, canvas.height
    m = canvas.margin
    y = h * (0.2 if not canvas.vertical else 0.22)
    if body.tagline:
        canvas.text(body.tagline.upper(), (m, y, w - m, y + 40 * u),
                    canvas.style(26, Weight.BOLD, theme.muted), align="center", max_lines=1)
        y += 64 * u
    canvas.pill(y + 24 * u, w / 2, "▶  Now Playing", canvas.style(24, Weight.BOLD, theme.accent),
                fill=theme.accent_soft, outline=(*theme.accent, 110), anchor="center")
    y += 90 * u
    canvas.text(canvas.slide.title, (m, y, w - m, y + 260 * u),
                canvas.style(112 if not canvas.vertical else 120, Weight.BLACK),
                align="center", valign="middle", max_lines=2, min_size=64)
    y += 260 * u + 16 * u
    bar_w = 120 * u
    canvas.card((w / 2 - bar_w / 2, y, w / 2 + bar_w / 2, y + 6 * u), fill=(*theme.accent, 255),
                outline=(*theme.accent, 255), radius=3, shadow=False)
    y += 40 * u
    summary_h = h * (0.22 if not canvas.vertical else 0.3)
    canvas.text(body.summary, (m + 60 * u, y, w - m - 60 * u, y + summary_h),
                canvas.style(34, Weight.REGULAR, theme.muted), align="center", min_size=24)
    canvas.text("🎙️ " + brand_line(canvas), (m, h * 0.86 - 24 * u, w - m, h * 0.86 + 24 * u),
                canvas.style(28, Weight.SEMIBOLD, theme.text), align="center", valign="middle",
                max_lines=1)
