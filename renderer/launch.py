"""The `render-video` command's first lines. Loading the renderer takes a second or more on a
busy machine; Ctrl-C or SIGTERM meanwhile ends it quietly (exit 130 or 143, nothing has been
written yet), not with a traceback of whatever was being imported. `cli.main` then handles
both signals for the rest of the run (see `signals`)."""

from __future__ import annotations

import signal
from types import FrameType


def main() -> None:
    """`render-video`: handle the signals, then load the CLI and run it."""
    signal.signal(signal.SIGINT, _quit)
    signal.signal(signal.SIGTERM, _quit)
    from renderer.cli import main as run

    run()


def _quit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(130 if signum == signal.SIGINT else 143)
