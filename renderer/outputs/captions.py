"""Output: Timeline -> caption cues, from the narration's word timings.

Broadcast rules (and YouTube's own auto-captions) keep a cue readable: at most 2 lines of
42 characters, on screen between 5/6 s and 7 s, at most about 17 characters per second. A
sentence is cut on its clause boundaries first (then between words); each piece starts as
its first word is spoken and ends with its last (when a sentence has no word timings, its
pieces share it by length), and a cue that would flash by too fast is held on into the
pause after its sentence. Every cue keeps its words' times, for karaoke (`karaoke.py`).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from renderer.atomic import write_text
from renderer.graphemes import chunks
from renderer.narration.words import shares
from renderer.raster.bidi import has_rtl
from renderer.raster.wrap import units
from renderer.timeline import SentencePlacement, TimedWord, Timeline
from renderer.wordsplit import CLAUSE_MARKS, CLOSE_SET, in_lines, words_of

MAX_LINE = 42
MAX_LINE_CLOSE_SET = 16
"""Chinese and Japanese lines: about 16 characters (each twice as wide, and saying more)."""
MAX_LINES = 2
MIN_SECONDS = 5 / 6
MAX_SECONDS = 7.0
MAX_CPS = 17.0
SHORT = 12
"""A clause shorter than this is not a cue of its own."""
GAP = 0.04
"""Seconds between one cue's end and the next one's start when a cue is held on."""

_CLAUSE = re.compile(rf"(?<=[,;:।!?.،؛۔؟])\s+|\s+(?=[—–-]\s)|(?<=[{CLAUSE_MARKS}])")
"""Cut after a comma, semicolon, colon or sentence mark, or before a spaced dash (in Chinese
and Japanese after their own, with no space)."""


def line_limit(text: str) -> int:
    """The characters a caption line holds: fewer for Chinese and Japanese."""
    return MAX_LINE_CLOSE_SET if CLOSE_SET.search(text) else MAX_LINE


def _join(first: str, second: str) -> str:
    """Two pieces of a sentence as one: with a space, but none between Chinese or Japanese
    characters (written without spaces)."""
    if not first or not second:
        return first + second
    close = CLOSE_SET.match(first[-1]) and CLOSE_SET.match(second[0])
    return first + second if close else f"{first} {second}"


@dataclass(frozen=True)
class Caption:
    """One caption cue on screen (seconds)."""

    start: float
    end: float
    lines: tuple[str, ...]
    words: tuple[TimedWord, ...] = ()
    """The cue's words with when each is spoken (their texts make up the lines)."""

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def chars_per_second(self) -> float:
        return len(self.text) / self.seconds if self.seconds > 0 else float("inf")


def wrap(text: str) -> tuple[str, ...] | None:
    """Text as at most MAX_LINES balanced lines of at most MAX_LINE characters, breaking
    after punctuation where that costs little; None if it does not fit."""
    text = " ".join(text.split())
    limit = line_limit(text)
    if len(text) <= limit:
        return (text,)
    best: tuple[float, tuple[str, str]] | None = None
    for at in _breaks(text):
        first, second = text[:at].rstrip(), text[at:].lstrip()
        if not first or not second or len(first) > limit or len(second) > limit:
            continue
        cost = abs(len(first) - len(second)) - (8 if first[-1] in ",;:।—–，、；：。،؛۔" else 0)
        if best is None or cost < best[0]:
            best = (cost, (first, second))
    return best[1] if best else None


def _breaks(text: str) -> list[int]:
    """Where a caption line may end: at spaces, and in Chinese and Japanese between their
    phrases as the line-breaking rules allow (`raster.wrap.units`: a karaoke word is never
    cut across two lines)."""
    if not CLOSE_SET.search(text):
        return [match.start() for match in re.finditer(" ", text)]
    return list(itertools.accumulate(len(unit) for unit in units(text)))[:-1]


def split_sentence(text: str) -> list[str]:
    """Pieces of a sentence that each fit one cue, cut on clauses, then between words."""
    clauses: list[str] = []
    for clause in _CLAUSE.split(" ".join(text.split())):
        if not clause:
            continue
        if clauses and len(clauses[-1]) < SHORT:  # "B:" or "Yes," belongs with what follows
            clauses[-1] = _join(clauses[-1], clause)
        else:
            clauses.append(clause)
    if len(clauses) > 1 and len(clauses[-1]) < SHORT:
        clauses[-2:] = [_join(*clauses[-2:])]
    units: list[str] = []
    for clause in clauses:
        if wrap(clause) is not None:
            units.append(clause)
        else:
            units.extend(_split_words(clause))
    pieces: list[str] = []
    for unit in units:  # greedy: join clauses while the cue still fits
        if pieces and wrap(_join(pieces[-1], unit)) is not None:
            pieces[-1] = _join(pieces[-1], unit)
        else:
            pieces.append(unit)
    return [piece for piece in pieces if piece]


def _split_words(text: str) -> list[str]:
    """A clause too long for one cue, cut into the fewest near-equal cues of whole words (in
    Chinese and Japanese, of the pieces their lines may break between)."""
    words = list(words_of(text))
    count = 2
    while True:
        size = -(-len(text) // count)
        pieces, current = [], ""
        for word in words:
            joined = _join(current, word).strip()
            if current and len(joined) > size + 6:
                pieces.append(current)
                current = word
            else:
                current = joined
        pieces.append(current)
        if all(wrap(piece) is not None for piece in pieces):
            return pieces
        if count > len(words):  # a single word longer than two lines: cut it hard
            return chunks(text, line_limit(text))  # between grapheme clusters
        count += 1


Timed = tuple[float, float, str, tuple[TimedWord, ...]]
"""A cue before its hold: start, end, text, words."""


def build_captions(timeline: Timeline) -> list[Caption]:
    """Every spoken sentence as cues, in order, none overlapping."""
    timed: list[Timed] = []
    for sentence in sorted(timeline.sentences, key=lambda s: s.start):
        words = sentence_words(sentence, timeline)
        pieces = split_sentence(sentence.text)
        placed = in_lines(pieces, [w.text for w in words])
        if placed is None or not all(placed):  # a word cut hard
            timed.extend(_by_length(words[0].start, words[-1].end, pieces))
            continue
        for piece, where in zip(pieces, placed, strict=True):
            mine = tuple(words[index] for index, _, _ in where)
            timed.extend(_limit_length(mine[0].start, mine[-1].end, piece, mine))
    timed = _merge_short(timed)
    cues: list[Caption] = []
    video_end = float(timeline.duration)
    for index, (start, end, text, words) in enumerate(timed):
        following = timed[index + 1][0] - GAP if index + 1 < len(timed) else video_end
        end = min(max(end, start + _needed(text)), max(following, end), start + MAX_SECONDS)
        lines = wrap(text) or (text,)
        cues.append(Caption(round(start, 3), round(end, 3), lines, words))
    return cues


def sentence_words(sentence: SentencePlacement, timeline: Timeline) -> tuple[TimedWord, ...]:
    """The sentence's words with their times: the voice's (or its engine's estimates), or,
    when it has none, its span shared by the words' lengths."""
    written = list(words_of(sentence.text))
    if [w.text for w in sentence.words] == written:
        return sentence.words
    start, end = sentence.start, sentence.start + sentence.frames
    spans = shares(
        timeline.seconds(start), timeline.seconds(end), [len(word) + 1 for word in written]
    )
    return tuple(
        TimedWord(word, round(a, 4), round(b, 4))
        for word, (a, b) in zip(written, spans, strict=True)
    )


def _by_length(start: float, end: float, pieces: list[str]) -> list[Timed]:
    """Pieces that share [start, end) by their length (no word times of their own)."""
    spans = shares(start, end, [len(piece) for piece in pieces])
    return [(a, b, piece, ()) for piece, (a, b) in zip(pieces, spans, strict=True)]


def _needed(text: str) -> float:
    """How long a cue must stay up to be read."""
    return max(MIN_SECONDS, len(text) / MAX_CPS)


def _merge_short(timed: list[Timed]) -> list[Timed]:
    """Join a cue too short to read (a two-word title) with the next one when together they
    still fit a cue and seven seconds."""
    merged: list[Timed] = []
    for start, end, text, words in timed:
        if merged:
            first, _last, previous, before = merged[-1]
            joined = _join(previous, text)
            room = start - GAP - first  # how long the previous cue could stay up alone
            if room < _needed(previous) and wrap(joined) is not None and end - first <= MAX_SECONDS:
                merged[-1] = (first, end, joined, before + words)
                continue
        merged.append((start, end, text, words))
    return merged


def _limit_length(start: float, end: float, text: str, words: tuple[TimedWord, ...]) -> list[Timed]:
    """A piece spoken for longer than MAX_SECONDS, cut between words into shorter cues."""
    if end - start <= MAX_SECONDS or len(words) < 2:
        return [(start, end, text, words)]
    half = len(words) // 2
    first, second = words[:half], words[half:]
    return _limit_length(first[0].start, first[-1].end, _text(first), first) + _limit_length(
        second[0].start, second[-1].end, _text(second), second
    )


def _text(words: tuple[TimedWord, ...]) -> str:
    """Words as the text they were read from (no space inside Chinese or Japanese)."""
    return functools.reduce(_join, (w.text for w in words), "")


RLM = "\u200f"
"""RIGHT-TO-LEFT MARK: put before a caption line with right-to-left letters, so a player
that takes a line's direction from its first letter (most do) reads it right to left even
when it starts with an English word or a number."""


def directed(line: str) -> str:
    """A caption line as players should read it: `RLM` first if it has right-to-left text."""
    return RLM + line if has_rtl(line) else line


def write_srt(cues: list[Caption], path: Path) -> Path:
    """SubRip, UTF-8, written atomically."""
    import srt

    subtitles = [
        srt.Subtitle(
            index=i,
            start=timedelta(seconds=cue.start),
            end=timedelta(seconds=cue.end),
            content="\n".join(directed(line) for line in cue.lines),
        )
        for i, cue in enumerate(cues, start=1)
    ]
    return write_text(path, srt.compose(subtitles, reindex=False))


def write_vtt(cues: list[Caption], path: Path) -> Path:
    """WebVTT, UTF-8, written atomically."""
    import webvtt

    document = webvtt.WebVTT()
    for cue in cues:
        document.captions.append(
            webvtt.Caption(
                vtt_time(cue.start), vtt_time(cue.end), "\n".join(map(directed, cue.lines))
            )
        )
    return write_text(path, document.content)


def vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
