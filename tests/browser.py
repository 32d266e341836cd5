"""Test helpers for the web pages: the system Chromium driven by Playwright, and local HTTP
servers of both kinds a folder meets: one that answers Range requests (a browser seeks media
with them) and Python's own `http.server`, which ignores them (`python3 -m http.server`)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--auto-accept-this-tab-capture",
]


def needs_chromium() -> pytest.MarkDecorator:
    """Skip (saying why) where Debian's chromium or Playwright is missing. Not in CI
    (CI=true), which installs chromium first: there a missing browser fails the tests."""
    try:
        import playwright.sync_api  # noqa: F401

        missing = "" if CHROMIUM else "no chromium (apt-get install chromium; .ci/run does)"
    except ImportError:
        missing = "playwright is not installed (pip install -e '.[test]')"
    if missing and os.environ.get("CI") != "true":
        return pytest.mark.skip(reason=missing)
    return pytest.mark.browser


class _PlainHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as `python3 -m http.server` sends them: whole (200), Range ignored."""

    def log_message(self, format: str, *args: object) -> None:
        del format, args


class _GatedHandler(_PlainHandler):
    """As `_PlainHandler`, but a request for the narration that asks for no Range (a script's
    fetch, not the media element's own request) waits until `gate` is set."""

    gate = threading.Event()

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.path.endswith(".m4a") and "Range" not in self.headers:
            self.gate.wait(30)
        return super().send_head()


class _RangeHandler(_PlainHandler):
    """Static files, with single byte ranges (206) as browsers ask for media."""

    def send_head(self):  # type: ignore[no-untyped-def]
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start = int(match[1]) if match[1] else max(0, size - int(match[2] or 0))
        end = min(size - 1, int(match[2])) if match[1] and match[2] else size - 1
        if start >= size:
            self.send_error(416)
            return None
        handle = open(path, "rb")  # closed by copyfile's caller
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return _Limited(handle, end - start + 1)


class _Limited:
    """A file read up to a number of bytes (what `copyfile` sends for a range)."""

    def __init__(self, handle, left: int) -> None:  # type: ignore[no-untyped-def]
        self.handle, self.left = handle, left

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


class _Server(http.server.ThreadingHTTPServer):
    """Quiet when a browser hangs up in the middle of a file (a page closed while its
    narration was loading, or a media element that had enough of a stream)."""

    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path, ranges: bool = True, gate: threading.Event | None = None) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1, answering Range requests or (`ranges=False`) ignoring
    them as `python3 -m http.server` does; yields its base URL. With `gate` (and no ranges),
    a fetch of the narration is held until the gate is set."""
    kind: type[_PlainHandler] = _RangeHandler if ranges else _PlainHandler
    if gate is not None and not ranges:
        kind = type("_Gated", (_GatedHandler,), {"gate": gate})
    handler = functools.partial(kind, directory=os.fspath(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


WAYS = ("file", "ranges", "plain")
"""The ways a web export is opened: from disk, from a server that answers Range requests,
from one that does not (`python3 -m http.server`)."""


@contextlib.contextmanager
def hosted(folder: Path, way: str) -> Iterator[str]:
    """The base URL (ending in `/`) of `folder` opened one of the `WAYS`."""
    if way == "file":
        yield folder.as_uri() + "/"
        return
    with serve(folder, ranges=way == "ranges") as base:
        yield base


def open_page(browser: Any, url: str) -> Any:
    """A page in a context of its own, its script errors and dialogs kept in `page.errors`."""
    context = browser.new_context(viewport={"width": 1280, "height": 760}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "dialog", lambda dialog: (page.errors.append(f"dialog {dialog.message}"), dialog.dismiss())
    )
    page.goto(url)
    wait_until(page, "window.renderVideo || window.renderVideoLive || window.renderVideoSite")
    return page


def wait_until(page: Any, expression: str, seconds: float = 5) -> None:
    """Poll a JavaScript expression until it is true (the pages' Content-Security-Policy
    forbids the string evaluation Playwright's own `wait_for_function` polls with)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds} s: {expression}")
        time.sleep(0.05)


def stage(page: Any) -> dict[str, str]:
    """What the player shows: its stage's `data-` attributes (slide, step, frame, picture)."""
    return dict(page.evaluate("() => ({...document.getElementById('stage').dataset})"))


def narration_at(page: Any, seconds: float) -> None:
    """Wait until the narration itself (not only the picture) is at `seconds`."""
    wait_until(
        page, f"Math.abs(document.getElementById('narration').currentTime - {seconds}) < 0.01"
    )


def page_data(folder: Path, lang: str | None = None) -> dict[str, Any]:
    """The data a web export's player reads (its timeline, cues, pictures) for a language
    (the first the page holds unless named)."""
    import json

    html = (folder / "index.html").read_text(encoding="utf-8")
    found = re.findall(
        r'<script type="application/json" class="page-data" data-lang="([^"]+)">(.*?)</script>',
        html,
        re.S,
    )
    assert found
    return dict(json.loads(next(text for code, text in found if lang in (None, code))))
