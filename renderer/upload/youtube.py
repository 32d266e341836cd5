"""The YouTube Data API v3 calls of an upload, through Google's client.

The client is built from the discovery document google-api-python-client ships (nothing is
fetched to learn the API). `$RENDER_VIDEO_YOUTUBE_ROOT` points it at another root address:
the tests' local stand-in of the API. The video goes up in resumable chunks; a chunk that
fails for a transient reason (the network, a 5xx, a rate limit) is retried with backoff and
the upload resumes where the server says it stopped. The errors a user can act on (quota,
limits, consent) become one clear message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renderer.config import youtube_root
from renderer.retry import RetryPolicy
from renderer.upload.auth import QuotaError, UploadError

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

CHUNK = 8 * 1024 * 1024
"""Bytes a request of the resumable upload carries (a multiple of 256 KiB)."""
POLICY = RetryPolicy(retries=5, delay=2.0)
"""A chunk is tried 6 times over about a minute before the upload gives up."""


def service(credentials: Credentials) -> Any:
    """A YouTube client built from the shipped discovery document."""
    import google_auth_httplib2
    from googleapiclient.discovery import build_from_document
    from googleapiclient.http import build_http

    document = json.loads(
        files("googleapiclient.discovery_cache")
        .joinpath("documents/youtube.v3.json")
        .read_text(encoding="utf-8")
    )
    root = youtube_root()
    if root:
        document["rootUrl"] = document["mtlsRootUrl"] = root.rstrip("/") + "/"
    http = google_auth_httplib2.AuthorizedHttp(credentials, http=build_http())  # 308: resume
    return build_from_document(document, http=http)


def transient(exc: BaseException) -> bool:
    """A failure worth trying again: the network, a server error, a rate limit."""
    import httplib2
    from google.auth.exceptions import TransportError
    from googleapiclient.errors import HttpError

    if isinstance(exc, HttpError):
        return (
            exc.resp.status >= 500
            or exc.resp.status == 429
            or _reason(exc) in ("rateLimitExceeded", "userRateLimitExceeded", "backendError")
        )
    return isinstance(exc, OSError | httplib2.HttpLib2Error | TransportError)


def insert_video(
    youtube: Any,
    path: Path,
    body: dict[str, Any],
    advance: Callable[[int], None],
    policy: RetryPolicy = POLICY,
    chunk: int = CHUNK,
) -> str:
    """Upload the video in resumable chunks; its new id. `advance(n)` gets bytes sent."""
    from googleapiclient.http import MediaFileUpload

    media = MediaFileUpload(str(path), mimetype="video/mp4", chunksize=chunk, resumable=True)
    request = youtube.videos().insert(part="snippet,status", body=body, media_body=media)
    response, sent = None, 0
    while response is None:
        status, response = _call(
            lambda: request.next_chunk(num_retries=0), policy, "uploading the video"
        )
        done = status.resumable_progress if status else media.size()
        advance(max(0, done - sent))
        sent = max(sent, done)
    advance(max(0, media.size() - sent))
    return str(response["id"])


def insert_captions(
    youtube: Any, video_id: str, path: Path, language: str, policy: RetryPolicy = POLICY
) -> str:
    """Add the SRT as the video's caption track in `language`; the track's id."""
    from googleapiclient.http import MediaFileUpload

    body = {"snippet": {"videoId": video_id, "language": language, "name": "", "isDraft": False}}
    media = MediaFileUpload(str(path), mimetype="application/octet-stream", resumable=False)
    response = _call(
        lambda: (
            youtube.captions()
            .insert(part="snippet", body=body, media_body=media)
            .execute(num_retries=0)
        ),
        policy,
        "adding the captions",
    )
    return str(response["id"])


def set_thumbnail(youtube: Any, video_id: str, path: Path, policy: RetryPolicy = POLICY) -> None:
    from googleapiclient.http import MediaFileUpload

    media = MediaFileUpload(str(path), mimetype="image/jpeg", resumable=False)
    _call(
        lambda: youtube.thumbnails().set(videoId=video_id, media_body=media).execute(num_retries=0),
        policy,
        "setting the thumbnail",
    )


def _call(attempt: Callable[[], Any], policy: RetryPolicy, doing: str) -> Any:
    """`attempt()` with retries of transient failures; other failures as clear errors."""
    try:
        return policy.run(attempt, transient)
    except UploadError:
        raise
    except Exception as exc:
        raise api_error(exc, doing) from None


def api_error(exc: Exception, doing: str) -> UploadError:
    """What a failed call means to the user."""
    from googleapiclient.errors import HttpError

    if not isinstance(exc, HttpError):
        if transient(exc):
            return UploadError(
                f"the network failed while {doing} and did not come back "
                f"after retries ({type(exc).__name__}: {exc})",
                hint="check the connection and run the upload again: a video "
                "already on YouTube is not sent twice",
            )
        raise exc
    reason, status = _reason(exc), exc.resp.status
    if reason in ("quotaExceeded", "dailyLimitExceeded"):
        return QuotaError(
            f"YouTube's daily API quota is used up ({doing})",
            hint=f"it resets at midnight Pacific Time, {quota_reset()}; "
            "the run will pick up where it stopped",
        )
    if reason == "uploadLimitExceeded":
        return UploadError(
            "this channel has reached YouTube's limit of uploads for now",
            hint="try again in 24 hours",
        )
    if status == 413 or reason in ("mediaBodyTooLarge", "fileTooLarge"):
        return UploadError(
            f"YouTube refused the file as too large ({doing})",
            hint="YouTube takes files up to 256 GB",
        )
    if reason in ("invalidVideoMetadata", "invalidTitle", "invalidDescription", "invalidTags"):
        return UploadError(
            f"YouTube refused the video's metadata: {_message(exc)}",
            hint="edit the article (title, summary, tags) and render again",
        )
    if status in (401, 403) and reason in (
        "forbidden",
        "insufficientPermissions",
        "authError",
        "unauthorized",
        "",
    ):
        return UploadError(
            f"YouTube refused the upload ({status}): {_message(exc)}",
            hint="the account may need to be verified (youtube.com/verify) "
            "for videos over 15 minutes or custom thumbnails, or the "
            "token lacks a permission: delete it and sign in again",
        )
    return UploadError(f"YouTube answered {status} while {doing}: {_message(exc)}")


def quota_reset(now: datetime | None = None) -> str:
    """When the next midnight Pacific Time is, in the user's local time and from now."""
    from datetime import UTC

    try:
        from zoneinfo import ZoneInfo

        pacific: Any = ZoneInfo("America/Los_Angeles")
    except Exception:  # no time zone database: Pacific Standard Time
        from datetime import timezone

        pacific = timezone(timedelta(hours=-8))
    now = now or datetime.now(UTC)
    local = now.astimezone(pacific)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    left = midnight - local
    hours, minutes = divmod(int(left.total_seconds()) // 60, 60)
    return f"{midnight.astimezone().strftime('%Y-%m-%d %H:%M %Z')} (in {hours} h {minutes} min)"


def _payload(exc: Any) -> dict[str, Any]:
    try:
        data = json.loads(exc.content.decode("utf-8"))
        return data.get("error", {}) if isinstance(data, dict) else {}
    except (ValueError, AttributeError):
        return {}


def _reason(exc: Any) -> str:
    errors = _payload(exc).get("errors") or [{}]
    return str(errors[0].get("reason", ""))


def _message(exc: Any) -> str:
    return str(_payload(exc).get("message") or getattr(exc, "reason", "") or exc)
