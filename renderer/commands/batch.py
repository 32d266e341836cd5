"""The `batch` command: every article of a folder or catalogue, skipped when up to date,
retried when a failure is transient, reported at the end."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from renderer import batch
from renderer.batch_plan import jobs_for
from renderer.catalogue import Item, load_catalogue
from renderer.commands.base import app, err, reporter
from renderer.commands.options import Options, render_options
from renderer.errors import ConfigError
from renderer.upload import UploadOptions
from renderer.upload.command import PrivacyOption, SecretsOption, upload_all

MARKS = {"rendered": "✅", "skipped": "⏭️ ", "failed": "❌"}


@app.command("batch")
@render_options(omit={"jobs"})
def batch_command(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            help="A folder of articles (YAML files and Markdown "
            "pages), or a catalogue YAML (articles: [...], "
            "defaults: {...})."
        ),
    ],
    jobs: Annotated[
        int | None,
        typer.Option(
            help="CPU budget shared by articles rendered at once and the processes inside each "
            "(default: the core count)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Render even articles whose outputs are up to date.")
    ] = False,
    retries: Annotated[
        int,
        typer.Option(
            help="Retries of a transient failure (voice service, disk), with exponential backoff."
        ),
    ] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run the jobs on a Dask cluster at this address (tcp://host:8786) instead of "
            "here; workers need the same installation and this output folder."
        ),
    ] = None,
    upload: Annotated[
        bool,
        typer.Option(
            "--upload",
            help="Then upload each video to YouTube "
            "(see: render-video upload --help); "
            "one already up is not sent again.",
        ),
    ] = False,
    privacy: PrivacyOption = "private",
    client_secrets: SecretsOption = None,
    *,
    options: Options,
) -> None:
    """Render every article of a folder or catalogue: unchanged ones are skipped, failures are
    retried or reported in <out>/failed.json, and the batch goes on. Exit 1 if any failed.
    The options given here win over the catalogue's settings."""
    items = load_catalogue(source)
    if not items:
        raise ConfigError(f"{source}: no articles found", hint="add article files (*.yaml or *.md)")
    out_dir = options.config.out_dir
    outcomes, totals = run_batch(items, options, jobs, force, retries, scheduler)
    if totals["failed"]:
        typer.echo(f"failures: {out_dir / 'failed.json'}")
    videos = [Path(o.video) for o in outcomes if o.status != "failed" and o.video]
    if (
        upload
        and upload_all(
            videos, UploadOptions(privacy, client_secrets=client_secrets), reporter(ctx), typer.echo
        )
    ) or totals["failed"]:
        raise typer.Exit(1)


def run_batch(
    items: list[Item],
    options: Options,
    jobs: int | None,
    force: bool,
    retries: int,
    scheduler: str | None,
) -> tuple[list[batch.Outcome], dict[str, Any]]:
    """Render the items (skipping those up to date), a line each as it ends and a bar;
    the failures in <out>/failed.json, the totals printed."""
    out_dir = options.config.out_dir
    work = jobs_for(items, options.config, options.given, force=force, retries=retries)
    # the budget is shared by the jobs left once an article listed twice is rendered once
    parallel, inner = batch.budget(jobs or os.cpu_count() or 1, len(work))
    work = [job.sharing(inner) for job in work]
    where = f"on {scheduler}" if scheduler else f"{parallel} at a time x {inner} process(es) each"
    err.print(f"{len(work)} articles · {where}", highlight=False)
    start = time.monotonic()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("Batch", total=len(work))

        def done(outcome: batch.Outcome) -> None:
            line = (
                f"{MARKS[outcome.status]} {outcome.status:<8} {outcome.seconds:6.1f} s  "
                f"{outcome.article}"
            )
            if outcome.status == "failed":
                line += f"\n   at {outcome.stage}: {outcome.error.splitlines()[0]}"
            progress.console.print(line, highlight=False, markup=False, soft_wrap=True)
            progress.advance(task)

        outcomes = (
            batch.run_cluster(work, scheduler, done)
            if scheduler
            else batch.run_local(work, parallel, done)
        )
    batch.write_failures(outcomes, out_dir / "failed.json")
    totals = batch.summary(outcomes, time.monotonic() - start)
    typer.echo(batch.summary_table(totals))
    return outcomes, totals
