"""Command line: `render-video ARTICLE` is short for `render-video render ARTICLE`; the
commands are registered on the app in renderer.commands. Errors become one message and an
exit code (a traceback only with --debug)."""

from __future__ import annotations

import logging
import sys
from typing import NoReturn

import typer

from renderer import __version__
from renderer.commands import app, command_names
from renderer.commands.base import err, say
from renderer.errors import INTERNAL_ERROR, RendererError, internal_error
from renderer.signals import SignalGuard, Terminated


def _version(value: bool) -> None:
    if value:
        say(f"render-video {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """render-video: articles in, narrated videos out."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: `render-video ARTICLE ...` is short for `render-video render ARTICLE ...`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in command_names() and not args[0].startswith("-"):
        args.insert(0, "render")
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    guard = SignalGuard()
    guard.install()  # clean up as for Ctrl-C, then exit 143
    try:
        code = app(args=args, prog_name="render-video", standalone_mode=False, obj=guard)
        if isinstance(code, int) and code:  # a command's typer.Exit(code), returned by click
            sys.exit(code)
    except RendererError as exc:
        if "--debug" in args:
            raise
        err.print(exc.render(), highlight=False, markup=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except Terminated:
        err.print("terminated: nothing half-written was left in the output folder", highlight=False)
        sys.exit(143)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        # Usage errors (Typer vendors its own click, so match them by what they offer)
        code = getattr(exc, "exit_code", None)
        if callable(getattr(exc, "show", None)) and isinstance(code, int):
            exc.show()  # type: ignore[attr-defined]
            sys.exit(code)
        if type(exc).__name__ == "Abort":  # Ctrl-C, as click reports it
            _interrupted()
        if "--debug" in args:
            raise
        err.print(internal_error(exc, __version__), highlight=False, markup=False, soft_wrap=True)
        sys.exit(INTERNAL_ERROR)


def _interrupted() -> NoReturn:
    err.print("interrupted: nothing half-written was left in the output folder", highlight=False)
    sys.exit(130)
