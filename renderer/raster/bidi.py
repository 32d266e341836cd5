"""Right-to-left text in a line: its directional runs in visual order (Unicode UAX #9).

A line is drawn run by run, each in its own font (`scripts.segment`), so the renderer needs
the order in which runs sit on the line, not only each run's shaping: an English word or a
number inside Arabic stays left to right, and the words around it read right to left.
Raqm shapes each run and mirrors its brackets; the levels come from FriBiDi, the library
raqm itself uses (Pillow loads it from the system: without it there is no raqm at all, so
no right-to-left or Devanagari text can be drawn right, and `require_shaping` says so).
"""

from __future__ import annotations

import ctypes
import unicodedata
from functools import cache, lru_cache
from typing import Any

from renderer.errors import ConfigError

LIBRARIES = ("libfribidi.so.0", "libfribidi.so", "libfribidi.0.dylib", "libfribidi-0.dll")
"""The names Pillow's FriBiDi shim loads, in its order."""

PAR_LTR, PAR_RTL = 0x110, 0x111
"""FriBiDi's FRIBIDI_PAR_LTR and FRIBIDI_PAR_RTL."""


@cache
def _fribidi() -> Any:
    for name in LIBRARIES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        library.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
        return library
    return None


def shaping_available() -> bool:
    """Whether Pillow can shape complex text (raqm, which needs FriBiDi)."""
    from PIL import features

    return bool(features.check("raqm")) and _fribidi() is not None


def require_shaping(scripts: str) -> None:
    """A clear error when text in `scripts` cannot be drawn right on this machine."""
    if shaping_available():
        return
    raise ConfigError(
        f"this article has {scripts} text, and this machine cannot shape it: Pillow draws it "
        "with raqm, which needs the FriBiDi library (libfribidi) and did not find it",
        hint="install FriBiDi (Debian/Ubuntu: apt install libfribidi0; Fedora: dnf install "
        "fribidi; macOS: brew install fribidi), then render again",
    )


def is_rtl_language(language: str) -> bool:
    """Whether a language tag's text runs right to left (its script subtag wins)."""
    parts = language.lower().split("-")
    scripts = [p for p in parts[1:] if len(p) == 4]
    if scripts:
        return scripts[0] in {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm"}
    return parts[0] in {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "syr", "ug", "ur", "yi"}


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


@lru_cache(maxsize=4096)
def levels(text: str, rtl: bool) -> tuple[int, ...]:
    """Each character's resolved embedding level in a paragraph of base direction `rtl`
    (odd: right to left)."""
    library, n = _fribidi(), len(text)
    if not n:
        return ()
    if library is None:  # nothing right to left can be shaped anyway (`require_shaping`)
        return tuple(int(rtl) for _ in text)
    array = ctypes.c_uint32 * n
    chars, types, brackets = array(*map(ord, text)), array(), array()
    found = (ctypes.c_int8 * n)()
    direction = ctypes.c_uint32(PAR_RTL if rtl else PAR_LTR)
    library.fribidi_get_bidi_types(chars, n, types)
    library.fribidi_get_bracket_types(chars, n, types, brackets)
    if not library.fribidi_get_par_embedding_levels_ex(
        types, brackets, n, ctypes.byref(direction), found
    ):
        raise RuntimeError("FriBiDi could not resolve the text's levels")
    return tuple(found)


def reorder(levels: list[int]) -> list[int]:
    """The indices of units at these levels in the order they sit left to right (rule L2:
    from the highest level down to the lowest odd one, reverse every run at that level or
    higher)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(levels) | 1
    for at in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < at:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= at:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order


def word_order(words: list[str], rtl: bool) -> list[int]:
    """The indices of a line's words (joined by single spaces) in the order they sit left
    to right; a word takes the level of its first letter (karaoke places words whole)."""
    if not rtl and not any(has_rtl(word) for word in words):
        return list(range(len(words)))
    line_levels = levels(" ".join(words), rtl)
    starts, at = [], 0
    for word in words:
        strong = next(
            (at + k for k, ch in enumerate(word) if unicodedata.bidirectional(ch) in STRONG),
            at,
        )
        starts.append(line_levels[strong] if strong < len(line_levels) else int(rtl))
        at += len(word) + 1
    return reorder(starts)


STRONG = frozenset({"L", "R", "AL", "EN", "AN"})


def visual_runs(text: str, rtl: bool) -> list[tuple[str, bool]]:
    """One line's runs of one direction, in the order they sit left to right (rule L2),
    each (its text in logical order, whether it runs right to left)."""
    if not rtl and not has_rtl(text):
        return [(text, False)] if text else []
    runs: list[tuple[int, str]] = []
    for ch, level in zip(text, levels(text, rtl), strict=True):
        if runs and runs[-1][0] == level:
            runs[-1] = (level, runs[-1][1] + ch)
        else:
            runs.append((level, ch))
    if not runs:
        return []
    runs = [runs[i] for i in reorder([level for level, _ in runs])]
    return [(part, level % 2 == 1) for level, part in runs]
