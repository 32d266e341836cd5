"""Source code on a dark (or light) panel, highlighted with Pygments in the theme's colours,
in the bundled monospace font: a page of lines at a time, the lines a step speaks about
highlighted and the rest dimmed."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Text
from pygments.util import ClassNotFound

from renderer.article import Section
from renderer.graphemes import drop_last, head, length
from renderer.raster.canvas import Canvas
from renderer.storyboard import CODE_PAGE_LINES, code_window
from renderer.theme import FONTS_DIR, RGB, Theme

TAB = 4
PLAIN = ["-liga", "-calt"]
"""No programming ligatures: `--` and `->` show as typed (a viewer copies what they see)."""
MIN_SIZE = 15
"""Smallest code font, in 1080p pixels; longer lines are cut with "…"."""


def colour(token: object, theme: Theme) -> RGB:
    """The theme colour of a Pygments token type."""
    for kind, value in (
        (Comment, theme.muted),
        (String, theme.good),
        (Keyword, theme.accent),
        (Number, theme.accent),
        (Name.Function, theme.code_function),
        (Name.Class, theme.code_function),
        (Name.Decorator, theme.accent),
        (Name.Builtin, theme.code_function),
        (Operator, theme.muted),
    ):
        if token in kind:
            return value
    return theme.text


def lines_of(source: str, language: str | None) -> list[list[tuple[object, str]]]:
    """The code as lines of (token type, text); lexed whole, so strings and comments that
    span lines keep their colour."""
    try:
        lexer = get_lexer_by_name(language, stripnl=False) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    lines: list[list[tuple[object, str]]] = [[]]
    for token, text in lexer.get_tokens(source.expandtabs(TAB)):
        for k, part in enumerate(text.split("\n")):
            if k:
                lines.append([])
            if part:
                lines[-1].append((token, part))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _mix(under: tuple[int, ...], over: tuple[int, ...], amount: float) -> RGB:
    """`over` laid on `under` at `amount` (0..1), as an opaque colour."""
    r, g, b = (round(a + (c - a) * amount) for a, c in zip(under[:3], over[:3], strict=True))
    return (r, g, b)


@lru_cache(maxsize=32)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS_DIR / name), size, layout_engine=ImageFont.Layout.RAQM)


PHONE_COLUMNS = 38
"""Characters a row of code holds in a vertical frame before it wraps."""


def _advance(theme: Theme, size: int) -> float:
    return _font(theme.font_mono, size).getlength("M")


def _wrapped(
    lines: list[list[tuple[object, str]]], top: int, columns: int
) -> list[tuple[int, bool, list[tuple[object, str]]]]:
    """The lines as rows of at most `columns` characters (grapheme clusters): (line number,
    first row of its line, tokens). Nothing is cut: a long line continues on the rows below,
    broken after a space where there is one (a word that fits a row of its own moves down
    whole), else between clusters."""
    rows: list[tuple[int, bool, list[tuple[object, str]]]] = []
    for index, line in enumerate(lines):
        whole = "".join(text for _, text in line)
        hang = min(len(whole) - len(whole.lstrip(" ")) + 2, columns // 2)  # under its line
        row: list[tuple[object, str]] = []
        used, first = 0, True
        for token, text in line:
            while text:
                room = columns - used
                fresh = used == (0 if first else hang)
                word = length(text.split(" ")[0])
                if room <= 0 or (room < word <= columns - hang and not fresh):
                    rows.append((top + index + 1, first, row))
                    row, used, first = [(Text, " " * hang)], hang, False
                    continue
                piece = head(text, room)
                if length(text) > room and " " in piece.rstrip(" ")[1:]:
                    piece = piece[: piece.rstrip(" ").rindex(" ") + 1]  # after a space
                row.append((token, piece))
                used += length(piece)
                text = text[len(piece) :]
        rows.append((top + index + 1, first, row))
    return rows


def paint(canvas: Canvas, step: int) -> None:
    section = canvas.slide.body
    assert isinstance(section, Section) and section.code is not None
    u, theme = canvas.u, canvas.theme
    top, highlight = code_window(section, step)
    lines = lines_of(section.code.source, section.code.language)
    shown = lines[top : top + CODE_PAGE_LINES]
    x0, y0, x1, y1 = canvas.content
    pad = 34 * u
    longest = max((sum(length(text) for _, text in line) for line in shown), default=1)
    gutter_chars = len(str(top + len(shown))) + 2
    width, height = x1 - x0 - 2 * pad, y1 - y0 - 2 * pad
    # a phone's panel is narrow: lines longer than PHONE_COLUMNS wrap, so the type can be
    # read; elsewhere a line wraps only where it would not fit at the smallest size
    columns = min(max(longest, 30), PHONE_COLUMNS) if canvas.vertical else max(longest, 30)
    rows = max(len(shown), 8)
    size = 0
    for _ in range(4):  # wrapped lines take rows: settle the size and the rows together
        best = min(
            40 * u * canvas.scale, height / rows / 1.5, width / (columns + gutter_chars) / 0.6
        )
        size = max(round(best), round(MIN_SIZE * u))
        fits = max(8, int((width - gutter_chars * 0.6 * size) / (0.6 * size)))
        wanted = max(len(_wrapped(shown, top, fits)), 8 if not canvas.vertical else 1)
        if wanted <= rows:
            break
        rows = wanted
    visual = _wrapped(
        shown, top, int((width - gutter_chars * _advance(theme, size)) / _advance(theme, size))
    )
    used = size * 1.5 * max(len(visual), 4) + 2 * pad
    if used < y1 - y0:  # a panel as tall as its lines, centred
        spare = y1 - y0 - used
        y0 += spare / 2
        y1 = y0 + used
        height = used - 2 * pad
    canvas.card((x0, y0, x1, y1), fill=theme.code_background, radius=20)
    regular = _font(theme.font_mono, size)
    bold = _font(theme.font_mono_bold, size)
    advance = regular.getlength("M")
    line_h = size * 1.5
    text_x = x0 + pad + gutter_chars * advance
    limit = x1 - pad
    panel = _mix(theme.background_top, theme.code_background[:3], theme.code_background[3] / 255)
    first_y = y0 + pad + (height - line_h * len(visual)) / 2
    for index, (number, _, _) in enumerate(visual):
        if number in highlight:
            y = first_y + index * line_h
            canvas.overlay(
                (x0 + pad / 2, y - size * 0.2, x1 - pad / 2, y + line_h - size * 0.2),
                lambda d, box: d.rounded_rectangle(box, 8 * u, fill=theme.accent_soft),
            )

    def type_rows(image: Image.Image, dx: float, dy: float) -> None:
        """The rows of code (left to right on every slide: code reads one way)."""
        draw = ImageDraw.Draw(image)
        for index, (number, first, line) in enumerate(visual):
            y = first_y + index * line_h + dy
            fade = 1.0 if number in highlight or not highlight else 0.4  # the rest dimmed
            gutter = f"{number:>{gutter_chars - 2}}" if first else ""  # a continuing row
            muted = _mix(panel, theme.muted, fade * 0.7)
            draw.text((x0 + pad + dx, y), gutter, font=regular, fill=muted)
            x = text_x + dx
            for token, text in line:
                font = bold if token in Keyword else regular
                fill = _mix(panel, colour(token, theme), fade)
                if x + font.getlength(text, features=PLAIN) > limit + dx:  # too long: cut
                    while text and x + font.getlength(text + "…", features=PLAIN) > limit + dx:
                        text = drop_last(text)
                    draw.text((x, y), text + "…", font=font, features=PLAIN, fill=fill)
                    break
                draw.text((x, y), text, font=font, features=PLAIN, fill=fill)
                x += font.getlength(text, features=PLAIN)

    canvas.upright((x0, y0, x1, y1), type_rows)
    if top + len(shown) < len(lines) or top > 0:
        total = len(lines)
        canvas.text(
            canvas.slide.word("code_lines").format(
                first=top + 1, last=top + len(shown), total=total
            ),
            (x1 - 360 * u, y1 - 40 * u, x1 - pad, y1 - 8 * u),
            canvas.style(20, fill=theme.muted),
            align="right",
            max_lines=1,
        )
