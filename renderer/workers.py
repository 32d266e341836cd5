"""Worker processes for drawing, speaking, encoding and batches, which never outlive the
render that made them and stop with it.

- Killed outright (SIGKILL, out of memory), the render would leave its workers behind,
  blocked and holding memory: on Linux each worker asks the kernel to kill it when its
  parent dies.
- Interrupted (Ctrl-C, SIGTERM) or failed, the render leaves a pool by an exception: queued
  tasks are cancelled and the workers stop their current task at once (its `finally` blocks
  run, so a batch worker removes its scratch files), rather than finishing every task first.
- Starting and stopping a pool are not cut in two by a signal (`signals.held`): a pool cut
  while starting has workers nobody stops, and the exit waits for them forever.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import FrameType, TracebackType
from typing import Any, Literal

from renderer.signals import Terminated, held, in_worker

PR_SET_PDEATHSIG = 1
HELD = {signal.SIGINT, signal.SIGTERM}
STOP_WAIT = 10.0
"""Seconds a worker has to end its task once told to stop, before it is killed."""


class _Worker:
    """In a worker process: is a task running, has the parent told it to stop."""

    busy = False
    stopping = False


_worker = _Worker()


class WorkerPool(ProcessPoolExecutor):
    """Processes that die with this one and stop with the `with` block that holds them."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(_task, fn, args, kwargs)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> Literal[False]:
        with held():
            if kind is None:
                self.shutdown(wait=True)
            else:
                self._abort()
        return False

    def _abort(self) -> None:
        """Cancel what is queued, tell every worker to end its task now (a worker not done
        within STOP_WAIT seconds is killed) and wait for the pool to wind down."""
        processes = list((getattr(self, "_processes", None) or {}).values())
        manager = getattr(self, "_executor_manager_thread", None)
        for process in processes:
            if process.is_alive():
                os.kill(process.pid, signal.SIGTERM)
        self.shutdown(wait=False, cancel_futures=True)
        if manager is not None:
            manager.join(STOP_WAIT)
            if manager.is_alive():
                for process in processes:
                    if process.is_alive():
                        process.kill()
                manager.join()


def process_pool(
    workers: int, initializer: Callable[..., None] | None = None, args: tuple[Any, ...] = ()
) -> WorkerPool:
    """Worker processes that die with this one; `initializer(*args)` runs in each first.

    The workers are forked at once (with fork, the first task starts every worker), with
    Ctrl-C and SIGTERM held meanwhile.
    """
    pool = WorkerPool(
        max_workers=workers, initializer=_start, initargs=(os.getpid(), initializer, args)
    )
    try:
        with held():
            # blocked in this thread while it forks, the signals stay blocked in each worker
            # until it has its own handlers
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
            try:
                pool.submit(int)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    except BaseException as error:  # a signal that waited: stop the pool, then raise it
        pool.__exit__(type(error), error, error.__traceback__)
        raise
    return pool


def _start(parent: int, initializer: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the kernel was told to tell us
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _stop)  # the parent's way to stop us
    in_worker()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)  # blocked by the parent while it forked
    if initializer is not None:
        initializer(*args)


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass


def _stop(signum: int, frame: FrameType | None) -> None:
    """In a worker: end the running task (its `finally` blocks run) and refuse the rest."""
    _worker.stopping = True
    if _worker.busy:
        raise Terminated


def _task(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """In a worker: one task, unless the pool is stopping."""
    if _worker.stopping:
        raise Terminated
    _worker.busy = True
    try:
        return fn(*args, **kwargs)
    finally:
        _worker.busy = False
