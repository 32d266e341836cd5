"""Errors a user can act on. The CLI prints them as one message; tracebacks only with --debug."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from renderer.graphemes import head


def printable(text: str) -> str:
    """Text safe for a terminal: control characters but newline shown as escapes (a message
    quoting a user's text must never send a terminal escape sequence)."""
    return "".join(
        ch if ch == "\n" or unicodedata.category(ch) != "Cc" else f"\\x{ord(ch):02x}" for ch in text
    )


class RendererError(Exception):
    """Base of every error the CLI reports as a single readable message."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        """The message as printed to the user."""
        text = f"error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return printable(text)


@dataclass(frozen=True)
class SourceLocation:
    """Where in an input file a problem is: 1-based line and column."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class ArticleError(RendererError):
    """The article file cannot be read or is not a valid article."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        location: SourceLocation,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.location = location
        self.field = field

    def render(self) -> str:
        where = str(self.location)
        field = f" [{self.field}]" if self.field else ""
        text = f"error: {where}{field}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return printable(text)


class ConfigError(RendererError):
    """An option or a voice/theme name given on the command line is not valid."""

    exit_code = 2


class SettingError(ValueError):
    """A setting's value is not valid (raised inside settings models; pydantic reports it
    with the field's name, and the CLI or the catalogue reader turns it into one of the
    errors above)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class VoiceError(RendererError):
    """A voice cannot be loaded or failed to speak."""


class RenderError(RendererError):
    """Drawing, mixing or encoding failed."""


def storage_error(exc: OSError, where: Path) -> RendererError:
    """An OSError while writing, as the user can act on it (a full disk above all)."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return RenderError(
            f"the disk is full (writing {exc.filename or where})",
            hint=f"free some space where {where} lives, or use --out / "
            "--cache-dir on another disk; nothing half-written was kept",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return RenderError(
            f"cannot write {exc.filename or where}: {exc.strerror}",
            hint="choose a folder you can write to with --out",
        )
    return RenderError(f"cannot write {exc.filename or where}: {exc.strerror or exc}")


INTERNAL_ERROR = 70
"""Exit code of a bug (EX_SOFTWARE): not the user's mistake (2), not a failed render (1)."""


def internal_error(exc: Exception, version: str) -> str:
    """The one line a bug gets (its traceback goes to a log file the line names)."""
    return (
        printable(head(f"internal error: {type(exc).__name__}: {exc}", 300))
        + f"\n  run with --debug and report it; the details are in {crash_log(version)}"
    )


def crash_log(version: str) -> Path:
    """Write the traceback being handled to a log file in the temp folder; its path."""
    import os
    import sys
    import tempfile
    import time
    import traceback

    folder = Path(tempfile.gettempdir()) / "render-video-logs"
    folder.mkdir(exist_ok=True)
    path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    path.write_text(
        f"render-video {version}\nargs: {sys.argv[1:]}\n\n" + traceback.format_exc(),
        encoding="utf-8",
    )
    return path
