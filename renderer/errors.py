"""Errors a user can act on. The CLI prints them as one message; tracebacks only with --debug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        return text


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
        return text


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
        return RenderError(f"the disk is full (writing {exc.filename or where})",
                           hint=f"free some space where {where} lives, or use --out / "
                                "--cache-dir on another disk; nothing half-written was kept")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return RenderError(f"cannot write {exc.filename or where}: {exc.strerror}",
                           hint="choose a folder you can write to with --out")
    return RenderError(f"cannot write {exc.filename or where}: {exc.strerror or exc}")
