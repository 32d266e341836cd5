"""Background music under the narration: decoded from any audio file, set to MUSIC_LUFS,
looped to the track's length, faded in and out, and ducked DUCK_DB while anyone speaks."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from renderer.errors import RenderError
from renderer.loudness import DUAL_MONO_DB, SAMPLE_RATE, loudness

MUSIC_LUFS = -30.0
"""Loudness of background music while nobody speaks (a bed well under the -16 LUFS voice)."""
DUCK_DB = 15.0
"""How far music drops under speech (at least 12 dB)."""


def load_music(path: Path) -> np.ndarray:
    """Decode any audio file to mono float at SAMPLE_RATE."""
    import av

    try:
        with av.open(str(path)) as container:
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            chunks = [
                out.to_ndarray().reshape(-1)
                for frame in container.decode(audio=0)
                for out in resampler.resample(frame)
            ]
            chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError, OSError) as exc:
        raise RenderError(
            f"cannot read music {path}: {exc}", hint="use a WAV, MP3, OGG or M4A file"
        ) from None
    audio = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    if len(audio) == 0:
        raise RenderError(f"music {path} holds no audio")
    return audio


def speech_envelope(voice: np.ndarray) -> np.ndarray:
    """0..1: how much speech is present, with a fast attack and a slow release."""
    from scipy.ndimage import maximum_filter1d, uniform_filter1d

    active = (np.abs(voice) > 10 ** (-45 / 20)).astype(np.float32)
    held = maximum_filter1d(active, size=int(SAMPLE_RATE * 0.35))  # bridge gaps within words
    return np.clip(uniform_filter1d(held, size=int(SAMPLE_RATE * 0.12)), 0.0, 1.0)


class MusicBed:
    """Music at MUSIC_LUFS, looped to the track's length, faded in and out, and ducked by
    DUCK_DB under the voice, made for one block of the track at a time."""

    def __init__(self, path: Path, total: int) -> None:
        clip = load_music(path)
        measured = loudness(clip) + DUAL_MONO_DB  # of the file itself, before looping
        if np.isfinite(measured):
            clip = clip * np.float32(10 ** ((MUSIC_LUFS - measured) / 20))
        self.clip, self.total = clip, total

    def block(self, start: int, voice: np.ndarray) -> np.ndarray:
        """The bed under track samples [start, start + len(voice)), given the voice there."""
        index = np.arange(start, start + len(voice))
        music = self.clip[index % len(self.clip)]
        fade_in, fade_out = SAMPLE_RATE * 1.5, min(SAMPLE_RATE * 3.0, self.total)
        ramp = np.minimum(1.0, np.minimum(index / fade_in, (self.total - index) / fade_out))
        duck = 10 ** (-DUCK_DB * speech_envelope(voice) / 20)
        return (music * ramp * duck).astype(np.float32)
