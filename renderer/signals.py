"""Ctrl-C and SIGTERM: raised in the main thread as exceptions, so that every `finally` runs
and nothing half-written is left behind (exit 130 and 143).

A signal may be taken by any thread that does not block it, and threads that libraries start
(OpenBLAS, onnxruntime) do not. Python 3.11 then runs the handler only when the main thread
next wakes by itself: seen, a SIGTERM sent while slides were being drawn went unhandled until
the render had finished. So every signal also goes down a pipe (`signal.set_wakeup_fd`), and a
thread reading it nudges the main thread with a signal of its own (NUDGE), which wakes it.

A few steps must not be cut in two (starting or stopping a pool of worker processes: cut,
they leave workers nobody stops and the exit hangs); inside `held()` a signal waits and is
raised as the step ends."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every `finally` runs."""


NUDGE = signal.SIGRTMIN
"""Sent to the main thread to make it run the handlers of signals another thread took."""
HANDLED = {signal.SIGINT, signal.SIGTERM}


class _State:
    """This process's: the depth of `held()` blocks in its main thread, the signals received
    inside them, and whether its signals are forwarded (the pid that set it up)."""

    def __init__(self) -> None:
        self.held = 0
        self.waiting: list[int] = []
        self.forwarding = 0


_state = _State()


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
        _forward_to_main_thread()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)
        if _state.held:
            _state.waiting.append(signum)
            return
        _raise(signum)

    def check(self) -> None:
        """Raise again the first signal received, if any."""
        if self.received:
            _raise(self.received[0])


@contextmanager
def held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then are raised (unless the block
    raised something itself). Only for short steps: the user waits meanwhile."""
    _state.held += 1
    try:
        yield
    finally:
        _state.held -= 1
    if not _state.held and _state.waiting:
        signum = _state.waiting[0]
        _state.waiting = []
        _raise(signum)


def _forward_to_main_thread() -> None:
    """Once per process: signals written to a pipe, read by a thread that nudges the main one."""
    if _state.forwarding == os.getpid():
        return
    _state.forwarding = os.getpid()
    read, write = os.pipe()  # (a forked worker gets a pipe of its own)
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    signal.signal(NUDGE, lambda signum, frame: None)  # waking is all it does
    main = threading.main_thread().ident
    assert main is not None

    def forward() -> None:
        while received := os.read(read, 64):  # the numbers of the signals, a byte each
            if HANDLED.intersection(received):  # (not the nudges, also written here)
                signal.pthread_kill(main, NUDGE)

    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)  # this thread takes none
    try:
        threading.Thread(target=forward, name="signals", daemon=True).start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def in_worker() -> None:
    """In a forked worker, with its own handler for SIGTERM: the parent's `held()` blocks and
    waiting signals are not its own; its signals are forwarded to its own main thread."""
    _state.held, _state.waiting = 0, []
    _forward_to_main_thread()


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated
