"""Quiz: question and lettered options; a countdown while the viewer thinks; the reveal."""

from __future__ import annotations

from PIL import ImageDraw

from renderer.article import QuizQuestion
from renderer.raster.canvas import Box, Canvas
from renderer.raster.layout import grid
from renderer.raster.text import TextStyle, Weight
from renderer.storyboard_model import QUIZ_THINK_SECONDS


def paint(canvas: Canvas, step: int) -> None:
    question = canvas.slide.body
    assert isinstance(question, QuizQuestion)
    u, theme = canvas.u, canvas.theme
    reveal = step > QUIZ_THINK_SECONDS
    counting = 1 <= step <= QUIZ_THINK_SECONDS
    x0, y0, x1, y1 = canvas.content
    pill = "🧠 " + canvas.slide.word("quiz_badge")
    if canvas.vertical:  # no header: the pill names the question, the options get its room
        y0, pill = canvas.height * 0.12, f"🧠 {canvas.slide.title.upper()}"
    canvas.pill(
        y0 - 4 * u,
        x0,
        pill,
        canvas.style(24, Weight.BLACK, theme.accent),
        fill=theme.accent_soft,
        outline=(*theme.accent, 110),
    )
    q_box = (x0, y0 + 40 * u, x1 - (170 * u if counting else 0), y0 + 170 * u)
    canvas.text(
        question.question,
        q_box,
        canvas.style(44, Weight.BOLD),
        valign="middle",
        max_lines=2,
        min_size=28,
    )
    explain_h = (120 if not canvas.vertical else 230) * u if reveal and question.explanation else 0
    options_box = (x0, y0 + 200 * u, x1, y1 - explain_h - (20 * u if explain_h else 0))
    columns = 2 if len(question.options) >= 4 and not canvas.vertical else 1
    cells = grid(
        options_box, len(question.options), columns, 22 * u, max_row_height=canvas.tall(140)
    )
    radius = [min(30 * u, (d - b) / 2 - 8 * u) for _, b, _, d in cells]
    text_boxes = [
        (
            a + 44 * u + 2 * r,
            b + 10 * u,
            c - (70 * u if reveal and i == question.answer - 1 else 20 * u),
            d - 10 * u,
        )
        for i, ((a, b, c, d), r) in enumerate(zip(cells, radius, strict=True))
    ]
    style = canvas.style(30, Weight.MEDIUM)
    if canvas.vertical:  # every option at one size
        style = canvas.one_size(style, question.options, text_boxes, 3)
    for index, (option, (a, b, c, d)) in enumerate(zip(question.options, cells, strict=True)):
        correct = index == question.answer - 1
        if reveal and correct:
            canvas.card((a, b, c, d), fill=(*theme.good, 40), outline=(*theme.good, 255), width=3)
        elif reveal:
            canvas.card((a, b, c, d), fill=theme.dim, outline=(*theme.text, 16), shadow=False)
        else:
            canvas.card((a, b, c, d))
        r = radius[index]
        cx, cy = a + 24 * u + r, (b + d) / 2
        badge = (
            (*theme.good, 255) if reveal and correct else (*theme.accent, 255 if not reveal else 70)
        )
        _disc(canvas, (cx - r, cy - r, cx + r, cy + r), badge)
        canvas.text(
            canvas.slide.word("letters").split()[index],
            (cx - r, cy - r, cx + r, cy + r),
            canvas.style(30, Weight.BLACK, theme.on_accent),
            align="center",
            valign="middle",
            max_lines=1,
        )
        fill = theme.text if not reveal or correct else theme.muted
        canvas.text(
            option,
            text_boxes[index],
            TextStyle(style.fonts, style.size, style.weight, fill),
            valign="middle",
            max_lines=3,
            min_size=18,
        )
        if reveal and correct:
            canvas.icon("✅", (c - 40 * u, cy), 40)
    if counting:
        _countdown(canvas, QUIZ_THINK_SECONDS + 1 - step, (x1 - 70 * u, y0 + 105 * u))
    if explain_h and question.explanation:
        box = (x0, y1 - explain_h, x1, y1)
        canvas.card(box, fill=(*theme.good, 18), outline=(*theme.good, 90))
        canvas.icon("💡", (box[0] + 50 * u, (box[1] + box[3]) / 2), 40)
        canvas.text(
            question.explanation,
            (box[0] + 100 * u, box[1] + 14 * u, box[2] - 24 * u, box[3] - 14 * u),
            canvas.style(28, Weight.REGULAR),
            valign="middle",
            max_lines=3 if not canvas.vertical else None,
            min_size=18,
        )


def _disc(canvas: Canvas, box: Box, fill: tuple[int, ...]) -> None:
    canvas.overlay(box, lambda draw, local: draw.ellipse(local, fill=fill))


def _countdown(canvas: Canvas, seconds: int, center: tuple[float, float]) -> None:
    """A ring with the seconds left, the ring's arc shrinking with time."""
    u, theme = canvas.u, canvas.theme
    cx, cy = center
    r = 62 * u
    sweep = 360 * seconds / QUIZ_THINK_SECONDS

    def ring(draw: ImageDraw.ImageDraw, box: Box) -> None:
        draw.ellipse(box, fill=(*theme.text, 16), outline=(*theme.text, 40), width=round(8 * u))
        draw.arc(box, -90, -90 + sweep, fill=theme.accent, width=round(8 * u))

    canvas.overlay((cx - r, cy - r, cx + r, cy + r), ring)
    canvas.text(
        str(seconds),
        (cx - r, cy - r, cx + r, cy + r),
        canvas.style(60, Weight.BLACK, theme.accent),
        align="center",
        valign="middle",
        max_lines=1,
    )
