"""A clip slide as a picture: the clip's first frame in its box (MoviePy composites the
moving frames over this when the video is encoded), with its caption."""

from __future__ import annotations

from PIL import Image

from renderer.article import Section
from renderer.raster.canvas import Canvas
from renderer.raster.text import Weight


def paint(canvas: Canvas, step: int) -> None:
    from renderer.raster.clips import slide_clip

    section = canvas.slide.body
    assert isinstance(section, Section) and section.video is not None
    clip = slide_clip(canvas.slide, canvas.spec, canvas.mirrored)
    if clip is None:
        from renderer.errors import RenderError

        raise RenderError(
            f"slide {canvas.slide.number} ({canvas.slide.title}) has no checked clip file to draw"
        )
    x0, y0, x1, y1 = canvas.seen(clip.box)  # where it is painted
    canvas.card((x0, y0, x1, y1), fill=(0, 0, 0, 255), outline=(0, 0, 0, 0), radius=4)
    first = Image.fromarray(clip.first_frame()[: y1 - y0, : x1 - x0]).convert("RGBA")
    canvas.upright(
        (x0, y0, x1, y1),
        lambda image, dx, dy: image.alpha_composite(first, (round(x0 + dx), round(y0 + dy))),
    )
    if section.video.caption:
        top = y1 + 14 * canvas.u
        content = canvas.content
        canvas.text(
            section.video.caption,
            (content[0], top, content[2], top + 66 * canvas.u),
            canvas.style(28, Weight.MEDIUM, canvas.theme.muted),
            align="center",
            max_lines=2,
            min_size=18,
        )
