"""The commands that render one article: `render` (the MP4 and its sidecars), `web` (the
player pages only) and `preview` (every slide state as a picture)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from renderer.article.po import ALL, catalogue_languages
from renderer.commands.base import ARTICLE_HELP, app, reporter, resolve_article, say
from renderer.commands.options import Options, render_options
from renderer.config import RenderConfig
from renderer.pipeline import preview, render, web
from renderer.plan import RenderPlan, make_plan
from renderer.validate import check_glyphs

log = logging.getLogger(__name__)


@app.command("render")
@render_options()
def render_command(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Afterwards, listen to the video and check its captions are on time "
            "with the voice (as `check --sync`); exit code 1 if they are not.",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks and engine logs.")] = False,
    *,
    options: Options,
) -> None:
    """Render ARTICLE to <out>/<slug>.mp4."""
    del debug  # read by main(), which handles errors
    progress = reporter(ctx)
    path = resolve_article(article)
    for config in each_language(path, options.config):
        plan = make_plan(path, config, progress)
        result = render(plan, progress)
        if config.web:
            say(f"Web player: {result.files['web']}{_in_language(plan)}")
        spec = plan.spec
        minutes, seconds = divmod(round(result.seconds), 60)
        say(f"Recording Complete ✅  {result.video}")
        say(
            f"  {minutes}:{seconds:02d} · {result.slides} slides · "
            f"{spec.width}x{spec.height} @ {float(spec.fps):g} fps · voice: {result.voice}"
            f" · language: {plan.language}"
        )
        if verify:
            _verify(result.video, result.files["captions_words"], config.narration)


def each_language(path: Path, config: RenderConfig) -> list[RenderConfig]:
    """The renders a command's --lang asks for: one, or with `--lang all` the article as
    written and then one per catalogue beside it."""
    if config.lang != ALL:
        return [config]
    languages = catalogue_languages(path)
    if not languages:
        log.warning(
            f"--lang all: no catalogue beside {path} (make one: render-video strings "
            f"{path} --to LANG); rendering the article as written"
        )
    return [config.with_options(lang=None)] + [config.with_options(lang=x) for x in languages]


def _in_language(plan: RenderPlan) -> str:
    """For a translation: how its address opens the player in it (every language shares
    the folder)."""
    if not plan.translation:
        return ""
    return f" (in {plan.language}: index.html?lang={plan.language}, or choose it in the player)"


def _verify(video: Path, captions: Path, narrated: bool) -> None:
    """`render --verify`: the sync check of the video just made."""
    from renderer.check import report
    from renderer.sync import check_sync, sync_results

    if not narrated:
        say("  --verify: nothing to hear (--no-narration); sync not checked")
        return
    results = sync_results(*check_sync(video, captions))
    for line in report(results):
        say(f"  {line}")
    if not all(r.ok for r in results):
        raise typer.Exit(1)


@app.command("web")
@render_options(omit={"web", "burn_captions", "caption_style"})
def web_command(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    *,
    options: Options,
) -> None:
    """Make ARTICLE's web player and Live Class pages, <out>/<slug>-web/, without the MP4
    (the same pictures, narration and timing as the video; open index.html from disk)."""
    progress = reporter(ctx)
    path = resolve_article(article)
    for config in each_language(path, options.config):
        plan = make_plan(path, config, progress)
        folder = web(plan, progress)
        say(f"Web player: {folder / 'index.html'}{_in_language(plan)}")
    say(f"Live Class: {folder / 'live.html'} (or press L in the player)")


@app.command("preview")
@render_options(
    only={"out_dir", "preset", "theme", "burn_captions", "caption_style", "jobs", "lang"},
    fixed={"narration": False},
)
def preview_command(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    *,
    options: Options,
) -> None:
    """Draw every slide state as PNG plus a contact sheet, without narration or encoding."""
    progress = reporter(ctx)
    plan = make_plan(resolve_article(article), options.config, progress, check=False)
    check_glyphs(plan.article, plan.article_path, plan.theme)  # not the length: no video
    folder, sheet, count = preview(plan, progress)
    say(f"{count} slide images in {folder}/")
    say(f"contact sheet: {sheet}")
