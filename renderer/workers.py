"""Worker processes for drawing and encoding, which never outlive the render that made them.

If a render is killed outright (SIGKILL, out of memory), its pool workers would otherwise
stay behind, blocked and holding memory; on Linux each worker asks the kernel to kill it
when its parent dies.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1


HELD = {signal.SIGINT, signal.SIGTERM}


def _start(parent: int, initializer: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the kernel was told to tell us
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)  # held by the parent while it forked
    if initializer is not None:
        initializer(*args)


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def process_pool(
    workers: int, initializer: Callable[..., None] | None = None, args: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """Worker processes that die with this one; `initializer(*args)` runs in each first.

    The workers are forked at once, with Ctrl-C and SIGTERM held meanwhile: a signal
    handled inside fork's own hooks (logging's lock release) would be swallowed as
    "Exception ignored", and the render would go on. Held, it arrives just after.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_start, initargs=(os.getpid(), initializer, args)
    )
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
        try:
            pool.submit(int)  # with fork, the first task starts every worker
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    return pool
