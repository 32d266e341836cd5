"""Narration cache: sentence audio stored by a hash of everything that changes it.

Key = sha256 of (renderer version, engine identity, lexicon digest, the text), kept in the
shared content-addressed store (`renderer.store`). A damaged entry is synthesised again.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np

from renderer.narration.base import Speech
from renderer.store import BlobStore, content_key, default_cache_dir

__all__ = ["SpeechCache", "cache_key", "default_cache_dir"]

_HEADER = struct.Struct("<II")  # sample rate, sample count


def cache_key(identity: dict[str, Any], lexicon_digest: str, text: str) -> str:
    """Content address of one sentence's audio."""
    return content_key(kind="speech", engine=identity, lexicon=lexicon_digest, text=text)


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
        rate, count = _HEADER.unpack_from(data)
        payload = data[_HEADER.size:]
        if len(payload) != count * 2 or rate <= 0:
            return None
        return Speech(np.frombuffer(payload, dtype="<i2").astype(np.int16), rate)

    def put(self, engine: str, key: str, speech: Speech) -> None:
        payload = speech.samples.astype("<i2").tobytes()
        self._store(engine).put(key, _HEADER.pack(speech.sample_rate, len(speech.samples)) +
                                payload)
