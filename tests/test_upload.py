"""Uploading to YouTube, against a local stand-in of the API (tests/youtube_standin.py):
a resumable upload that breaks and resumes, a 5xx retried, quota turned into a clear error,
captions and thumbnail received, the record that keeps a render from going up twice."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from renderer.cli import main
from renderer.config import YOUTUBE_ROOT_ENV as ROOT_ENV
from renderer.config import RenderConfig
from renderer.retry import RetryPolicy
from renderer.upload import UploadOptions, upload
from renderer.upload.auth import SCOPES, UploadError, consent_error, save_token, token_path
from renderer.upload.record import read_record, record_path
from renderer.upload.youtube import quota_reset

from .rendering import render_file
from .youtube_standin import StandIn, serve

ARTICLE = """\
title: Upload test
summary: A short video that goes to YouTube.
tags: [uploading, test]
sections:
  - title: First
    points: [It is rendered, It is uploaded]
"""
FAST = RetryPolicy(retries=3, delay=0.01)
CHUNK = 256 * 1024


def _render(folder: Path, size: tuple[int, int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / "upload-test.yaml"
    article.write_text(ARTICLE)
    result = render_file(
        article, RenderConfig(out_dir=folder / "out", size=size, cache_dir=folder / "cache")
    )
    return result.video


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real render (real voice, real encoder): the MP4 with its sidecars."""
    return _render(tmp_path_factory.mktemp("upload"), (640, 360))


@pytest.fixture
def video(rendered: Path, tmp_path: Path) -> Path:
    """A copy of the render's outputs in a folder of this test's own (its own record)."""
    for path in rendered.parent.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    return tmp_path / rendered.name


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """The stand-in, and a stored token for it (as after a first consent)."""
    state = StandIn()
    server, root = serve(state)
    monkeypatch.setenv(ROOT_ENV, root)
    monkeypatch.setenv("RENDER_VIDEO_CONFIG", str(tmp_path / "config"))
    token_path().parent.mkdir(parents=True)
    token_path().write_text(
        json.dumps(
            {
                "token": state.token,
                "refresh_token": "refresh-me",
                "client_id": "client",
                "client_secret": "secret",
                "token_uri": f"{root}/token",
                "scopes": SCOPES,
                "expiry": (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    )
    yield state
    server.shutdown()


def _run(args: list[str]) -> int:
    """The CLI's exit code."""
    try:
        main(args)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def _options(**changes: object) -> UploadOptions:
    return UploadOptions(**{"policy": FAST, "chunk": CHUNK, **changes})  # type: ignore[arg-type]


def test_dry_run_shows_what_would_be_sent_and_needs_no_credentials(
    video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RENDER_VIDEO_CONFIG", str(tmp_path / "no-config"))
    monkeypatch.setenv(ROOT_ENV, "http://127.0.0.1:9")  # nothing listens: nothing may be sent
    assert _run(["upload", str(video), "--dry-run", "--privacy", "unlisted"]) == 0
    printed = capsys.readouterr().out
    meta = json.loads(video.with_suffix(".json").read_text())
    assert "nothing sent (--dry-run)" in printed and "videos.insert" in printed
    assert '"title": "Upload test"' in printed and '"privacyStatus": "unlisted"' in printed
    assert all(f'"{tag}"' in printed for tag in meta["tags"])
    assert all(f"| {line}".rstrip() in printed for line in meta["description"].splitlines())
    assert f"captions.insert\n  file: {video.with_suffix('.srt')}" in printed
    assert f"thumbnails.set\n  file: {video.with_suffix('.jpg')}" in printed
    assert not record_path(video).exists() and not (tmp_path / "no-config").exists()


def test_a_broken_upload_resumes_and_everything_arrives(video: Path, api: StandIn) -> None:
    api.faults = {"chunk": ["drop", "503"]}  # the first chunk breaks, then a 5xx
    outcome = upload(video, _options(), say=lambda text: None)
    assert outcome.status == "uploaded"
    assert bytes(api.videos["s1"]) == video.read_bytes(), "every byte, once, in order"
    assert any(call.startswith("PUT /session/s1 bytes */") for call in api.calls), (
        "after the failure the client asked where the upload stood"
    )
    meta = json.loads(video.with_suffix(".json").read_text())
    snippet = api.resources[0]["snippet"]
    assert (snippet["title"], snippet["description"], snippet["tags"]) == (
        meta["title"],
        meta["description"],
        meta["tags"],
    )
    assert snippet["categoryId"] == "27" and snippet["defaultLanguage"] == meta["language"]
    assert api.resources[0]["status"]["privacyStatus"] == "private", "private by default"
    srt = video.with_suffix(".srt").read_bytes()
    assert len(api.captions) == 1 and srt in api.captions[0]
    assert b'"videoId": "video-s1"' in api.captions[0] and b'"language": "en"' in api.captions[0]
    assert api.thumbnails == [("video-s1", video.with_suffix(".jpg").read_bytes())]
    record = read_record(video)
    assert record is not None and record.video_id == "video-s1"
    assert record.captions == "caption-1" and record.thumbnail
    assert record.inputs == meta["inputs"] and record.url == "https://youtu.be/video-s1"


def test_a_second_run_sends_nothing_and_force_uploads_anew(video: Path, api: StandIn) -> None:
    upload(video, _options(), say=lambda text: None)
    sent = len(api.calls)
    again = upload(video, _options(), say=lambda text: None)
    assert again.status == "skipped" and "already on YouTube" in again.message
    assert len(api.calls) == sent, "nothing was sent"
    forced = upload(video, _options(force=True), say=lambda text: None)
    assert forced.status == "uploaded" and api.sessions == 2
    record = read_record(video)
    assert record is not None and record.video_id == "video-s2"
    assert record.earlier == ["video-s1"]


def test_a_changed_render_is_not_uploaded_unless_asked(video: Path, api: StandIn) -> None:
    upload(video, _options(), say=lambda text: None)
    meta_path = video.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "inputs": "a-new-render"}))
    sent = len(api.calls)
    changed = upload(video, _options(), say=lambda text: None)
    assert changed.status == "changed" and "--force" in changed.message
    assert len(api.calls) == sent


def test_quota_is_a_clear_error_and_nothing_is_recorded(
    video: Path, api: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    api.faults = {"insert": ["quota"]}
    with pytest.raises(SystemExit) as exit_:
        main(["upload", str(video)])
    assert exit_.value.code == 1
    printed = capsys.readouterr().err
    assert "daily API quota is used up" in printed and "midnight Pacific Time" in printed
    assert "Traceback" not in printed and api.token not in printed
    assert not record_path(video).exists()


def test_a_follow_up_that_failed_is_done_alone_next_time(video: Path, api: StandIn) -> None:
    api.faults = {"captions": ["quota"]}
    with pytest.raises(UploadError, match="quota"):
        upload(video, _options(), say=lambda text: None)
    record = read_record(video)
    assert record is not None and record.video_id == "video-s1" and record.captions is None
    done = upload(video, _options(), say=lambda text: None)
    assert done.status == "completed" and api.sessions == 1, "the video was not sent again"
    record = read_record(video)
    assert record is not None and record.captions and record.thumbnail


def test_network_down_retries_then_fails_clearly(
    video: Path, api: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ROOT_ENV, "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(UploadError, match="network failed") as error:
        upload(video, _options(), say=lambda text: None)
    assert "run the upload again" in (error.value.hint or "")
    assert not record_path(video).exists()


def test_a_5xx_on_the_session_is_retried(video: Path, api: StandIn) -> None:
    api.faults = {"insert": ["503", "503"]}
    assert upload(video, _options(), say=lambda text: None).status == "uploaded"
    assert [c for c in api.calls if c.startswith("POST /upload/youtube/v3/videos")] == [
        "POST /upload/youtube/v3/videos"
    ] * 3


def test_no_credentials_is_a_clear_mistake(
    video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RENDER_VIDEO_CONFIG", str(tmp_path / "empty"))
    with pytest.raises(SystemExit) as exit_:
        main(["upload", str(video)])
    assert exit_.value.code == 2
    printed = capsys.readouterr().err
    assert "--client-secrets" in printed and "Desktop app" in printed
    with pytest.raises(SystemExit) as exit_:
        main(["upload", str(video), "--client-secrets", str(tmp_path / "missing.json")])
    assert exit_.value.code == 2 and "no such client secrets file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["upload", str(tmp_path / "nothing.mp4")])
    assert exit_.value.code == 2 and "no such video" in capsys.readouterr().err


def test_an_expired_token_is_refreshed_and_kept_private(video: Path, api: StandIn) -> None:
    data = json.loads(token_path().read_text())
    data["expiry"] = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    token_path().write_text(json.dumps(data))
    assert upload(video, _options(), say=lambda text: None).status == "uploaded"
    assert api.refreshed == 1
    assert stat.S_IMODE(token_path().stat().st_mode) == 0o600
    assert json.loads(token_path().read_text())["token"] == api.token


def test_the_token_file_is_written_private(tmp_path: Path) -> None:
    from google.oauth2.credentials import Credentials

    path = save_token(
        Credentials(
            "secret-token",
            refresh_token="r",
            client_id="c",
            client_secret="s",
            token_uri="http://x/token",
        ),
        tmp_path / "deep" / "token.json",
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert json.loads(path.read_text())["token"] == "secret-token"
    assert [p.name for p in path.parent.iterdir()] == ["token.json"], "no temporary left"


def test_refused_consent_is_a_clear_error() -> None:
    from oauthlib.oauth2.rfc6749.errors import AccessDeniedError

    error = consent_error(AccessDeniedError(description="The user denied access"))
    assert error.exit_code == 1 and "consent was refused" in error.message
    assert "Traceback" not in error.render()


def test_quota_reset_is_next_midnight_pacific() -> None:
    assert quota_reset(datetime(2026, 12, 3, 7, 30, tzinfo=UTC)).endswith("(in 0 h 30 min)")
    assert quota_reset(datetime(2026, 7, 3, 8, 0, tzinfo=UTC)).endswith("(in 23 h 0 min)")


def test_a_short_gets_no_thumbnail_call(tmp_path: Path, api: StandIn) -> None:
    short = _render(tmp_path / "vertical", (360, 640))
    assert json.loads(short.with_suffix(".json").read_text())["short"] is True
    outcome = upload(short, _options(), say=lambda text: None)
    assert outcome.status == "uploaded" and api.thumbnails == []
    assert api.captions and not any("thumbnails" in call for call in api.calls)
    record = read_record(short)
    assert record is not None and not record.thumbnail
    assert upload(short, _options(), say=lambda text: None).status == "skipped"


def test_batch_uploads_each_video_once(
    tmp_path: Path, api: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "upload-test.yaml").write_text(ARTICLE)
    args = [
        "batch",
        str(folder),
        "-o",
        str(tmp_path / "out"),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--upload",
        "--privacy",
        "unlisted",
    ]
    assert _run(args) == 0
    assert api.sessions == 1 and api.resources[0]["status"]["privacyStatus"] == "unlisted"
    assert "-> https://youtu.be/video-s1 (unlisted)" in capsys.readouterr().out
    assert _run(args) == 0, "rendered and uploaded already: both skipped"
    assert api.sessions == 1 and "already on YouTube" in capsys.readouterr().out


def test_consent_refused_in_the_browser_uploads_nothing(
    video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real consent flow, with the browser's part played by a request to its local
    redirect address carrying the answer of a user who clicked Cancel."""
    import threading
    import urllib.request
    import webbrowser
    from urllib.parse import parse_qs, urlencode, urlparse

    monkeypatch.setenv("RENDER_VIDEO_CONFIG", str(tmp_path / "config"))
    secrets = tmp_path / "client_secret.json"
    secrets.write_text(
        json.dumps(
            {
                "installed": {
                    "client_id": "client",
                    "client_secret": "secret",
                    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                    "token_uri": "https://oauth2.googleapis.com/token",
                    "redirect_uris": ["http://localhost"],
                }
            }
        )
    )

    def cancel(url: str, *args: object, **kwargs: object) -> bool:
        asked = parse_qs(urlparse(url).query)
        answer = f"{asked['redirect_uri'][0]}?" + urlencode(
            {"error": "access_denied", "state": asked["state"][0]}
        )
        threading.Thread(
            target=lambda: urllib.request.urlopen(answer, timeout=10).read(), daemon=True
        ).start()
        return True

    class Browser:
        open = staticmethod(cancel)

    monkeypatch.setattr(webbrowser, "get", lambda *args: Browser())
    assert _run(["upload", str(video), "--client-secrets", str(secrets)]) == 1
    printed = capsys.readouterr().err
    assert "consent was refused" in printed and "Traceback" not in printed
    assert not token_path().exists() and not record_path(video).exists()


def test_a_used_up_quota_stops_a_run_of_uploads(video: Path, api: StandIn, tmp_path: Path) -> None:
    from renderer.progress import QuietReporter
    from renderer.upload.auth import QuotaError
    from renderer.upload.command import upload_all

    second = tmp_path / "second"
    second.mkdir()
    for path in video.parent.glob(f"{video.stem}.*"):
        shutil.copy(path, second / path.name)
    api.faults = {"insert": ["quota"]}
    with pytest.raises(QuotaError, match="quota is used up") as error:
        upload_all([video, second / video.name], _options(), QuietReporter(), print)
    assert "resets at midnight Pacific Time" in (error.value.hint or "")
    assert [c for c in api.calls if "videos" in c] == ["POST /upload/youtube/v3/videos"], (
        "the second video was not tried: it would fail the same way"
    )


def test_a_damaged_record_stops_rather_than_upload_twice(
    video: Path, api: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    record_path(video).write_text("{not json")
    assert _run(["upload", str(video)]) == 2
    assert "cannot be read" in capsys.readouterr().err and api.sessions == 0
    assert upload(video, _options(force=True), say=lambda text: None).status == "uploaded"
