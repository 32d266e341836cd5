"""Ctrl-C and SIGTERM: raised in the main thread as exceptions, so that every `finally` runs
and nothing half-written is left behind (exit 130 and 143)."""

from __future__ import annotations

import signal
from types import FrameType


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every `finally` runs."""


class SignalGuard:
    """Turns SIGINT and SIGTERM into exceptions, and remembers them: an exception Python
    dropped (one raised inside an at-fork hook or a finaliser is only printed as "Exception
    ignored") is raised again by `check`, which every progress step calls."""

    def __init__(self) -> None:
        self.received: list[int] = []

    def install(self) -> None:
        """Handle both signals in this (the main) thread."""
        signal.signal(signal.SIGTERM, self._handle)
        signal.signal(signal.SIGINT, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)
        _raise(signum)

    def check(self) -> None:
        """Raise again the first signal received, if any."""
        if self.received:
            _raise(self.received[0])


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated
