"""Text fitted to a box: wrapped where a line may break (between words; between characters
in Chinese and Japanese), shrunk, and ellipsized as the last resort."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex
from PIL import Image

from renderer.graphemes import drop_last, length, longest_prefix
from renderer.raster.text import ELLIPSIS, TextStyle, draw_line
from renderer.wordsplit import CLOSE_SET, phrases


@lru_cache(maxsize=4096)
def units(paragraph: str) -> tuple[str, ...]:
    """The pieces a line is made of, each with the space after it: words (a number with
    its unit); in Chinese and Japanese, their phrases (BudouX's models,
    `wordsplit.phrases`: 非同期 | ジョブ, never ジョ | ブ), cut only where the Unicode
    line breaking algorithm (UAX #14, `uniseg`) allows too (never before a closing
    bracket, 。 or 、, never after an opening bracket: the kinsoku rules). Korean breaks
    at its spaces."""
    if not CLOSE_SET.search(paragraph):
        return tuple(_with_units(f"{word} " for word in paragraph.split()))
    fine = fine_units(paragraph)
    ends: set[int] = set()
    at = 0
    for token in " ".join(paragraph.split()).split(" "):
        ends.update(itertools.accumulate((len(p) for p in phrases(token)), initial=at))
        at += len(token) + 1
    pieces, current, at = [], "", 0
    for unit in fine:
        current += unit
        at += len(unit)
        if at in ends or unit.endswith(" "):
            pieces.append(current)
            current = ""
    return tuple([*pieces, current] if current else pieces)


NUMBER = regex.compile(r"^[\p{Nd}.,]*\p{Nd}$")
UNIT = regex.compile(r"^(ms|s|min|h|[kKMGT]?B|[kMG]?Hz|km|cm|mm|m|kg|g|px|fps|%)[.,;:!?)]*$")
"""A measure's unit after its number: the two are never parted at a line's end (200 ms)."""


def _with_units(words: Iterable[str]) -> list[str]:
    """Words, a number and its unit as one."""
    out: list[str] = []
    for word in words:
        if out and NUMBER.match(out[-1].rstrip()) and UNIT.match(word.rstrip()):
            out[-1] += word
        else:
            out.append(word)
    return out


@lru_cache(maxsize=4096)
def fine_units(paragraph: str) -> tuple[str, ...]:
    """Every place UAX #14 lets a line break in Chinese or Japanese text (between most
    characters): where a phrase wider than a line is cut."""
    from uniseg.linebreak import line_break_units  # pure Python and slow: hence the cache

    return tuple(line_break_units(" ".join(paragraph.split())))


def wrap(text: str, style: TextStyle, max_width: float) -> list[str]:
    """Greedy wrap at the breaks `units` allows: each line takes as many units as fit (found
    by bisection, widths growing with each unit: a line of Chinese is measured a few times,
    not once per character); a unit wider than the line is broken between grapheme
    clusters (never inside an emoji or a Devanagari syllable). A paragraph whose last line
    would be one word alone (a widow: Urdu's closing ہے, a Chinese 。) is wrapped a little
    narrower, so that the line above gives it company, where that takes no more lines."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        wrapped = _greedy(paragraph, style, max_width)
        if _widowed(wrapped):
            for narrower in (0.95, 0.9, 0.85, 0.8, 0.75):
                again = _greedy(paragraph, style, max_width * narrower)
                if len(again) == len(wrapped) and not _widowed(again):
                    wrapped = again
                    break
        lines += wrapped
    return lines


def _widowed(lines: list[str]) -> bool:
    """The last line is one unit alone, under a line that could spare one."""
    return len(lines) >= 2 and len(units(lines[-1])) == 1 and len(units(lines[-2])) >= 3


def _greedy(paragraph: str, style: TextStyle, max_width: float) -> list[str]:
    """One paragraph's lines, each as full as it can be."""
    lines: list[str] = []
    pieces = list(units(paragraph))
    if not pieces:
        lines.append("")
    while pieces:
        taken = _most_that_fit(pieces, style, max_width)
        if taken:
            lines.append("".join(pieces[:taken]).rstrip())
            del pieces[:taken]
            continue
        if CLOSE_SET.search(pieces[0]) and len(fine_units(pieces[0])) > 1:
            pieces[:1] = fine_units(pieces[0])  # a phrase wider than a line: its characters
            continue
        word = pieces[0].rstrip()  # alone it is too wide: cut it, go on with the rest
        piece = longest_prefix(word, lambda part: style.width(part) <= max_width)
        if length(word) <= 1 or not piece:
            lines.append(word)
            del pieces[0]
            continue
        lines.append(piece)
        pieces[0] = pieces[0][len(piece) :]
    return lines


def _most_that_fit(pieces: list[str], style: TextStyle, max_width: float) -> int:
    """How many of the first pieces fit on one line (0 if not even the first)."""

    def fits(count: int) -> bool:
        return style.width("".join(pieces[:count]).rstrip()) <= max_width

    low, high = 0, len(pieces)  # fits(low) holds (0 pieces always fit); find the largest
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True)
class Fitted:
    """Text laid out to fit a box."""

    lines: tuple[str, ...]
    style: TextStyle
    ellipsized: bool

    @property
    def height(self) -> int:
        return self.style.line_height * len(self.lines)

    @property
    def width(self) -> float:
        return max((self.style.width(line) for line in self.lines), default=0.0)


def fit(
    text: str,
    style: TextStyle,
    width: float,
    height: float,
    *,
    min_size: int | None = None,
    max_lines: int | None = None,
) -> Fitted:
    """Wrap on words, shrink down to `min_size` (or to one line's height, when the box is
    shorter), then ellipsize with "…" as the last resort (dropping whole grapheme
    clusters). A word is broken across lines only when it does not fit whole even at
    `min_size`."""
    text = " ".join(text.split()) if "\n" not in text else text
    style = style.for_text(text)  # an Urdu article's Latin-only line: Latin's line
    floor = max(min_size or round(style.size * 0.6), 8)
    # a box too short for one line's ink at the floor (Nastaliq's words are tall): the line
    # gets smaller rather than spilling out of its card
    floor = max(8, min(floor, int(height / style.fonts.ink_height)))
    size = style.size
    words = [unit.rstrip() for unit in units(text)]
    while True:
        current = style.with_size(size)
        lines = wrap(text, current, width)
        allowed = max(1, int((height + 0.5) // current.line_height))  # float slack
        if max_lines:
            allowed = min(allowed, max_lines)
        whole = size <= floor or all(current.width(word) <= width for word in words)
        tall = size <= floor or current.size * current.fonts.ink_height <= height + 0.5
        fitting = len(lines) <= allowed and all(current.width(li) <= width for li in lines)
        if whole and tall and fitting:
            return Fitted(tuple(lines), current, False)
        if size <= floor:
            break
        size = max(floor, int(size * 0.92))
    kept = lines[:allowed]
    last = kept[-1]
    while last and current.width(last + ELLIPSIS) > width:
        last = drop_last(last).rstrip()
    kept[-1] = last.rstrip(" ,.;:") + ELLIPSIS
    return Fitted(tuple(kept), current, True)


def placements(
    box: tuple[float, float, float, float],
    fitted: Fitted,
    align: str = "left",
    valign: str = "top",
) -> list[tuple[float, float, str, float]]:
    """Where each fitted line goes inside box (x0, y0, x1, y1): its top-left, text and
    width (measured once)."""
    x0, y0, x1, y1 = box
    style = fitted.style
    if fitted.height > y1 - y0:  # a line taller than its box (Nastaliq's): its ink centred
        valign = "middle"
    if valign == "middle":  # the lines' ink in the middle (Nastaliq's sits low in its line)
        y = y0 + (y1 - y0 - fitted.height) / 2 - style.size * style.fonts.ink_drop
    elif valign == "bottom":
        y = y1 - fitted.height
    else:
        y = y0
    placed = []
    for line in fitted.lines:
        line_width = fitted.style.width(line)
        if align == "center":
            x = x0 + (x1 - x0 - line_width) / 2
        elif align == "right":
            x = x1 - line_width
        else:
            x = x0
        placed.append((x, y, line, line_width))
        y += fitted.style.line_height
    return placed


def draw_fitted(
    image: Image.Image,
    box: tuple[float, float, float, float],
    fitted: Fitted,
    align: str = "left",
    valign: str = "top",
) -> None:
    """Draw fitted lines inside box (x0, y0, x1, y1)."""
    for x, y, line, _ in placements(box, fitted, align, valign):
        draw_line(image, (x, y), line, fitted.style)
