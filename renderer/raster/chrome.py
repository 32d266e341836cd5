"""What every slide shows around its content: brand, label, header, counter and progress."""

from __future__ import annotations

from PIL import ImageDraw

from renderer.raster.canvas import Box, Canvas
from renderer.raster.text import Weight


def brand_line(canvas: Canvas) -> str:
    """ "Aliens Wiki · HIEN" (see `Storyboard.byline`)."""
    return canvas.storyboard.byline


def draw_top_bar(canvas: Canvas) -> None:
    """Brand at the left, the slide's label as a pill at the right."""
    u, theme = canvas.u, canvas.theme
    cy = canvas.height * (0.065 if not canvas.vertical else 0.066)
    x = canvas.margin
    dot = 9 * u
    draw = ImageDraw.Draw(canvas.image)
    draw.ellipse((x, cy - dot, x + 2 * dot, cy + dot), fill=theme.accent)
    brand = canvas.style(26, Weight.SEMIBOLD, theme.muted)
    canvas.text(
        brand_line(canvas),
        (x + 3.2 * dot, cy - 24 * u, canvas.width * 0.6, cy + 24 * u),  # room for Nastaliq
        brand,
        valign="middle",
        max_lines=1,
    )
    label = canvas.style(24, Weight.BOLD, theme.accent)
    canvas.pill(
        cy,
        canvas.width - canvas.margin,
        canvas.slide.label,
        label,
        fill=theme.accent_soft,
        outline=(*theme.accent, 90),
        anchor="right",
    )


def draw_header(canvas: Canvas, title: str | None = None) -> None:
    """Section icons and the slide title above the content box."""
    u = canvas.u
    icons = canvas.slide.icons[:6]
    top = canvas.height * (0.12 if not canvas.vertical else 0.095)
    x, content_top, right, _ = canvas.content  # the header spans the content's width
    icon_size = 40 * canvas.scale
    for i, icon in enumerate(icons):
        canvas.icon(
            icon, (x + icon_size * u * (0.55 + 1.35 * i), top + icon_size * u * 0.6), icon_size
        )
    title_top = top + (icon_size * 1.5 * u if icons else 0)
    style = canvas.style(62 if not canvas.vertical else 64, Weight.BOLD)
    canvas.text(
        title or canvas.slide.title,
        (x, title_top, right, content_top - 24 * u),
        style,
        valign="middle",
        max_lines=2 if not canvas.vertical else 3,
        min_size=40,
    )


def draw_progress(canvas: Canvas) -> None:
    """Slide counter "n/N", a progress bar and its percentage along the bottom."""
    u, theme = canvas.u, canvas.theme
    story, slide = canvas.storyboard, canvas.slide
    # vertical: above the players' overlay of the bottom fifth, left of their buttons
    cy = canvas.height - canvas.height * 0.065 if not canvas.vertical else canvas.height * 0.74
    style = canvas.style(24, Weight.SEMIBOLD, theme.muted)
    counter = f"{slide.number}/{story.total}"
    percent = f"{story.progress(slide)}%"
    left, _, right, _ = canvas.content
    counter_w = style.width(f"{story.total}/{story.total}") + 24 * u
    percent_w = style.width("100%") + 24 * u
    canvas.text(
        counter,
        (left, cy - 20 * u, left + counter_w, cy + 20 * u),
        style,
        valign="middle",
        max_lines=1,
    )
    canvas.text(
        percent,
        (right - percent_w, cy - 20 * u, right, cy + 20 * u),
        style,
        align="right",
        valign="middle",
        max_lines=1,
    )
    x0, x1 = left + counter_w, right - percent_w
    h = 4 * u
    done = (x1 - x0) * story.progress(slide) / 100

    def bar(draw: ImageDraw.ImageDraw, box: Box) -> None:
        draw.rounded_rectangle(box, h, fill=(*theme.text, 28))
        if done > 2 * h:
            draw.rounded_rectangle(
                (box[0], box[1], box[0] + done, box[3]), h, fill=(*theme.accent, 255)
            )

    canvas.overlay((x0, cy - h, x1, cy + h), bar)


def draw_chrome(canvas: Canvas, *, header: bool = True) -> None:
    """Top bar, optional header, and the bottom progress row."""
    draw_top_bar(canvas)
    if header:
        draw_header(canvas)
    draw_progress(canvas)


def draw_page(canvas: Canvas, page: int, pages: int) -> None:
    """ "2/3" in the top bar, left of the slide's label: the content continues over pages."""
    u, theme = canvas.u, canvas.theme
    cy = canvas.height * (0.065 if not canvas.vertical else 0.066)
    label = canvas.style(24, Weight.BOLD, theme.accent)
    _, width, _ = canvas.pill_size(canvas.slide.label, label)
    canvas.pill(
        cy,
        canvas.width - canvas.margin - width - 14 * u,
        f"{page + 1}/{pages}",
        canvas.style(24, Weight.BOLD, theme.muted),
        fill=(*theme.text, 18),
        anchor="right",
    )
