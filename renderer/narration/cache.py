"""Narration cache: sentence audio stored by a hash of everything that changes it.

Key = sha256 of (renderer version, engine identity, lexicon digest, the spoken text and the
written words it times), kept in the shared content-addressed store (`renderer.store`). An
entry holds the samples and the word timings; a damaged entry is synthesised again.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import numpy as np

from renderer.narration.base import Speech
from renderer.narration.words import Word
from renderer.store import BlobStore, content_key

_HEADER = struct.Struct("<III")  # sample rate, sample count, bytes of word timings


def cache_key(identity: dict[str, Any], lexicon_digest: str, text: str, written: str = "") -> str:
    """Content address of one sentence's audio and word timings (`text` is what the voice
    reads, `written` the sentence as written, whose words are timed)."""
    return content_key(
        kind="speech-words", engine=identity, lexicon=lexicon_digest, text=text, written=written
    )


class SpeechCache:
    """Get and put Speech by key (one store per engine name)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._stores: dict[str, BlobStore] = {}

    def _store(self, engine: str) -> BlobStore:
        if engine not in self._stores:
            self._stores[engine] = BlobStore(self.root, f"speech-{engine}")
        return self._stores[engine]

    @property
    def hits(self) -> int:
        return sum(s.hits for s in self._stores.values())

    @property
    def misses(self) -> int:
        return sum(s.misses for s in self._stores.values())

    def get(self, engine: str, key: str) -> Speech | None:
        data = self._store(engine).get(key)
        if data is None:
            return None
        if len(data) < _HEADER.size:
            return None
        rate, count, size = _HEADER.unpack_from(data)
        payload = data[_HEADER.size :]
        if len(payload) != count * 2 + size or rate <= 0:
            return None
        try:
            timing = json.loads(payload[count * 2 :].decode("utf-8"))
            words = tuple(Word(str(t), int(a), int(b)) for t, a, b in timing["words"])
        except (ValueError, KeyError, TypeError):
            return None
        return Speech(
            np.frombuffer(payload[: count * 2], dtype="<i2").astype(np.int16),
            rate,
            words,
            bool(timing["timed"]),
        )

    def put(self, engine: str, key: str, speech: Speech) -> None:
        timing = json.dumps(
            {"timed": speech.timed, "words": [[w.text, w.start, w.end] for w in speech.words]},
            ensure_ascii=False,
        ).encode()
        payload = speech.samples.astype("<i2").tobytes()
        self._store(engine).put(
            key,
            _HEADER.pack(speech.sample_rate, len(speech.samples), len(timing)) + payload + timing,
        )
