"""Upload a render to YouTube: the last step of the user's day.

request.py (what is sent, from the render's `<slug>.json`), record.py (`<slug>.upload.json`:
what is already on YouTube), auth.py (consent and the private token), youtube.py (the API
calls, retries and errors). `upload` only orchestrates: read the request, decide from the
record, sign in, send what is missing, record each step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from renderer.progress import STAGES, QuietReporter, Reporter
from renderer.retry import RetryPolicy
from renderer.upload.auth import UploadError, credentials
from renderer.upload.record import (
    Next,
    UploadRecord,
    new_record,
    next_step,
    read_record,
    with_captions,
    with_thumbnail,
    write_record,
)
from renderer.upload.request import (
    EDUCATION,
    PRIVACY,
    UNVERIFIED_SECONDS,
    describe,
    plan_upload,
)
from renderer.upload.youtube import (
    CHUNK,
    POLICY,
    insert_captions,
    insert_video,
    service,
    set_thumbnail,
)


@dataclass(frozen=True)
class UploadOptions:
    privacy: str = "private"
    category: str = EDUCATION
    made_for_kids: bool = False
    client_secrets: Path | None = None
    force: bool = False
    """Upload again, as a new video, even if this render (or an earlier one) is up."""
    dry_run: bool = False
    policy: RetryPolicy = POLICY
    chunk: int = CHUNK
    """Bytes a request of the resumable upload carries."""


@dataclass(frozen=True)
class UploadOutcome:
    status: str
    """uploaded, completed (follow-ups of an earlier upload), skipped, changed or dry-run."""
    message: str
    record: UploadRecord | None = None


def upload(
    video: Path,
    options: UploadOptions,
    reporter: Reporter | None = None,
    say: Callable[[str], None] = print,
) -> UploadOutcome:
    """Upload one rendered MP4 with its metadata, captions and thumbnail, once."""
    reporter = reporter or QuietReporter()
    request = plan_upload(video, options.privacy, options.category, options.made_for_kids)
    if options.dry_run:
        return UploadOutcome("dry-run", describe(request))
    record = read_record(video, options.force)
    step = next_step(
        record,
        request.inputs,
        request.captions is not None,
        request.thumbnail is not None,
        options.force,
    )
    if step is Next.DONE and record:
        return UploadOutcome(
            "skipped",
            f"{video.name} is already on YouTube: {record.url} "
            f"(uploaded {record.uploaded_at}); --force uploads it again as a "
            "new video",
            record,
        )
    if step is Next.CHANGED and record:
        return UploadOutcome(
            "changed",
            f"{video.name} was rendered again since it was "
            f"uploaded as {record.url}; nothing sent. --force uploads this "
            "render as a new video",
            record,
        )
    youtube = service(credentials(options.client_secrets, say))
    if step is Next.UPLOAD and request.seconds > UNVERIFIED_SECONDS:
        say(
            f"note: {video.name} lasts {request.seconds / 60:.0f} minutes; YouTube takes "
            "videos over 15 minutes only from verified accounts (youtube.com/verify)"
        )
    if step is Next.UPLOAD or record is None:
        size = video.stat().st_size
        with reporter.stage(STAGES["upload"], -(-size // 1_000_000)) as advance:
            video_id = insert_video(
                youtube, video, request.body, _in_mb(advance), options.policy, options.chunk
            )
        record = new_record(video_id, request.inputs, options.privacy, record)
        write_record(video, record)
    if request.captions and not record.captions:
        record = with_captions(
            record,
            insert_captions(
                youtube, record.video_id, request.captions, request.language, options.policy
            ),
        )
        write_record(video, record)
    if request.thumbnail and not record.thumbnail:
        set_thumbnail(youtube, record.video_id, request.thumbnail, options.policy)
        record = with_thumbnail(record)
        write_record(video, record)
    done = "uploaded" if step is Next.UPLOAD else "completed"
    return UploadOutcome(done, f"{video.name} -> {record.url} ({record.privacy})", record)


def _in_mb(advance: Callable[[int], None]) -> Callable[[int], None]:
    """`advance` in whole megabytes, fed bytes."""
    sent = [0, 0]  # bytes, megabytes reported

    def feed(n: int) -> None:
        sent[0] += n
        whole = sent[0] // 1_000_000
        if whole > sent[1]:
            advance(whole - sent[1])
            sent[1] = whole

    return feed


__all__ = ["PRIVACY", "UploadError", "UploadOptions", "UploadOutcome", "upload"]
