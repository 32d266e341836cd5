"""The record of an upload, beside the render: `<slug>.upload.json`. Pure but for its file.

It says which YouTube video a render became (id, link, when, privacy) and which of the
follow-up calls (captions, thumbnail) are done, with the render's fingerprint, so running the
upload again sends nothing twice: the same render is not uploaded again, a follow-up that
failed is retried alone, and a render changed since is uploaded only with `--force`. It is
written whole (renamed into place), after the video is on YouTube and after each follow-up.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from renderer.atomic import write_text
from renderer.errors import ConfigError


@dataclass(frozen=True)
class UploadRecord:
    video_id: str
    url: str
    inputs: str
    """The render's fingerprint when it was uploaded."""
    uploaded_at: str
    privacy: str
    captions: str | None = None
    """The caption track's id, once inserted."""
    thumbnail: bool = False
    """Whether the thumbnail is set."""
    earlier: list[str] = field(default_factory=list)
    """Videos uploaded from this render's earlier versions (with --force)."""


class Next(StrEnum):
    """What an upload run does, given the record."""

    UPLOAD = "upload"
    """No record, or --force: the video and everything after it."""
    FOLLOW_UP = "follow-up"
    """The video is up; captions or thumbnail are not: those alone."""
    DONE = "done"
    CHANGED = "changed"
    """The render changed since it was uploaded: nothing, unless --force."""


def record_path(video: Path) -> Path:
    return video.with_suffix(".upload.json")


def read_record(video: Path, force: bool = False) -> UploadRecord | None:
    """The record beside a video, or None if there is none. A damaged one is a mistake to
    look at (the video may be on YouTube already), unless `force` uploads anew anyway."""
    path = record_path(video)
    if not path.exists():
        return None
    try:
        return UploadRecord(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        if force:
            return None
        raise ConfigError(
            f"{path}: the upload record cannot be read ({exc})",
            hint="the video may be on YouTube already: check the channel, then "
            "delete the record, or pass --force to upload it as a new "
            "video",
        ) from None


def write_record(video: Path, record: UploadRecord) -> None:
    write_text(record_path(video), json.dumps(asdict(record), indent=2) + "\n")


def next_step(
    record: UploadRecord | None, inputs: str, want_captions: bool, want_thumbnail: bool, force: bool
) -> Next:
    if record is None or force:
        return Next.UPLOAD
    if record.inputs != inputs:
        return Next.CHANGED
    if (want_captions and not record.captions) or (want_thumbnail and not record.thumbnail):
        return Next.FOLLOW_UP
    return Next.DONE


def new_record(
    video_id: str, inputs: str, privacy: str, before: UploadRecord | None
) -> UploadRecord:
    """The record of a video just uploaded (keeping the ids of earlier uploads)."""
    earlier = [*before.earlier, before.video_id] if before else []
    return UploadRecord(
        video_id,
        f"https://youtu.be/{video_id}",
        inputs,
        datetime.now(UTC).isoformat(timespec="seconds"),
        privacy,
        earlier=earlier,
    )


def with_captions(record: UploadRecord, caption_id: str) -> UploadRecord:
    return replace(record, captions=caption_id)


def with_thumbnail(record: UploadRecord) -> UploadRecord:
    return replace(record, thumbnail=True)
