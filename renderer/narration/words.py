"""Word timings: when each written word of a sentence is spoken, in samples of its audio.

The voice reads the text after the lexicon rewrote it (IPA blocks, respellings), and a
number reads as several words ("2025": twenty twenty-five), so the voice's words are not the
text's. A sentence is therefore read as units (`Unit`): a text word, or the words one
lexicon phrase replaced, each with what the voice is given for it. piper reports how many
samples each phoneme lasts: its phonemes, cut at spaces, are the voice's words, and each
unit takes as many of them as its own spoken form has (`align`), or, when the voice read
the sentence a little differently, the ones its phonemes match. Engines that report nothing
get estimates (`estimate`): the sentence's voiced span shared by the words' lengths.
"""

from __future__ import annotations

import difflib
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Word:
    """One written word of a sentence and where it is spoken: samples [start, end)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    """Text words the voice reads as one piece (one word, or a lexicon phrase)."""

    spoken: str
    """What the voice is given for them."""
    words: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """One of the voice's words: its phonemes and the samples they last."""

    phonemes: str
    start: int
    end: int


PAUSE_MARKS = frozenset(",.;:!?¡¿—–-…\"'()^$_")
"""Phonemes that are pauses or piper's sentence marks (^ begin, $ end, _ pad), not
sounds: never part of a word's span."""


def groups_of(phonemes: Sequence[str], samples: Sequence[int], offset: int = 0) -> list[Group]:
    """The voice's words from its phonemes and their sample counts (spaces cut them; a
    pause mark ends the word before it without lengthening it)."""
    groups: list[Group] = []
    at = offset
    current: list[str] = []
    start = end = at
    for phoneme, count in zip(phonemes, map(int, samples), strict=True):
        if phoneme == " " or phoneme in PAUSE_MARKS or not phoneme.strip():
            if current and phoneme == " ":
                groups.append(Group("".join(current), start, end))
                current = []
        else:
            if not current:
                start = at
            current.append(phoneme)
            end = at + count
        at += count
    if current:
        groups.append(Group("".join(current), start, end))
    return groups


def align(
    units: Sequence[Unit], groups: Sequence[Group], said: Sequence[Sequence[str]]
) -> list[Word]:
    """Text words timed by the voice's words. `said[i]` is what unit i says on its own (its
    voice words' phonemes). When the counts add up to the sentence's, each unit takes its
    own in turn; otherwise (the voice read the sentence a little differently from its
    pieces) the pieces' phonemes are matched to the sentence's (difflib), and units left
    unmatched share what lies between their matched neighbours."""
    if not groups or not units:
        return []
    counts = [len(mine) for mine in said]
    if sum(counts) == len(groups):
        spans = []
        at = 0
        for count in counts:
            if count:
                spans.append((groups[at].start, groups[at + count - 1].end))
            else:  # a dash or a mark the voice does not say: no time of its own
                edge = groups[at - 1].end if at else groups[0].start
                spans.append((edge, edge))
            at += count
    else:
        spans = _matched(groups, said)
    words: list[Word] = []
    for unit, (start, end) in zip(units, spans, strict=True):
        words.extend(_split(unit.words, start, end))
    return words


def _matched(groups: Sequence[Group], said: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """Spans of units found by matching their phonemes to the sentence's voice words."""
    owner = [unit for unit, mine in enumerate(said) for _ in mine]
    flat = [phonemes for mine in said for phonemes in mine]
    matcher = difflib.SequenceMatcher(None, flat, [g.phonemes for g in groups], autojunk=False)
    found: dict[int, list[int]] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            found.setdefault(owner[block.a + k], []).append(block.b + k)
    spans: list[tuple[int, int] | None] = []
    for u in range(len(said)):  # a matched unit also takes the unmatched voice words up to
        if u not in found:  # the next unit's, when no unmatched unit lies between them
            spans.append(None)
            continue
        first = 0 if u == 0 else min(found[u])
        last = (
            len(groups) - 1
            if u == len(said) - 1
            else min(found[u + 1]) - 1
            if u + 1 in found
            else max(found[u])
        )
        spans.append((groups[first].start, groups[max(first, last)].end))
    unit = 0
    while unit < len(said):  # runs of unmatched units share the voice words between
        if spans[unit] is not None:
            unit += 1
            continue
        end = unit
        while end < len(said) and spans[end] is None:
            end += 1
        low = max(found[unit - 1]) + 1 if unit > 0 else 0
        high = min(found[end]) if end < len(said) else len(groups)
        between = groups[low:high]
        if between:
            shared = _shared(between, [max(1, len(said[u])) for u in range(unit, end)])
        else:
            edge = groups[low - 1].end if low > 0 else groups[0].start
            shared = [(edge, edge)] * (end - unit)
        spans[unit:end] = shared
        unit = end
    return [span for span in spans if span is not None]


def _shared(groups: Sequence[Group], weights: Sequence[int]) -> list[tuple[int, int]]:
    """Spans of units that share the voice's words in proportion to `weights`: the words
    laid end to end as a scale from 0 to len(groups), cut at the weights' running sums."""
    scale = len(groups) / sum(weights)
    cuts = np.cumsum([0, *weights]) * scale
    return [
        (_point(groups, float(a), start=True), _point(groups, float(b), start=False))
        for a, b in itertools.pairwise(cuts)
    ]


def _point(groups: Sequence[Group], position: float, *, start: bool) -> int:
    """The sample at `position` on the scale of `_shared` (a whole number is the start of
    that word, or, for an end, the end of the word before it)."""
    whole = int(position)
    if position == whole and (not start or whole >= len(groups)):
        return groups[max(0, whole - 1)].end
    group = groups[min(whole, len(groups) - 1)]
    return round(group.start + (position - whole) * (group.end - group.start))


def shares(
    start: float, end: float, weights: Sequence[float], gaps: Sequence[float] | None = None
) -> list[tuple[float, float]]:
    """[start, end) shared in proportion to `weights`, each share followed by a gap of its
    `gaps` weight (pauses); the one way a span is divided by estimate."""
    gaps = gaps or [0.0] * len(weights)
    total = (sum(weights) + sum(gaps)) or 1.0
    out, at = [], start
    for weight, gap in zip(weights, gaps, strict=True):
        step = (end - start) * weight / total
        out.append((at, at + step))
        at += step + (end - start) * gap / total
    return out


def _split(words: Sequence[str], start: int, end: int) -> list[Word]:
    """A span shared by several words in proportion to their letters."""
    if len(words) == 1:
        return [Word(words[0], start, end)]
    spans = shares(start, end, [max(1, _letters(w)) for w in words])
    return [Word(word, round(a), round(b)) for word, (a, b) in zip(words, spans, strict=True)]


def _letters(word: str) -> int:
    return sum(1 for ch in word if unicodedata.category(ch)[0] in "LN")


SILENCE = 0.02
"""Below this fraction of full scale, a stretch of audio is taken to be silence."""
PAUSE_WEIGHT = {",": 2, ";": 3, ":": 3, ".": 4, "!": 4, "?": 4, "।": 4}
"""Letters' worth of pause an estimate leaves after a word ending in this mark."""


def estimate(words: Sequence[str], samples: np.ndarray, rate: int) -> list[Word]:
    """Words timed without the voice's help: the sentence's voiced span (silence trimmed
    from both ends) shared by the words' letters, with a pause after punctuation."""
    if not words:
        return []
    start, end = voiced_span(samples, rate)
    weights = [max(1, _letters(w)) + 1 for w in words]
    pauses = [PAUSE_WEIGHT.get(w[-1:], 0) if i < len(words) - 1 else 0 for i, w in enumerate(words)]
    spans = shares(start, end, weights, pauses)
    return [Word(word, round(a), round(b)) for word, (a, b) in zip(words, spans, strict=True)]


def voiced_span(samples: np.ndarray, rate: int) -> tuple[int, int]:
    """First and end sample of the sound, in 10 ms frames above SILENCE; the whole of it
    when nothing is louder (silence itself)."""
    size = max(1, rate // 100)
    if len(samples) < size:
        return 0, len(samples)
    frames = np.abs(samples[: len(samples) // size * size].astype(np.int32)).reshape(-1, size)
    loud = np.flatnonzero(frames.max(axis=1) > SILENCE * 32767)
    if not loud.size:
        return 0, len(samples)
    return int(loud[0]) * size, min(len(samples), (int(loud[-1]) + 1) * size)
