"""The studio's local web server (the standard library's threading HTTP server: a page, its
two files, a few JSON and file routes and one Server-Sent Events stream; nothing here needs
an ASGI stack).

Safe on a shared machine: it listens on loopback unless told otherwise; every request
carries the session's token (in the page's address, then a same-site cookie; the Render
button's POST also in a header, so another site cannot post to it); it serves only its page,
the pictures and pages the studio made and the video it rendered, each path resolved and
kept inside its folder (no `..`, no absolute path, no symlink out: 404).
"""

from __future__ import annotations

import json
import mimetypes
import queue
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

COOKIE = "rv_studio"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "media-src 'self' blob:; frame-src 'self'; connect-src 'self'; font-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
STATIC = {"studio.js": "text/javascript", "studio.css": "text/css"}
PICTURE = re.compile(r"[0-9a-f]{24}\.png")
SOUND = re.compile(r"[0-9a-f]{24}\.wav")


class Hub:
    """Server-Sent Events: every open page gets each event."""

    def __init__(self) -> None:
        self.queues: list[queue.Queue[str | None]] = []
        self.lock = threading.Lock()

    def publish(self, event: str, data: Any) -> None:
        message = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        with self.lock:
            for waiting in self.queues:
                waiting.put(message)

    @contextmanager
    def listen(self) -> Iterator[queue.Queue[str | None]]:
        mine: queue.Queue[str | None] = queue.Queue()
        with self.lock:
            self.queues.append(mine)
        try:
            yield mine
        finally:
            with self.lock:
                self.queues.remove(mine)

    def close(self) -> None:
        with self.lock:
            for waiting in self.queues:
                waiting.put(None)


class Site:
    """What the server serves and does: set by the command."""

    def __init__(
        self,
        folder: Path,
        state: Callable[[], dict[str, Any]],
        render: Callable[[], str],
        token: str | None = None,
    ) -> None:
        self.folder = folder
        """The studio's folder: pictures/ and web/ are served from it."""
        self.state = state
        self.render = render
        """Asks for a render; says "started", "queued" or why not."""
        self.token = token or secrets.token_urlsafe(24)
        self.hub = Hub()
        self.video: Path | None = None
        """The last rendered video, served at /video."""


def serve(site: Site, host: str, port: int) -> ThreadingHTTPServer:
    """A server for `site`, listening (run `serve_forever` on it)."""
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


class _Handler(BaseHTTPRequestHandler):
    site: Site
    server_version = "render-video-studio"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the page is the log
        del format, args

    def do_GET(self) -> None:
        path, query = self._route()
        if path == "/" and query.get("token") == [self.site.token]:
            self._page()
        elif not self._allowed(query):
            self._refuse(HTTPStatus.FORBIDDEN, "open the address render-video studio printed")
        elif path == "/state":
            self._send(
                json.dumps(self.site.state(), ensure_ascii=False).encode(), "application/json"
            )
        elif path == "/events":
            self._events()
        elif path.startswith("/static/") and path[8:] in STATIC:
            static = resources.files("renderer.studio") / "static" / path[8:]
            self._send(static.read_bytes(), STATIC[path[8:]])
        elif path.startswith("/pictures/") and PICTURE.fullmatch(path[10:]):
            self._file(self.site.folder / "pictures", path[10:])
        elif path.startswith("/sounds/") and SOUND.fullmatch(path[8:]):
            self._file(self.site.folder / "sounds", path[8:])
        elif path.startswith("/web/"):
            self._file(self.site.folder / "web", path[5:])
        elif path == "/video" and self.site.video is not None:
            self._file(self.site.video.parent, self.site.video.name)
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self) -> None:
        path, query = self._route()
        if not self._allowed(query) or self.headers.get("X-Studio-Token") != self.site.token:
            self._refuse(HTTPStatus.FORBIDDEN, "not this session's page")
        elif path == "/render":
            self._send(json.dumps({"render": self.site.render()}).encode(), "application/json")
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "not found")

    def _route(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        return unquote(parts.path), parse_qs(parts.query)

    def _allowed(self, query: dict[str, list[str]]) -> bool:
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        given = cookie[COOKIE].value if COOKIE in cookie else (query.get("token") or [""])[0]
        return secrets.compare_digest(given, self.site.token)

    def _page(self) -> None:
        page = resources.files("renderer.studio") / "static" / "studio.html"
        self._send(
            page.read_bytes(),
            "text/html; charset=utf-8",
            {"Set-Cookie": f"{COOKIE}={self.site.token}; Path=/; HttpOnly; SameSite=Strict"},
        )

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with self.site.hub.listen() as waiting:
            first = json.dumps(self.site.state(), ensure_ascii=False)
            self.wfile.write(f"event: state\ndata: {first}\n\n".encode())
            self.wfile.flush()
            while True:
                try:
                    message = waiting.get(timeout=15)
                except queue.Empty:
                    message = ": still here\n\n"  # a comment keeps the connection open
                if message is None:
                    return
                try:
                    self.wfile.write(message.encode())
                    self.wfile.flush()
                except OSError:  # the page was closed
                    return

    def _file(self, root: Path, name: str) -> None:
        """A file inside `root`, or 404 (never a path out of it, even through a link)."""
        target = _inside(root, name)
        if target is None:
            self._refuse(HTTPStatus.NOT_FOUND, "not found")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        data = target.read_bytes()
        ranged = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        if ranged and (ranged.group(1) or ranged.group(2)):
            start, end = _span(ranged.group(1), ranged.group(2), len(data))
            self._send(
                data[start : end + 1],
                kind,
                {"Content-Range": f"bytes {start}-{end}/{len(data)}"},
                HTTPStatus.PARTIAL_CONTENT,
            )
        else:
            self._send(data, kind, {"Accept-Ranges": "bytes"})

    def _send(
        self,
        body: bytes,
        kind: str,
        headers: dict[str, str] | None = None,
        status: HTTPStatus = HTTPStatus.OK,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if kind.startswith("text/html"):
            self.send_header("Content-Security-Policy", CSP)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def _refuse(self, status: HTTPStatus, text: str) -> None:
        self._send(f"{status.value} {text}\n".encode(), "text/plain; charset=utf-8", None, status)


def _inside(root: Path, name: str) -> Path | None:
    """`root/name` if it is a file inside `root` (resolved: links followed), else None."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return None
    try:
        base = root.resolve(strict=True)
        target = (base / name).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if base not in target.parents or not target.is_file():
        return None
    return target


def _span(first: str, last: str, size: int) -> tuple[int, int]:
    """A Range header's bytes, within the file."""
    if not first:  # the last N bytes
        return max(0, size - int(last)), size - 1
    start = min(int(first), max(0, size - 1))
    end = min(int(last), size - 1) if last else size - 1
    return start, max(start, end)
