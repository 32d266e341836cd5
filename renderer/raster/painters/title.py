"""The opening slide: brand, tagline, "Now Playing", title, summary and narrator."""

from __future__ import annotations

from renderer.raster.canvas import Canvas
from renderer.raster.chrome import brand_line
from renderer.raster.text import Weight
from renderer.storyboard_model import TitleBody


def paint(canvas: Canvas, step: int) -> None:
    body = canvas.slide.body
    assert isinstance(body, TitleBody)
    u, theme, w, h = canvas.u, canvas.theme, canvas.width, canvas.height
    m = canvas.even_margin
    k = canvas.scale  # vertical: everything a size larger, from higher up
    y = h * (0.2 if not canvas.vertical else 0.13)
    if body.tagline:
        canvas.text(
            body.tagline.upper(),
            (m, y, w - m, y + 40 * u * k),
            canvas.style(26, Weight.BOLD, theme.muted),
            align="center",
            max_lines=1,
        )
        y += 64 * u * k
    canvas.pill(
        y + 24 * u * k,
        w / 2,
        "▶  " + canvas.slide.word("now_playing"),
        canvas.style(24, Weight.BOLD, theme.accent),
        fill=theme.accent_soft,
        outline=(*theme.accent, 110),
        anchor="center",
    )
    y += 90 * u * k
    title_h = 260 * u if not canvas.vertical else 400 * u
    title = canvas.text(
        canvas.slide.title,
        (m, y, w - m, y + title_h),
        canvas.style(112 if not canvas.vertical else 100, Weight.BLACK),
        align="center",
        valign="top" if canvas.vertical else "middle",
        max_lines=2 if not canvas.vertical else 3,
        min_size=64,
    )
    if canvas.vertical:  # the summary starts below the title's lines, however many
        title_h = title.height
    y += title_h + 16 * u
    bar_w = 120 * u
    canvas.card(
        (w / 2 - bar_w / 2, y, w / 2 + bar_w / 2, y + 6 * u),
        fill=(*theme.accent, 255),
        outline=(*theme.accent, 255),
        radius=3,
        shadow=False,
    )
    y += 40 * u
    byline = h * (0.86 if not canvas.vertical else 0.69)  # vertical: clear of the players'
    summary_h = h * 0.22 if not canvas.vertical else byline - 40 * u * canvas.scale - y
    canvas.text(
        body.summary,
        (m + 60 * u, y, w - m - 60 * u, y + summary_h),
        canvas.style(34, Weight.REGULAR, theme.muted),
        align="center",
        min_size=24,
    )
    line = 24 * u * canvas.scale
    canvas.text(
        "🎙️ " + brand_line(canvas),
        (m, byline - line, w - m, byline + line),
        canvas.style(28, Weight.SEMIBOLD, theme.text),
        align="center",
        valign="middle",
        max_lines=1,
    )
