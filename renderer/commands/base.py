"""What every command shares: the Typer app they are registered on, the consoles, the
progress bars, and finding the article a user names."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from renderer.article import ARTICLE_SUFFIXES
from renderer.config import PROJECT_ROOT
from renderer.progress import RichReporter, command_reporter

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="render-video turns an article (YAML or a Markdown page) into a narrated explainer "
    "video (MP4).\n\n"
    "Usage: render-video ARTICLE [OPTIONS]   (same as: render-video render ARTICLE)",
)
err = Console(stderr=True)
out = Console()
ARTICLE_HELP = "Article: a YAML file or a Markdown page (.md), by path or by name in articles/."


def reporter(ctx: typer.Context) -> RichReporter:
    """Progress bars checking the signals `cli.main` handles (ctx.obj is its guard)."""
    return command_reporter(err, ctx.obj)


def say(text: str) -> None:
    """One line to standard output, as written (no markup, no wrapping of paths)."""
    out.print(text, highlight=False, markup=False, soft_wrap=True)


def resolve_article(name: str) -> Path:
    """A path as given, else a file of that name in articles/ (its suffix, .yaml or .md,
    may be left off)."""
    path = Path(name)
    if path.exists():
        return path
    for candidate in (
        PROJECT_ROOT / "articles" / name,
        *(PROJECT_ROOT / "articles" / f"{name}{s}" for s in ARTICLE_SUFFIXES),
    ):
        if candidate.exists():
            return candidate
    return path
