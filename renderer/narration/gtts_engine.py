"""gTTS: Google Translate's online voice. Timeouts, retries with backoff, offline detection.

gTTS talks to an unofficial endpoint that can refuse, hang or vanish; this engine never waits
forever (a timeout on every request), retries transient failures with exponential backoff
and jitter, detects "offline" once (a quick connect to the host) so a fallback voice can take
over immediately, and keeps the MP3 in memory (nothing half-written on disk).
"""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse, urlsplit

import numpy as np

from renderer.errors import VoiceError
from renderer.narration.base import Engine, Speech
from renderer.retry import RetryPolicy

DEFAULT_ENDPOINT = "https://translate.google.{tld}/"


class GttsEngine(Engine):
    """Speaks with gTTS (needs the network)."""

    name = "gtts"

    def __init__(
        self,
        lang: str = "en",
        tld: str = "com",
        slow: bool = False,
        endpoint: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.lang = lang
        self.tld = tld
        self.slow = slow
        self.endpoint = (endpoint or DEFAULT_ENDPOINT.format(tld=tld)).rstrip("/") + "/"
        self.timeout = timeout
        self.policy = RetryPolicy(retries=retries, delay=backoff, jitter=0.5)
        self._sleep = sleep
        self._checked = False
        self._offline: str | None = None

    def identity(self) -> dict[str, Any]:
        return {"engine": self.name, "lang": self.lang, "tld": self.tld, "slow": self.slow}

    def unavailable(self) -> str | None:
        """Checked once per engine (per run): a TCP connect to the service's host."""
        if not self._checked:
            self._checked = True
            try:
                import gtts  # noqa: F401
            except ImportError:
                self._offline = "gtts is not installed (pip install gtts)"
                return self._offline
            url = urlparse(self.endpoint)
            port = url.port or (443 if url.scheme == "https" else 80)
            try:
                with socket.create_connection(
                    (url.hostname or "", port), timeout=min(self.timeout, 3.0)
                ):
                    self._offline = None
            except OSError as exc:
                self._offline = f"cannot reach {url.hostname}:{port} ({exc.__class__.__name__})"
        return self._offline

    def synthesize(self, sentence: str) -> Speech:
        from gtts import gTTSError

        attempts = [0]

        def attempt() -> Speech:
            attempts[0] += 1
            buffer = io.BytesIO()
            _client()(
                sentence,
                lang=self.lang,
                tld=self.tld,
                slow=self.slow,
                timeout=self.timeout,
                endpoint=self.endpoint,
            ).write_to_fp(buffer)
            return _decode_mp3(buffer.getvalue())

        try:
            return self.policy.run(attempt, _transient, sleep=self._sleep)
        except (gTTSError, OSError, ValueError) as exc:
            raise VoiceError(
                f"gTTS failed after {attempts[0]} attempt(s): {exc}",
                hint="gTTS is Google's online voice: it needs the internet. Without it, "
                "--no-narration renders a silent video with captions",
            ) from exc


@lru_cache(maxsize=1)
def _client() -> Any:
    """gTTS, sending its requests to the engine's endpoint (Google's by default; the tests
    use a local server in its place). Per request, not by patching gTTS's module."""
    from gtts import gTTS

    class PointedTTS(gTTS):
        def __init__(self, *args: Any, endpoint: str, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.endpoint = endpoint

        def _prepare_requests(self) -> list[Any]:
            prepared = super()._prepare_requests()
            for request in prepared:
                parts = urlsplit(request.url)
                query = f"?{parts.query}" if parts.query else ""
                request.prepare_url(self.endpoint + parts.path.lstrip("/") + query, None)
            return prepared

    return PointedTTS


def _transient(exc: BaseException) -> bool:
    """Network errors, timeouts and 5xx/429 are worth a retry; 4xx and bad audio are not."""
    from gtts import gTTSError

    if not isinstance(exc, gTTSError | OSError | ValueError):
        return False
    response = getattr(exc, "rsp", None)
    status = getattr(response, "status_code", None)
    if status is not None:
        return bool(status >= 500 or status == 429)
    return not isinstance(exc, ValueError)


def _decode_mp3(data: bytes) -> Speech:
    """MP3 bytes -> mono int16 samples (PyAV, no ffprobe needed)."""
    import av

    if not data:
        raise ValueError("the service returned no audio")
    try:
        with av.open(io.BytesIO(data), mode="r", format="mp3") as container:
            stream = container.streams.audio[0]
            rate = stream.codec_context.sample_rate or 24000
            resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
            chunks = []
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except av.error.FFmpegError as exc:
        raise ValueError(f"the service returned audio that does not decode: {exc}") from exc
    samples = np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, np.int16)
    return Speech(samples, rate)
