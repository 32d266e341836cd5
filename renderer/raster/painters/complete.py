"""The closing slide: "Complete! 🎉" and what comes next."""

from __future__ import annotations

from renderer.raster.canvas import Canvas
from renderer.raster.chrome import brand_line
from renderer.raster.text import Weight
from renderer.storyboard_model import CompleteBody


def paint(canvas: Canvas, step: int) -> None:
    body = canvas.slide.body
    assert isinstance(body, CompleteBody)
    u, theme, w, h = canvas.u, canvas.theme, canvas.width, canvas.height
    m = canvas.even_margin
    k = canvas.scale  # vertical: a size larger, spread down the frame
    y = h * (0.2 if not canvas.vertical else 0.17)
    canvas.icon("🎉", (w / 2, y + 50 * u * k), 96 * k)
    y += 130 * u * k
    canvas.pill(
        y + 20 * u * k,
        w / 2,
        body.badge,
        canvas.style(24, Weight.BLACK, theme.good),
        fill=(*theme.good, 34),
        outline=(*theme.good, 120),
        anchor="center",
    )
    y += 70 * u * k
    title_h = 200 * u if not canvas.vertical else 420 * u
    canvas.text(
        canvas.slide.title,
        (m, y, w - m, y + title_h),
        canvas.style(88 if not canvas.vertical else 80, Weight.BLACK),
        align="center",
        valign="middle",
        max_lines=2 if not canvas.vertical else 4,
        min_size=48,
    )
    y += title_h + 10 * u
    tail = " · ".join(p for p in (brand_line(canvas), body.tagline) if p)
    canvas.text(
        tail,
        (m, y, w - m, y + 44 * u * k),
        canvas.style(28, Weight.MEDIUM, theme.muted),
        align="center",
        max_lines=1,
    )
    y += 80 * u * k
    if body.up_next:
        card_w = min(w - 2 * m, 900 * u)
        box = (w / 2 - card_w / 2, y, w / 2 + card_w / 2, y + 130 * u * k)
        canvas.card(box, outline=(*theme.accent, 140))
        arrow = "⬅️" if canvas.mirrored else "➡️"  # forward is the way the slide reads
        canvas.icon(
            arrow, (box[0] + 70 * u, (box[1] + box[3]) / 2), 48 * k, badge=theme.accent_soft
        )
        canvas.text(
            body.up_next_label,
            (box[0] + 130 * u, box[1] + 18 * u, box[2] - 30 * u, box[1] + 56 * u * k),
            canvas.style(22, Weight.BOLD, theme.accent),
            max_lines=1,
        )
        canvas.text(
            body.up_next,
            (box[0] + 130 * u, box[1] + 56 * u * k, box[2] - 30 * u, box[3] - 14 * u),
            canvas.style(38, Weight.BOLD),
            max_lines=1,
            min_size=24,
        )
