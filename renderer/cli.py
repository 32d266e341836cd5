"""Command line: options -> RenderConfig -> plan -> pipeline; errors -> one message and an
exit code."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from renderer import __version__
from renderer.commands import (
    ARTICLE_HELP,
    PRESET_HELP,
    THEME_HELP,
    WEB_HELP,
    import_command,
    option_name,
    resolve_article,
    storyboard_command,
    validate_command,
    voices_command,
)
from renderer.config import CaptionStyle, RenderConfig, Transition, build
from renderer.errors import INTERNAL_ERROR, ArticleError, ConfigError, RendererError, internal_error
from renderer.pipeline import preview, render, web
from renderer.plan import make_plan
from renderer.presets import DEFAULT_PRESET
from renderer.progress import RichReporter, command_reporter
from renderer.signals import SignalGuard, Terminated
from renderer.upload import UploadOptions
from renderer.upload.command import PrivacyOption, SecretsOption, upload_all, upload_command
from renderer.validate import check_glyphs

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
OutDir = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
VoiceName = Annotated[str | None, typer.Option(
    help="Voice profile from voices/ (default: the article's voice, else 'joe').")]


def _reporter(ctx: typer.Context) -> RichReporter:
    """Progress bars checking the signals `main` handles (ctx.obj is its guard)."""
    return command_reporter(err, ctx.obj)


def _version(value: bool) -> None:
    if value:
        out.print(f"render-video {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """render-video: articles in, narrated videos out."""


@app.command("render")
def render_command(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    out_dir: OutDir = Path("output"),
    voice: VoiceName = None,
    no_narration: Annotated[bool, typer.Option(
        "--no-narration", help="Silent video with narration-length timing (fast preview).")]
        = False,
    preset: Annotated[str, typer.Option(help=PRESET_HELP)] = DEFAULT_PRESET,
    fps: Annotated[str, typer.Option(help="Frames per second, e.g. 30, 25 or 30000/1001.")]
        = "30",
    theme: Annotated[str | None, typer.Option(help=THEME_HELP)] = None,
    burn_captions: Annotated[bool, typer.Option(
        "--burn-captions", help="Also draw the captions into the video (for platforms that "
        "play muted without caption support). SRT, VTT and a soft track are always made.")]
        = False,
    caption_style: Annotated[CaptionStyle | None, typer.Option(
        help="How burned-in captions look (implies --burn-captions): phrase (the cue's lines) "
             "or karaoke (larger, the word being spoken highlighted as it is heard).")]
        = None,
    transition: Annotated[Transition | None, typer.Option(
        help="Between slides: crossfade (0.4 s dissolve), dip (fade through black), "
             "none (hard cut). Default: the theme's (crossfade in the bundled ones).")] = None,
    music: Annotated[Path | None, typer.Option(
        help="Background music (any audio file): looped or trimmed, faded, and ducked under "
             "the narration. Overrides the article's `music`.")] = None,
    allow_fallback: Annotated[bool, typer.Option(
        "--allow-fallback", help="If the --voice you named cannot speak (e.g. offline), use its "
        "fallback voice instead of stopping.")] = False,
    cache_dir: Annotated[Path | None, typer.Option(
        help="Narration cache folder (default: $RENDER_VIDEO_CACHE or ~/.cache/render-video).")]
        = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Synthesise all narration again, ignoring the cache.")] = False,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Afterwards, listen to the video and check its captions are on time "
        "with the voice (as `check --sync`); exit code 1 if they are not.")] = False,
    web: Annotated[bool, typer.Option("--web", help=WEB_HELP)] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks and engine logs.")] = False,
) -> None:
    """Render ARTICLE to <out>/<slug>.mp4."""
    del debug  # read by main(), which handles errors
    config: RenderConfig = build(
        RenderConfig, option_name, out_dir=out_dir, preset=preset, fps=fps, voice=voice,
        narration=not no_narration, theme=theme, allow_fallback=allow_fallback,
        cache_dir=cache_dir, use_cache=not no_cache, music=music, transition=transition,
        burn_captions=burn_captions, caption_style=caption_style, web=web)
    reporter = _reporter(ctx)
    result = render(make_plan(resolve_article(article), config, reporter), reporter)
    if web:
        out.print(f"Web player: {result.files['web']}", highlight=False, soft_wrap=True)
    spec = config.video
    minutes, seconds = divmod(round(result.seconds), 60)
    out.print(f"Recording Complete ✅  {result.video}")
    out.print(f"  {minutes}:{seconds:02d} · {result.slides} slides · "
              f"{spec.width}x{spec.height} @ {float(spec.fps):g} fps · voice: {result.voice}")
    if verify:
        _verify(result.video, result.files["captions_words"], config.narration)


def _verify(video: Path, captions: Path, narrated: bool) -> None:
    """`render --verify`: the sync check of the video just made."""
    from renderer.check import report
    from renderer.sync import check_sync, sync_results

    if not narrated:
        out.print("  --verify: nothing to hear (--no-narration); sync not checked")
        return
    results = sync_results(*check_sync(video, captions))
    for line in report(results):
        out.print(f"  {line}", highlight=False, soft_wrap=True)
    if not all(r.ok for r in results):
        raise typer.Exit(1)


@app.command("web")
def web_command(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    out_dir: OutDir = Path("output"),
    voice: VoiceName = None,
    preset: Annotated[str, typer.Option(help=PRESET_HELP)] = DEFAULT_PRESET,
    theme: Annotated[str | None, typer.Option(help=THEME_HELP)] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Cache folder (default: as render).")]
        = None,
) -> None:
    """Make ARTICLE's web player and Live Class pages, <out>/<slug>-web/, without the MP4
    (the same pictures, narration and timing as the video; open index.html from disk)."""
    config = build(RenderConfig, option_name, out_dir=out_dir, preset=preset, voice=voice,
                   theme=theme, cache_dir=cache_dir)
    reporter = _reporter(ctx)
    folder = web(make_plan(resolve_article(article), config, reporter), reporter)
    out.print(f"Web player: {folder / 'index.html'}", highlight=False, soft_wrap=True)
    out.print(f"Live Class: {folder / 'live.html'} (or press L in the player)",
              highlight=False, soft_wrap=True)


@app.command("preview")
def preview_command(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    out_dir: OutDir = Path("output"),
    preset: Annotated[str, typer.Option(help=PRESET_HELP)] = DEFAULT_PRESET,
    theme: Annotated[str | None, typer.Option(help=THEME_HELP)] = None,
) -> None:
    """Draw every slide state as PNG plus a contact sheet, without narration or encoding."""
    config = build(RenderConfig, option_name, out_dir=out_dir, preset=preset, theme=theme,
                   narration=False)
    reporter = _reporter(ctx)
    plan = make_plan(resolve_article(article), config, reporter, check=False)
    check_glyphs(plan.article, plan.article_path, plan.theme)  # not the length: no video
    folder, sheet, count = preview(plan, reporter)
    out.print(f"{count} slide images in {folder}/", highlight=False, soft_wrap=True)
    out.print(f"contact sheet: {sheet}", highlight=False, soft_wrap=True)


@app.command("batch")
def batch_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A folder of articles (YAML files and Markdown "
                                                "pages), or a catalogue YAML (articles: [...], "
                                                "defaults: {...}).")],
    out_dir: OutDir = Path("output"),
    jobs: Annotated[int | None, typer.Option(
        help="CPU budget shared by articles rendered at once and the processes inside each "
             "(default: the core count).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Render even articles whose outputs "
                                                        "are up to date.")] = False,
    preset: Annotated[str | None, typer.Option(help=PRESET_HELP)] = None,
    no_narration: Annotated[bool, typer.Option("--no-narration",
                                               help="Silent videos (quick layout runs).")]
        = False,
    retries: Annotated[int, typer.Option(help="Retries of a transient failure (voice service, "
                                              "disk), with exponential backoff.")] = 2,
    scheduler: Annotated[str | None, typer.Option(
        help="Run the jobs on a Dask cluster at this address (tcp://host:8786) instead of "
             "here; workers need the same installation and this output folder.")] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Cache folder (default: as render).")]
        = None,
    web: Annotated[bool, typer.Option("--web", help=WEB_HELP)] = False,
    upload: Annotated[bool, typer.Option("--upload", help="Then upload each video to YouTube "
                                                          "(see: render-video upload --help); "
                                                          "one already up is not sent again.")]
        = False,
    privacy: PrivacyOption = "private",
    client_secrets: SecretsOption = None,
) -> None:
    """Render every article of a folder or catalogue: unchanged ones are skipped, failures are
    retried or reported in <out>/failed.json, and the batch goes on. Exit 1 if any failed."""
    import dataclasses
    import os
    import time

    from renderer import batch

    items = batch.load_catalogue(source)
    if not items:
        raise ConfigError(f"{source}: no articles found", hint="add article files (*.yaml or *.md)")
    overrides: dict[str, object] = {"preset": preset} if preset else {}
    if no_narration:
        overrides["narration"] = False
    if web:
        overrides["web"] = True
    work = batch.jobs_for(items, out_dir, overrides, cache_dir, 1, force, retries)
    # the budget is shared by the jobs left once an article listed twice is rendered once
    parallel, inner = batch.budget(jobs or os.cpu_count() or 1, len(work))
    work = [dataclasses.replace(job, workers=inner) for job in work]
    where = f"on {scheduler}" if scheduler else \
        f"{parallel} at a time x {inner} process(es) each"
    err.print(f"{len(work)} articles · {where}", highlight=False)
    start = time.monotonic()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task("Batch", total=len(work))

        def done(outcome: batch.Outcome) -> None:
            mark = {"rendered": "✅", "skipped": "⏭️ ", "failed": "❌"}[outcome.status]
            line = f"{mark} {outcome.status:<8} {outcome.seconds:6.1f} s  {outcome.article}"
            if outcome.status == "failed":
                line += f"\n   at {outcome.stage}: {outcome.error.splitlines()[0]}"
            progress.console.print(line, highlight=False, markup=False, soft_wrap=True)
            progress.advance(task)

        outcomes = batch.run_cluster(work, scheduler, done) if scheduler else \
            batch.run_local(work, parallel, done)
    batch.write_failures(outcomes, out_dir / "failed.json")
    totals = batch.summary(outcomes, time.monotonic() - start)
    typer.echo(batch.summary_table(totals))
    if totals["failed"]:
        typer.echo(f"failures: {out_dir / 'failed.json'}")
    videos = [Path(o.video) for o in outcomes if o.status != "failed" and o.video]
    if (upload and upload_all(videos, UploadOptions(privacy, client_secrets=client_secrets),
                              _reporter(ctx), typer.echo)) or totals["failed"]:
        raise typer.Exit(1)


@app.command("check")
def check_command(
    video: Annotated[Path, typer.Argument(help="Any MP4 file (ours or not).")],
    preset: Annotated[str, typer.Option(help=PRESET_HELP)] = DEFAULT_PRESET,
    sync: Annotated[bool, typer.Option(
        "--sync", help="Also measure whether the captions are on time with the voice: speech "
        "found by a voice-activity detector, matched to caption and word starts; reports the "
        "median and largest offset and the drift per minute.")] = False,
    captions: Annotated[Path | None, typer.Option(
        help="Captions to check --sync against (.vtt or .srt; default: <video>.words.vtt, "
             "<video>.vtt or .srt beside it, else the video's own text track).")] = None,
    threshold: Annotated[float, typer.Option(
        min=1, help="--sync passes when the median offset and the drift over the video are "
                    "within this many milliseconds.")] = 100.0,
) -> None:
    """Check an MP4 against a platform's upload settings: one line per property, PASS or
    FAIL with the value found; exit code 1 if anything fails."""
    from renderer.check import check, report
    from renderer.presets import get_preset

    results = check(video, get_preset(preset))
    if sync:
        from renderer.sync import check_sync, sync_results

        results += sync_results(*check_sync(video, captions, threshold))
    for line in report(results):
        out.print(line, highlight=False, soft_wrap=True)
    failed = sum(not r.ok for r in results)
    out.print(f"{video}: " + (f"{failed} of {len(results)} checks failed" if failed
                              else f"all {len(results)} checks passed for {preset}"),
              highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


cache_app = typer.Typer(help="The render cache: narration, slide images, encoded audio and "
                             "video kept between renders.",
                        no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(
    cache_dir: Annotated[Path | None, typer.Option(help="Cache folder (default: as render).")]
        = None,
) -> None:
    """Where the cache is, how many entries it holds and its size."""
    from renderer.store import default_cache_dir, store_stats

    stats = store_stats(cache_dir or default_cache_dir())
    typer.echo(f"location: {stats.root}")
    typer.echo(f"entries:  {stats.entries} (sentences, slide images, encoded video and audio)")
    typer.echo(f"size:     {stats.bytes / 1e6:.1f} MB")


@cache_app.command("clear")
def cache_clear(
    cache_dir: Annotated[Path | None, typer.Option(help="Cache folder (default: as render).")]
        = None,
) -> None:
    """Delete every cache entry (the next render makes everything again)."""
    from renderer.store import clear_store, default_cache_dir

    root = cache_dir or default_cache_dir()
    typer.echo(f"removed {clear_store(root)} cache entries from {root}")


app.command("validate")(validate_command)
app.command("storyboard")(storyboard_command)
app.command("import")(import_command)
app.command("voices")(voices_command)
app.command("upload")(upload_command)

COMMANDS = {"render", "preview", "storyboard", "batch", "validate", "check", "voices",
            "cache", "import", "web", "upload"}


def main(argv: list[str] | None = None) -> None:
    """Entry point: `render-video ARTICLE ...` is short for `render-video render ARTICLE ...`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in COMMANDS and not args[0].startswith("-"):
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
        err.print("interrupted: nothing half-written was left in the output folder",
                  highlight=False)
        sys.exit(130)
    except Terminated:
        err.print("terminated: nothing half-written was left in the output folder",
                  highlight=False)
        sys.exit(143)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        # Usage errors (Typer vendors its own click, so match them by what they offer)
        code = getattr(exc, "exit_code", None)
        if callable(getattr(exc, "show", None)) and isinstance(code, int):
            exc.show()  # type: ignore[attr-defined]
            sys.exit(code)
        if type(exc).__name__ == "Abort":
            sys.exit(130)
        if "--debug" in args:
            raise
        err.print(internal_error(exc, __version__), highlight=False, markup=False,
                  soft_wrap=True)
        sys.exit(INTERNAL_ERROR)


__all__ = ["ArticleError", "app", "main"]
