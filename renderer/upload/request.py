"""What an upload sends, read from a render's outputs. Pure: no network, no credentials.

A render writes `<slug>.json` (title, description with chapters, tags, language, whether it
is a Short, the inputs' fingerprint) and the sidecars beside `<slug>.mp4`; the upload sends
the MP4 with that metadata, then the SRT captions, then the thumbnail (not for a Short:
YouTube lets no custom thumbnail be set for one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renderer.errors import ConfigError
from renderer.outputs.metadata import read_metadata

PRIVACY = ("private", "unlisted", "public")
EDUCATION = "27"
"""YouTube's category id for Education (explainers)."""
MAX_BYTES = 256 * 1024**3
"""The largest file YouTube accepts (256 GB)."""
UNVERIFIED_SECONDS = 15 * 60
"""Longer videos need a verified account (youtube.com/verify)."""


@dataclass(frozen=True)
class UploadRequest:
    """Everything one upload sends: the video's resource and the files."""

    video: Path
    body: dict[str, Any]
    """The `videos.insert` resource: snippet (title, description, tags, category,
    languages) and status (privacy, made for kids)."""
    captions: Path | None
    thumbnail: Path | None
    """None for a Short, or when the render wrote none."""
    language: str
    inputs: str
    """The render's fingerprint (`<slug>.json`'s `inputs`): what the record compares."""
    seconds: float
    short: bool


def plan_upload(
    video: Path, privacy: str = "private", category: str = EDUCATION, made_for_kids: bool = False
) -> UploadRequest:
    """The request for a rendered MP4, from the metadata written beside it."""
    if privacy not in PRIVACY:
        raise ConfigError(f"--privacy must be one of {', '.join(PRIVACY)}, not '{privacy}'")
    if not video.is_file():
        raise ConfigError(
            f"{video}: no such video",
            hint="give the path of an MP4 render-video wrote (output/<slug>.mp4)",
        )
    meta_path = video.with_suffix(".json")
    try:
        meta = read_metadata(meta_path)
    except FileNotFoundError:
        raise ConfigError(
            f"{meta_path}: not found; an upload takes its title, description "
            "and tags from the metadata a render writes beside the MP4",
            hint=f"render the article again into {video.parent}",
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"{meta_path}: not a render's metadata ({exc})",
            hint="render the article again to rewrite it",
        ) from None
    size = video.stat().st_size
    if size > MAX_BYTES:
        raise ConfigError(f"{video} is {size / 1024**3:.0f} GB; YouTube takes at most 256 GB")
    language, short = meta.language or "en", meta.short
    srt, jpg = video.with_suffix(".srt"), video.with_suffix(".jpg")
    body = {
        "snippet": {
            "title": meta.title,
            "description": meta.description,
            "tags": list(meta.tags),
            "categoryId": category,
            "defaultLanguage": language,
            "defaultAudioLanguage": language,
        },
        "status": {"privacyStatus": privacy, "selfDeclaredMadeForKids": made_for_kids},
    }
    return UploadRequest(
        video,
        body,
        srt if srt.is_file() and srt.stat().st_size else None,
        jpg if jpg.is_file() and not short else None,
        language,
        meta.inputs,
        meta.duration_seconds,
        short,
    )


def describe(request: UploadRequest) -> str:
    """What would be sent, as `--dry-run` prints it."""

    def size(path: Path) -> str:
        n = path.stat().st_size
        return f"{path} ({n / 1e6:.1f} MB)" if n >= 1e6 else f"{path} ({n / 1e3:.1f} kB)"

    description = request.body["snippet"]["description"]
    shown = json.loads(json.dumps(request.body))  # the description below, as it reads
    shown["snippet"]["description"] = f"<{len(description.encode())} bytes, below>"
    lines = [
        "videos.insert (resumable upload)",
        f"  file: {size(request.video)}",
        "  resource:",
        *("    " + line for line in json.dumps(shown, indent=2, ensure_ascii=False).splitlines()),
        "  description:",
        *("    | " + line for line in description.splitlines()),
    ]
    if request.captions:
        lines += [
            "captions.insert",
            f"  file: {size(request.captions)}",
            f"  language: {request.language}",
        ]
    else:
        lines.append("captions.insert: skipped (no captions beside the video: a silent render)")
    if request.thumbnail:
        lines += ["thumbnails.set", f"  file: {size(request.thumbnail)}"]
    else:
        lines.append(
            "thumbnails.set: skipped ("
            + (
                "a Short: YouTube lets no custom thumbnail be set for one; its first frame shows"
                if request.short
                else "no thumbnail beside the video"
            )
            + ")"
        )
    if request.seconds > UNVERIFIED_SECONDS:
        lines.append(
            f"note: {request.seconds / 60:.0f} minutes; an account must be verified "
            "(youtube.com/verify) to upload videos over 15 minutes"
        )
    return "\n".join(lines)
