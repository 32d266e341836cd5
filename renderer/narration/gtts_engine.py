"""gTTS: Google Translate's online voice. Timeouts, retries with backoff, offline detection.

gTTS talks to an unofficial endpoint that can refuse, hang or vanish; this engine never waits
forever (a timeout on every request), retries transient failures with exponential backoff
and jitter, detects "offline" once (a quick connect to the host) so a fallback voice can take
over immediately, and keeps the MP3 in memory (nothing half-written on disk).
"""

from __future__ import annotations

import io
import random
import socket
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

import numpy as np

from renderer.errors import VoiceError
from renderer.narration.base import Engine, Speech

DEFAULT_ENDPOINT = "https://translate.google.{tld}/"


class GttsEngine(Engine):
    """Speaks with gTTS (needs the network)."""

    name = "gtts"

    def __init__(self, lang: str = "en", tld: str = "com", slow: bool = False,
                 endpoint: str | None = None, timeout: float = 10.0, retries: int = 3,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep) -> None:
        self.lang = lang
        self.tld = tld
        self.slow = slow
        self.endpoint = (endpoint or DEFAULT_ENDPOINT.format(tld=tld)).rstrip("/") + "/"
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
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
                with socket.create_connection((url.hostname or "", port),
                                              timeout=min(self.timeout, 3.0)):
                    self._offline = None
            except OSError as exc:
                self._offline = f"cannot reach {url.hostname}:{port} ({exc.__class__.__name__})"
        return self._offline

    @contextmanager
    def _pointed(self) -> Any:
        """Point gTTS at self.endpoint (tests use a local server in place of Google)."""
        import gtts.tts as tts_module

        original = tts_module._translate_url

        def translate_url(tld: str = "com", path: str = "") -> str:
            return self.endpoint + path

        tts_module._translate_url = translate_url
        try:
            yield
        finally:
            tts_module._translate_url = original

    def synthesize(self, sentence: str) -> Speech:
        from gtts import gTTS, gTTSError

        attempt = 0
        while True:
            attempt += 1
            buffer = io.BytesIO()
            try:
                with self._pointed():
                    gTTS(sentence, lang=self.lang, tld=self.tld, slow=self.slow,
                         timeout=self.timeout).write_to_fp(buffer)
                return _decode_mp3(buffer.getvalue())
            except (gTTSError, OSError, ValueError) as exc:
                if attempt > self.retries or not _transient(exc):
                    raise VoiceError(f"gTTS failed after {attempt} attempt(s): {exc}") from exc
                delay = self.backoff * 2 ** (attempt - 1)
                self._sleep(delay + random.uniform(0, delay / 2))


def _transient(exc: Exception) -> bool:
    """Network errors, timeouts and 5xx/429 are worth a retry; 4xx and bad audio are not."""
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
