"""How stages report progress: a `Reporter` receives one stage at a time.

The CLI shows progress bars (cli.RichReporter), a batch job remembers the stage it is in for
its failure report, and library use and tests report nothing (`QuietReporter`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from renderer.signals import SignalGuard

Advance = Callable[[int], None]
"""Called with the amount of work just done."""


class Reporter(Protocol):
    """Receives progress: one `stage` per pipeline step, advanced as work is done."""

    def stage(self, name: str, total: int) -> AbstractContextManager[Advance]:
        """Context manager yielding `advance(n)`."""
        ...


class QuietReporter:
    """Reports nothing (library use and tests)."""

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        del name, total
        yield lambda n: None


STAGES = {
    "plan": "Recording shuru hone wali hai… 3 2 1",
    "slides": "Slides ban rahi hain",
    "voice": "Narration record ho rahi hai",
    "video": "Video process ho rahi hai…",
    "web": "Web player ban raha hai",
    "upload": "YouTube par upload ho raha hai (MB)",
}
"""Progress labels, named after the seed's recording flow."""


class RichReporter:
    """Progress bars on stderr, one per pipeline stage; each step first raises a signal
    whose exception was dropped (see SignalGuard)."""

    def __init__(self, console: Console, guard: SignalGuard | None = None) -> None:
        self.console = console
        self.guard = guard or SignalGuard()

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        columns = (
            TextColumn("{task.description:<38}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(
            *columns, console=self.console, transient=False, disable=not self.console.is_terminal
        ) as progress:
            task = progress.add_task(name, total=max(total, 1))

            def advance(n: int) -> None:
                self.guard.check()
                progress.advance(task, n)

            yield advance
            self.guard.check()
            progress.update(task, completed=max(total, 1))
        if not self.console.is_terminal:
            self.console.print(f"{name} ✓")


def command_reporter(console: Console, obj: object) -> RichReporter:
    """A command's progress bars, checking the signals the CLI's `main` handles (its guard
    is the click context's `obj`)."""
    return RichReporter(console, obj if isinstance(obj, SignalGuard) else None)
