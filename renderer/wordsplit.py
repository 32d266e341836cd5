"""Written words: where the words of a text are, for timing narration word by word and for
captions and karaoke. Words are what spaces separate; Chinese and Japanese, written without
spaces, are cut into their phrases by BudouX's models (非同期ジョブは | キューに | 入ります。),
so a karaoke highlight moves along them as it does along English words, and their lines
break between them.

A text's words are found once, in the whole sentence (a model reads each character in its
context); a caption's lines are then matched against those words (`in_lines`), never cut
into words anew."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import regex

CLOSE = r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef]"
"""Chinese and Japanese characters (letters, their punctuation, full-width forms): written
without spaces between words."""
CLOSE_SET = regex.compile(CLOSE)
KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
WHOLE = regex.compile(r"[\p{Latin}\p{N}]+(?:[.,'’\-][\p{Latin}\p{N}]+)*")
"""A Latin word or a number inside Chinese or Japanese text (Python, API, 3,000, 2.5): one
piece, never cut."""
CLAUSE_MARKS = "，、；：。！？"
"""Chinese and Japanese marks that end a clause: a phrase ends after one (captions cut
clauses there: 役割：| 42 番)."""


@lru_cache(maxsize=8192)
def words_of(text: str) -> tuple[str, ...]:
    """The text's words: its space-separated pieces, a Chinese or Japanese piece cut into
    its phrases."""
    out: list[str] = []
    for token in text.split():
        out.extend(phrases(token) if CLOSE_SET.search(token) else (token,))
    return tuple(out)


def phrases(text: str) -> tuple[str, ...]:
    """A Chinese or Japanese text (no spaces) as BudouX's phrases (Japanese where it has
    kana, else Chinese)."""
    parser = _parser("ja" if KANA.search(text) else "zh")
    inside = {at for m in WHOLE.finditer(text) for at in range(m.start() + 1, m.end())}
    out: list[str] = []
    at = 0
    for piece in parser.parse(text):
        if out and at in inside:
            out[-1] += piece
        elif piece:
            out.append(piece)
        at += len(piece)
    return tuple(part for piece in out for part in _after_marks(piece))


def _after_marks(piece: str) -> list[str]:
    """A phrase cut after each clause mark inside it."""
    parts = regex.split(f"(?<=[{CLAUSE_MARKS}])(?=[^{CLAUSE_MARKS}])", piece)
    return [part for part in parts if part]


@lru_cache(maxsize=2)
def _parser(language: str) -> Any:
    import budoux  # its models are JSON inside the package: nothing is fetched

    if language == "ja":
        return budoux.load_default_japanese_parser()
    return budoux.load_default_simplified_chinese_parser()


def spans(text: str, words: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each word stands in text, in order, with only spaces between them (None
    when the words are not the text's)."""
    out: list[tuple[int, int]] = []
    at = 0
    for word in words:
        while at < len(text) and text[at].isspace():
            at += 1
        if not word or not text.startswith(word, at):
            return None
        out.append((at, at + len(word)))
        at += len(word)
    return out if not text[at:].strip() else None


def in_lines(lines: Sequence[str], words: Sequence[str]) -> list[list[tuple[int, int, int]]] | None:
    """Each line's words as (word index, start, end) in that line: the words laid over the
    lines in order, none across a line's end (None when they are not the lines' words)."""
    out: list[list[tuple[int, int, int]]] = []
    index = 0
    for line in lines:
        placed: list[tuple[int, int, int]] = []
        at = 0
        while index < len(words):
            while at < len(line) and line[at].isspace():
                at += 1
            if at >= len(line):
                break
            if not line.startswith(words[index], at):
                return None
            placed.append((index, at, at + len(words[index])))
            at += len(words[index])
            index += 1
        if line[at:].strip():
            return None
        out.append(placed)
    return out if index == len(words) else None
