"""A silent engine: speech-length silence, for layout checks and fast timing tests."""

from __future__ import annotations

import numpy as np

from renderer.narration.base import Engine, Speech

CHARS_PER_SECOND = 15.0
"""The piper voices' median pace, measured on the bundled article."""


class SilentEngine(Engine):
    """Returns silence as long as the sentence would take to say at `words_per_minute`, and
    never faster than CHARS_PER_SECOND (long technical words take longer to say)."""

    name = "silent"

    def __init__(self, words_per_minute: float = 150.0, sample_rate: int = 22050) -> None:
        self.words_per_minute = words_per_minute
        self.sample_rate = sample_rate

    def identity(self) -> dict[str, object]:
        return {"engine": self.name, "wpm": self.words_per_minute, "rate": self.sample_rate}

    def synthesize(self, sentence: str) -> Speech:
        words = max(1, len(sentence.split()))
        seconds = max(words * 60.0 / self.words_per_minute, len(sentence) / CHARS_PER_SECOND)
        return Speech(np.zeros(round(seconds * self.sample_rate), dtype=np.int16), self.sample_rate)
