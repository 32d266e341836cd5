"""espeak-ng: robotic but very fast, 100+ languages. Optional: used only where installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from typing import Any

import numpy as np

from renderer.errors import VoiceError
from renderer.graphemes import tail
from renderer.narration.base import Engine, Speech


class EspeakEngine(Engine):
    """Speaks with the `espeak-ng` program (a system package; never required)."""

    name = "espeak"

    def __init__(self, voice: str = "en-us", words_per_minute: int = 165) -> None:
        self.voice = voice
        self.words_per_minute = words_per_minute

    def identity(self) -> dict[str, Any]:
        return {"engine": self.name, "voice": self.voice, "wpm": self.words_per_minute}

    def unavailable(self) -> str | None:
        if shutil.which("espeak-ng") is None:
            return "the espeak-ng program is not installed"
        return None

    def synthesize(self, sentence: str) -> Speech:
        program = shutil.which("espeak-ng")
        if program is None:
            raise VoiceError("espeak-ng is not installed")
        result = subprocess.run(
            [program, "-v", self.voice, "-s", str(self.words_per_minute), "--stdout", sentence],
            capture_output=True,
            check=False,
            timeout=60,
        )
        if result.returncode != 0:
            said = tail(result.stderr.decode(errors="replace"), 300)  # whole characters
            raise VoiceError(f"espeak-ng failed: {said}")
        with wave.open(io.BytesIO(result.stdout)) as wav:
            rate = wav.getframerate()
            samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        return Speech(samples.astype(np.int16), rate)
