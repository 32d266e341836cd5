"""Test helpers for the web pages: the system Chromium driven by Playwright, and a local
HTTP server that answers Range requests (a browser seeks audio with them; Python's own
`http.server` ignores them)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic",
        "--autoplay-policy=no-user-gesture-required", "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream", "--auto-accept-this-tab-capture"]


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


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with single byte ranges (206) as browsers ask for media."""

    def log_message(self, format: str, *args: object) -> None:
        del format, args

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


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_RangeHandler, directory=os.fspath(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
