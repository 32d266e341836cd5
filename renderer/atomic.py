"""One way to write a file: into a temporary file beside it, then renamed into place.

Every writer of the renderer (the MP4, sidecars, slide pictures, cache entries, the mixed
track, a batch's failure report) goes through `atomic_path`, so a reader never sees half a
file at a final path: a crash, a full disk or a kill leaves at most a `.NAME.*.partial*`
file, which the next render of the same article removes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARTIAL = "partial"
"""Marks temporary files: `.NAME.<random>.partial<suffix>` beside NAME."""


def partial_path(path: Path) -> Path:
    """A fresh temporary name beside `path`, keeping its suffix (Pillow and PyAV pick the
    format from it) and unique per writer (two machines may write the same output)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.{PARTIAL}{path.suffix}")


@contextmanager
def atomic_path(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write `path` through; on success it is flushed to disk
    (with `durable`) and renamed over `path`; on any failure it is removed and `path` is
    left as it was. Scratch and cache files pass `durable=False`: losing them costs a redo,
    never a wrong result (cache entries carry their own checksum)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(path)
    try:
        yield tmp
        if durable:
            with open(tmp, "rb") as written:
                os.fsync(written.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """`atomic_path` for a folder: yield a temporary folder beside `path`; on success the
    folder at `path` (if any) is swapped for it in two renames, and removed; on any failure
    the temporary folder is removed and `path` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, old = partial_path(path), partial_path(path)
    tmp.mkdir()
    try:
        yield tmp
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def write_bytes(path: Path, data: bytes, *, durable: bool = True, mode: int | None = None) -> Path:
    """`path` holds exactly `data`, or is untouched. With `mode` (0o600 for a secret) the
    file has those permissions from its creation on, never wider."""
    with atomic_path(path, durable=durable) as tmp:
        if mode is None:
            tmp.write_bytes(data)
        else:
            with os.fdopen(
                os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb"
            ) as handle:
                handle.write(data)
            os.chmod(tmp, mode)  # whatever the umask took away
    return path


def write_text(path: Path, text: str, *, durable: bool = True, mode: int | None = None) -> Path:
    """`path` holds `text` as UTF-8, or is untouched."""
    return write_bytes(path, text.encode("utf-8"), durable=durable, mode=mode)


def remove_partials(folder: Path, name: str) -> None:
    """Delete what an interrupted writer of `folder/name*` left behind."""
    for stale in folder.glob(f".{name}.*{PARTIAL}*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def lock_path(target: Path) -> Path:
    """A lock file for one output, in the system's temp folder (not the output folder)."""
    folder = Path(tempfile.gettempdir()) / "render-video-locks"
    folder.mkdir(exist_ok=True)
    return folder / f"{hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:24]}.lock"
