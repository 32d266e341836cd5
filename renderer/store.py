"""A content-addressed blob store: the cache behind narration, slide images, mixes and GOPs.

Each entry is one file `<root>/<kind>/<key[:2]>/<key>.blob`: a magic line, the sha256 of the
payload, then the payload. Writes go to a temporary file in the same folder and are renamed
into place, so concurrent renders can share a store; an entry whose checksum fails is
deleted and reported as a miss; a failed write is a warning, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renderer import __version__
from renderer.atomic import write_bytes

log = logging.getLogger(__name__)

MAGIC = b"RVBLOB1\n"


def content_key(**parts: Any) -> str:
    """sha256 of the renderer version and every part (JSON, sorted keys)."""
    blob = json.dumps(
        {"renderer": __version__, **parts}, sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class StoreStats:
    """What `cache info` reports."""

    root: Path
    entries: int
    bytes: int


class BlobStore:
    """Get and put bytes by key, for one kind of entry."""

    def __init__(self, root: Path, kind: str) -> None:
        self.root = root
        self.kind = kind
        self.hits = 0
        self.misses = 0
        self._warned = False

    def _path(self, key: str) -> Path:
        return self.root / self.kind / key[:2] / f"{key}.blob"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        body = len(MAGIC) + 32
        if (
            not data.startswith(MAGIC)
            or hashlib.sha256(data[body:]).digest() != data[len(MAGIC) : body]
        ):
            log.warning("cache entry %s/%s is damaged; making it again", self.kind, path.name)
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return data[body:]

    def put(self, key: str, payload: bytes) -> None:
        path = self._path(key)
        try:
            write_bytes(path, MAGIC + hashlib.sha256(payload).digest() + payload, durable=False)
        except OSError as exc:
            if not self._warned:  # once per store, not once per entry
                self._warned = True
                log.warning(
                    "could not write the %s cache (%s); continuing without it", self.kind, exc
                )


def store_stats(root: Path) -> StoreStats:
    """Entries and bytes under a cache root (all kinds)."""
    files = list(root.rglob("*.blob")) if root.exists() else []
    return StoreStats(root, len(files), sum(p.stat().st_size for p in files))


def clear_store(root: Path) -> int:
    """Delete every entry; returns how many there were."""
    count = store_stats(root).entries
    if root.exists():
        shutil.rmtree(root)
    return count
