"""Narration cache: sentence audio stored by a hash of everything that changes it.

Key = sha256 of (renderer version, engine identity, lexicon digest, the text). Entries are
single files `<root>/<engine>/<key[:2]>/<key>.speech`: a magic line, a checksum and the
samples. Writes go to a temporary file and are renamed, so two renders can share a cache;
a damaged entry fails its checksum and is synthesised again. A failed write is a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from renderer import __version__
from renderer.narration.base import Speech

log = logging.getLogger(__name__)

MAGIC = b"RVSPEECH1\n"
_HEADER = struct.Struct("<32sII")  # sha256 of payload, sample rate, sample count


def default_cache_dir() -> Path:
    """$RENDER_VIDEO_CACHE, else $XDG_CACHE_HOME/render-video, else ~/.cache/render-video."""
    if os.environ.get("RENDER_VIDEO_CACHE"):
        return Path(os.environ["RENDER_VIDEO_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "render-video"


def cache_key(identity: dict[str, Any], lexicon_digest: str, text: str) -> str:
    """Content address of one sentence's audio."""
    blob = json.dumps({"renderer": __version__, "engine": identity, "lexicon": lexicon_digest,
                       "text": text}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    """What `cache info` reports."""

    root: Path
    entries: int
    bytes: int


class SpeechCache:
    """Get and put Speech by key under a root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0

    def _path(self, engine: str, key: str) -> Path:
        return self.root / engine / key[:2] / f"{key}.speech"

    def get(self, engine: str, key: str) -> Speech | None:
        path = self._path(engine, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        speech = _decode(data)
        if speech is None:
            log.warning("narration cache entry %s is damaged; synthesising it again", path.name)
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return speech

    def put(self, engine: str, key: str, speech: Speech) -> None:
        path = self._path(engine, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as f:
                f.write(_encode(speech))
                tmp = Path(f.name)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not write the narration cache (%s); continuing without it", exc)

    def stats(self) -> CacheStats:
        files = [p for p in self.root.rglob("*.speech")] if self.root.exists() else []
        return CacheStats(self.root, len(files), sum(p.stat().st_size for p in files))

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        count = self.stats().entries
        if self.root.exists():
            shutil.rmtree(self.root)
        return count


def _encode(speech: Speech) -> bytes:
    payload = speech.samples.astype("<i2").tobytes()
    header = _HEADER.pack(hashlib.sha256(payload).digest(), speech.sample_rate,
                          len(speech.samples))
    return MAGIC + header + payload


def _decode(data: bytes) -> Speech | None:
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _HEADER.size:
        return None
    digest, rate, count = _HEADER.unpack_from(data, len(MAGIC))
    payload = data[len(MAGIC) + _HEADER.size:]
    if len(payload) != count * 2 or hashlib.sha256(payload).digest() != digest or rate <= 0:
        return None
    return Speech(np.frombuffer(payload, dtype="<i2").astype(np.int16), rate)
