"""The interface every voice engine implements: one sentence in, audio samples out."""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from renderer.narration.words import Unit, Word, estimate


@dataclass(frozen=True, eq=False)
class Speech:
    """Mono 16-bit audio of one spoken sentence."""

    samples: np.ndarray
    """int16 samples, mono."""
    sample_rate: int
    words: tuple[Word, ...] = ()
    """When each written word is spoken (samples), when known."""
    timed: bool = False
    """True if the voice itself timed the words; False if they are estimates."""

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


class Engine(ABC):
    """A text-to-speech engine. Implementations import their package inside their module."""

    name: str = "engine"
    speaks_ipa: bool = False
    """True if `[[IPA]]` blocks in the text are spoken as phonemes (lexicon IPA entries)."""
    parallel: bool = False
    """True if the engine may run in several worker processes at once (a local model)."""
    threads: int = 0
    """CPU threads the engine may use; 0 is the engine's own default (all cores)."""
    uses_threads: bool = False
    """True if the engine computes locally and honours `threads`."""
    derives_models: bool = False
    """True if the engine derives models from the installed ones (a patched or converted
    model) and keeps them in `models` when given a folder."""
    models: str | None = None
    """Where derived models are kept (None: derived in memory at every load)."""

    def with_threads(self, threads: int) -> Engine:
        """This engine limited to `threads` threads (the caller's share of the CPU budget,
        handed down as a value): a copy for engines that compute locally, else itself."""
        if not self.uses_threads or threads == self.threads:
            return self
        limited = copy.copy(self)
        limited.threads = max(0, threads)
        return limited

    def with_models(self, folder: Path | None) -> Engine:
        """This engine keeping the models it derives (a patched or converted model) in
        `folder`, made once and reused by every render; itself for engines that derive none."""
        if folder is None or not self.derives_models:
            return self
        keeping = copy.copy(self)
        keeping.models = str(folder)
        return keeping

    @abstractmethod
    def synthesize(self, sentence: str) -> Speech:
        """Speak one sentence (already split to a sensible length)."""

    def synthesize_words(self, sentence: str, units: Sequence[Unit]) -> Speech:
        """Speak one sentence and time its written words (`units`: the sentence read as
        pieces, see `words.Unit`). Engines that cannot time words estimate them."""
        speech = self.synthesize(sentence)
        words = [word for unit in units for word in unit.words]
        return Speech(
            speech.samples,
            speech.sample_rate,
            tuple(estimate(words, speech.samples, speech.sample_rate)),
            False,
        )

    def unavailable(self) -> str | None:
        """Why this engine cannot speak right now (None when it can). Cheap; may be cached."""
        return None

    def identity(self) -> dict[str, Any]:
        """Everything about the engine that changes its audio (part of the cache key)."""
        return {"engine": self.name}

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (models, sessions)."""
