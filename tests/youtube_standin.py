"""A local stand-in of the YouTube Data API v3 upload endpoints (there is no internet here).

It speaks the protocol Google's client speaks: a resumable upload session (POST the resource,
PUT the bytes in chunks with Content-Range, 308 with the Range received so far, a status
query with `bytes */total` after a failure), multipart caption inserts, media thumbnail sets
and the OAuth token endpoint. Faults are queued by the test: drop the connection in the
middle of a chunk, answer 503, or answer 403 quotaExceeded.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

QUOTA = {
    "error": {
        "code": 403,
        "message": "The request cannot be completed because you have exceeded your quota.",
        "errors": [{"reason": "quotaExceeded", "domain": "youtube.quota"}],
    }
}


@dataclass
class StandIn:
    """What the server received, and the faults it is to answer with."""

    token: str = "test-access-token"
    calls: list[str] = field(default_factory=list)
    """"METHOD path" of every request, in order."""
    resources: list[dict[str, Any]] = field(default_factory=list)
    videos: dict[str, bytearray] = field(default_factory=dict)
    captions: list[bytes] = field(default_factory=list)
    thumbnails: list[tuple[str, bytes]] = field(default_factory=list)
    faults: dict[str, list[str]] = field(default_factory=dict)
    """Per call kind (insert, chunk, captions, thumbnail): faults to answer with, in turn
    ("drop", "503", "quota")."""
    refreshed: int = 0
    sessions: int = 0

    def fault(self, kind: str) -> str | None:
        queue = self.faults.get(kind) or []
        return queue.pop(0) if queue else None


def serve(state: StandIn) -> tuple[ThreadingHTTPServer, str]:
    """Start the stand-in on a free local port; the server and its root address."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _reply(
            self,
            status: int,
            body: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None,
        ) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") == f"Bearer {state.token}":
                return True
            self._body()
            self._reply(
                401,
                {
                    "error": {
                        "code": 401,
                        "message": "Invalid Credentials",
                        "errors": [{"reason": "authError"}],
                    }
                },
            )
            return False

        def _faulted(self, kind: str) -> bool:
            fault = state.fault(kind)
            if fault == "drop":  # half the bytes, then the connection goes
                self.rfile.read(int(self.headers.get("Content-Length") or 0) // 2)
                self.close_connection = True
                self.connection.shutdown(2)
                return True
            if fault in ("503", "quota"):
                self._body()
                self._reply(
                    503 if fault == "503" else 403,
                    {
                        "error": {
                            "code": 503,
                            "message": "Backend Error",
                            "errors": [{"reason": "backendError"}],
                        }
                    }
                    if fault == "503"
                    else QUOTA,
                )
                return True
            return False

        def do_POST(self) -> None:
            url = urlparse(self.path)
            state.calls.append(f"POST {url.path}")
            if url.path == "/token":
                self._body()
                state.refreshed += 1
                self._reply(
                    200, {"access_token": state.token, "expires_in": 3600, "token_type": "Bearer"}
                )
                return
            if not self._authorised():
                return
            if url.path == "/upload/youtube/v3/videos":
                if self._faulted("insert"):
                    return
                state.resources.append(json.loads(self._body() or b"{}"))
                state.sessions += 1
                sid = f"s{state.sessions}"
                state.videos[sid] = bytearray()
                host = self.headers["Host"]
                self._reply(200, {}, {"Location": f"http://{host}/session/{sid}"})
            elif url.path == "/upload/youtube/v3/captions":
                if self._faulted("captions"):
                    return
                state.captions.append(self._body())
                self._reply(
                    200, {"id": f"caption-{len(state.captions)}", "kind": "youtube#caption"}
                )
            elif url.path == "/upload/youtube/v3/thumbnails/set":
                if self._faulted("thumbnail"):
                    return
                video = parse_qs(url.query).get("videoId", [""])[0]
                state.thumbnails.append((video, self._body()))
                self._reply(200, {"kind": "youtube#thumbnailSetResponse", "items": []})
            else:
                self._body()
                self._reply(404, {"error": {"code": 404, "message": "not found"}})

        def do_PUT(self) -> None:
            url = urlparse(self.path)
            state.calls.append(f"PUT {url.path} {self.headers.get('Content-Range')}")
            sid = url.path.rsplit("/", 1)[-1]
            received = state.videos[sid]
            match = re.fullmatch(
                r"bytes (\*|(\d+)-(\d+))/(\d+)", self.headers.get("Content-Range", "")
            )
            assert match, self.headers.get("Content-Range")
            total = int(match[4])
            if match[1] == "*":  # where did we get to?
                self._body()
                range_ = {"Range": f"bytes=0-{len(received) - 1}"} if received else {}
                self._reply(308, None, range_)
                return
            if self._faulted("chunk"):
                return
            start, data = int(match[2]), self._body()
            assert start == len(received), f"chunk at {start}, have {len(received)}"
            received.extend(data)
            if len(received) == total:
                self._reply(
                    200,
                    {
                        "id": f"video-{sid}",
                        "kind": "youtube#video",
                        "status": {"uploadStatus": "uploaded"},
                    },
                )
            else:
                self._reply(308, None, {"Range": f"bytes=0-{len(received) - 1}"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
