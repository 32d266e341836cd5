"""Splitting narration into sentences short enough for the voice (about 40 words at most)."""

from __future__ import annotations

import re

MAX_WORDS = 40

_SENTENCE_END = re.compile(r"(?<=[.!?।])\s+(?=\S)")
_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+")


def split_sentences(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Sentences of `text`; long ones are split at clause breaks, then every max_words words."""
    out: list[str] = []
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        if not sentence:
            continue
        if len(sentence.split()) <= max_words:
            out.append(sentence)
            continue
        current: list[str] = []
        for clause in _CLAUSE_BREAK.split(sentence):
            words = clause.split()
            if current and len(current) + len(words) > max_words:
                out.append(" ".join(current))
                current = []
            current.extend(words)
            while len(current) > max_words:
                out.append(" ".join(current[:max_words]))
                current = current[max_words:]
        if current:
            out.append(" ".join(current))
    return out
