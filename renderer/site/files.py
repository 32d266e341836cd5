"""How a site's files are put in place, so that a rebuild rewrites only what changed.

The new site is made beside the old one and swapped in whole (`atomic.atomic_folder`). Each
file of it is either the old site's file, hard-linked when its bytes are the same (it keeps
its inode and time: nothing a host or a browser cache sees changes), a render's file
hard-linked (pictures, sound, videos: never copied where a link can be made), or written
anew. `Placed` counts each kind, for the report and the tests.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Placed:
    """What a build did with each file, by path inside the site."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """The old site's file, unchanged."""
    linked: list[str] = field(default_factory=list)
    """A render's file (new to the site, or changed since the last build)."""


class SiteFiles:
    """Puts files into the site being made (`root`), the old site (`old`) beside it."""

    def __init__(self, root: Path, old: Path) -> None:
        self.root = root
        self.old = old
        self.placed = Placed()

    def text(self, name: str, text: str) -> None:
        self.data(name, text.encode("utf-8"))

    def data(self, name: str, data: bytes) -> None:
        """A file made here: the old one if it holds these bytes, else written."""
        target, previous = self._target(name), self.old / name
        if _same_bytes(previous, data) and _link(previous, target):
            self.placed.kept.append(name)
            return
        target.write_bytes(data)
        self.placed.written.append(name)

    def copy(self, name: str, source: Path) -> None:
        """A render's file, linked (copied where the file systems differ)."""
        target, previous = self._target(name), self.old / name
        if _same_file(previous, source) and _link(previous, target):
            self.placed.kept.append(name)
            return
        if not _link(source, target):
            shutil.copy2(source, target)
        self.placed.linked.append(name)

    def _target(self, name: str) -> Path:
        target = self.root / name
        if self.root.resolve() not in target.resolve().parents:
            raise ValueError(f"{name!r} is not inside the site")
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _same_file(previous: Path, source: Path) -> bool:
    """The old site's file is this render's file (the same inode, or a copy of it: same size
    and modification time, as `shutil.copy2` leaves it)."""
    try:
        a, b = previous.stat(), source.stat()
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino) or (
        a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
    )


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
