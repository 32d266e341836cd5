"""gTTS against a local HTTP server standing in for the online service (there is no internet)."""

from __future__ import annotations

import base64
import logging
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import imageio_ffmpeg
import pytest

from renderer.config import RenderConfig
from renderer.errors import VoiceError
from renderer.narration.cache import SpeechCache
from renderer.narration.gtts_engine import GttsEngine
from renderer.narration.speak import narrate_with_fallback
from renderer.narration.voices import resolve_voice
from renderer.plan import backup_voices
from renderer.storyboard_model import Storyboard

from .test_voices import closed_port


@pytest.fixture(scope="module")
def mp3() -> bytes:
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=0.6",
        "-ac",
        "1",
        "-ar",
        "24000",
        "-c:a",
        "libmp3lame",
        "-f",
        "mp3",
        "-",
    ]
    return subprocess.run(command, capture_output=True, check=True).stdout


class FakeService:
    """Answers like Google's batchexecute endpoint; `plan` scripts each request's outcome."""

    def __init__(self, mp3: bytes) -> None:
        self.mp3 = mp3
        self.plan: list[str] = []
        self.requests = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.requests += 1
                action = service.plan.pop(0) if service.plan else "ok"
                if action == "hang":
                    time.sleep(1.5)
                    return
                if action in ("500", "400"):
                    self.send_response(int(action))
                    self.end_headers()
                    return
                audio = base64.b64encode(service.mp3).decode()
                body = ')]}\'\n\n[["wrb.fr","jQ1olc","[\\"' + audio + '\\"]",null]]\n'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def service(mp3: bytes) -> Iterator[FakeService]:
    fake = FakeService(mp3)
    yield fake
    fake.server.shutdown()


def engine_for(url: str, **kwargs: object) -> GttsEngine:
    sleeps: list[float] = []
    engine = GttsEngine(
        lang="hi", endpoint=url, timeout=0.5, retries=2, backoff=0.01, sleep=sleeps.append, **kwargs
    )  # type: ignore[arg-type]
    engine.sleeps = sleeps  # type: ignore[attr-defined]
    return engine


def test_success_decodes_the_mp3(service: FakeService) -> None:
    engine = engine_for(service.url)
    assert engine.unavailable() is None
    speech = engine.synthesize("Namaste duniya")
    assert speech.sample_rate == 24000
    assert 0.5 < speech.seconds < 0.8
    assert abs(int(speech.samples.max())) > 1000


def test_words_from_the_online_voice_are_estimates_inside_its_sound(service: FakeService) -> None:
    from renderer.narration.words import Unit, voiced_span

    engine = engine_for(service.url)
    speech = engine.synthesize_words(
        "Namaste duniya", (Unit("Namaste", ("Namaste",)), Unit("duniya", ("duniya",)))
    )
    assert not speech.timed, "marked as estimates"
    assert [w.text for w in speech.words] == ["Namaste", "duniya"]
    start, end = voiced_span(speech.samples, speech.sample_rate)
    assert speech.words[0].start == start and speech.words[-1].end == end
    assert speech.words[0].end <= speech.words[1].start


def test_http_500_is_retried_with_backoff(service: FakeService) -> None:
    service.plan = ["500", "500", "ok"]
    engine = engine_for(service.url)
    speech = engine.synthesize("retry me")
    assert speech.seconds > 0.5
    assert service.requests == 3
    delays = engine.sleeps  # type: ignore[attr-defined]
    assert len(delays) == 2 and delays[1] > delays[0] * 1.2, "exponential backoff"


def test_a_hang_times_out_instead_of_waiting_forever(service: FakeService) -> None:
    service.plan = ["hang", "hang", "hang"]
    engine = engine_for(service.url)
    start = time.monotonic()
    with pytest.raises(VoiceError) as info:
        engine.synthesize("slow service")
    assert "after 3 attempt(s)" in info.value.message
    assert time.monotonic() - start < 5


def test_connection_refused_is_detected_as_offline() -> None:
    engine = engine_for(f"http://127.0.0.1:{closed_port()}/")
    reason = engine.unavailable()
    assert reason and "cannot reach 127.0.0.1" in reason
    with pytest.raises(VoiceError):
        engine.synthesize("nobody home")


def test_voice_failing_mid_render_falls_back_as_its_profile_says(
    service: FakeService, tmp_path: Path, storyboard: Storyboard, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "flaky.yaml").write_text(
        f"engine: gtts\nparams:\n  endpoint: {service.url}\n  timeout: 1\n  retries: 0\n"
        "fallback: [quiet]\n"
    )
    (tmp_path / "quiet.yaml").write_text("engine: silent\n")
    service.plan = ["ok", "ok", "400"]  # a permanent refusal on the third sentence
    config = RenderConfig(out_dir=tmp_path, voices_dir=tmp_path, narration=True)
    voice = resolve_voice("flaky", tmp_path)
    backups = backup_voices(voice, config)  # as the plan decides: the profile's fallbacks
    assert [v.name for v in backups] == ["quiet"]
    with caplog.at_level(logging.WARNING):
        narration = narrate_with_fallback(storyboard, voice, backups, SpeechCache(tmp_path / "c"))
    assert narration.voice == "quiet"
    assert "failed on slide" in caplog.text and "narrating with 'quiet'" in caplog.text


def test_explicit_voice_failing_mid_render_is_an_error_naming_the_slide(
    service: FakeService, tmp_path: Path, storyboard: Storyboard
) -> None:
    (tmp_path / "flaky.yaml").write_text(
        f"engine: gtts\nparams:\n  endpoint: {service.url}\n  retries: 0\nfallback: [quiet]\n"
    )
    (tmp_path / "quiet.yaml").write_text("engine: silent\n")
    service.plan = ["400"]
    config = RenderConfig(
        out_dir=tmp_path, voices_dir=tmp_path, voice="flaky", cache_dir=tmp_path / "c"
    )
    voice = resolve_voice("flaky", tmp_path, explicit=True)
    backups = backup_voices(voice, config)  # named and no --allow-fallback: none
    assert backups == ()
    with pytest.raises(VoiceError) as info:
        narrate_with_fallback(storyboard, voice, backups, SpeechCache(tmp_path / "c"))
    assert "failed on slide 1" in info.value.message
