"""`render-video upload`, and the uploads of `batch --upload`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from renderer.errors import RendererError
from renderer.progress import Reporter, command_reporter
from renderer.upload import PRIVACY, UploadOptions, upload
from renderer.upload.request import EDUCATION

PRIVACY_HELP = (
    "Who can see the video: " + ", ".join(PRIVACY) + ". Private by default: check "
    "it on YouTube, then publish it there."
)
SECRETS_HELP = (
    "OAuth client secrets JSON of your Google Cloud project (a 'Desktop app' "
    "client), needed for the first upload only (README: Uploading)."
)
PrivacyOption = Annotated[str, typer.Option(help=PRIVACY_HELP)]
SecretsOption = Annotated[Path | None, typer.Option("--client-secrets", help=SECRETS_HELP)]
err = Console(stderr=True)


def upload_command(
    ctx: typer.Context,
    videos: Annotated[
        list[Path],
        typer.Argument(
            help="Rendered MP4s (output/<slug>.mp4), "
            "each with the .json render-video "
            "wrote beside it."
        ),
    ],
    privacy: PrivacyOption = "private",
    client_secrets: SecretsOption = None,
    category: Annotated[str, typer.Option(help="YouTube category id (27: Education).")] = EDUCATION,
    made_for_kids: Annotated[
        bool, typer.Option("--made-for-kids", help="Declare the videos made for children (COPPA).")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Upload even a render already on YouTube (as a new video), or one "
            "changed since it was uploaded.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Print what would be sent (metadata and files) and send nothing; "
            "needs no credentials.",
        ),
    ] = False,
) -> None:
    """Upload rendered videos to YouTube: title, description with chapters, tags, language
    and privacy from each render's .json, then its captions and thumbnail (none for a
    Short). A render already uploaded is not sent again (the record is <slug>.upload.json)."""
    options = UploadOptions(privacy, category, made_for_kids, client_secrets, force, dry_run)
    failed = upload_all(videos, options, command_reporter(err, ctx.obj), typer.echo)
    if failed:
        raise typer.Exit(1)


def upload_all(
    videos: list[Path], options: UploadOptions, reporter: Reporter, echo: Callable[[str], None]
) -> int:
    """Upload each video in turn; how many failed. A mistake (exit 2) stops at once, as
    does a used-up quota (the rest would fail the same way)."""
    from renderer.upload.auth import QuotaError, UploadError

    failed = 0
    for video in videos:
        try:
            outcome = upload(
                video,
                options,
                reporter,
                lambda text: err.print(text, highlight=False, markup=False),
            )
        except UploadError as exc:
            if len(videos) == 1 or isinstance(exc, QuotaError):
                raise
            err.print(f"{video}: {exc.render()}", highlight=False, markup=False)
            failed += 1
            continue
        except RendererError as exc:
            if len(videos) > 1:
                exc.message = f"{video}: {exc.message}"
            raise
        echo(
            outcome.message
            if outcome.status != "dry-run"
            else f"# {video}: nothing sent (--dry-run)\n{outcome.message}"
        )
    return failed
