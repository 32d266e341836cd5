"""Stage: Narration + Timeline -> one WAV track (48 kHz stereo), each sentence at its frame."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from renderer.narration import Narration
from renderer.narration.base import Speech
from renderer.timeline import Timeline

SAMPLE_RATE = 48_000
TARGET_PEAK_DBFS = -1.5
TARGET_RMS_DBFS = -20.0


@dataclass(frozen=True)
class AudioTrack:
    """The mixed narration track on disk."""

    path: Path
    sample_rate: int
    samples: int
    """Length in samples per channel."""

    @property
    def seconds(self) -> float:
        return self.samples / self.sample_rate


def _resampled(speech: Speech) -> np.ndarray:
    """Speech as float32 mono at SAMPLE_RATE (pydub does the rate conversion)."""
    if len(speech.samples) == 0:
        return np.zeros(0, dtype=np.float32)
    AudioSegment = _pydub_segment()
    segment = AudioSegment(data=speech.samples.astype("<i2").tobytes(), sample_width=2,
                           frame_rate=speech.sample_rate, channels=1)
    segment = segment.set_frame_rate(SAMPLE_RATE)
    return np.frombuffer(segment.raw_data, dtype="<i2").astype(np.float32) / 32768.0


def _pydub_segment() -> type:
    """pydub's AudioSegment, pointed at imageio-ffmpeg's binary (pydub warns when it finds
    no ffmpeg on PATH at import; we never rely on PATH)."""
    import warnings

    import imageio_ffmpeg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()
    return AudioSegment


def sample_at(frame: int, timeline: Timeline) -> int:
    """First audio sample of a video frame."""
    return round(frame * SAMPLE_RATE / timeline.fps)


def mix(narration: Narration, timeline: Timeline, path: Path) -> AudioTrack:
    """Place every sentence at its frame, level the speech and write a 16-bit WAV."""
    total = sample_at(timeline.total_frames, timeline)
    track = np.zeros(total, dtype=np.float32)
    for clip in timeline.clips:
        speech = narration.slides[clip.slide].cues[clip.cue].sentences[clip.sentence].speech
        samples = _resampled(speech)
        start = sample_at(clip.start, timeline)
        end = min(start + len(samples), total)
        track[start:end] += samples[: end - start]
    track = _level(track)
    pcm = (np.clip(track, -1.0, 1.0) * 32767).astype("<i2")
    stereo = np.repeat(pcm[:, None], 2, axis=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.wav")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(stereo.tobytes())
    tmp.replace(path)
    return AudioTrack(path, SAMPLE_RATE, total)


def _level(track: np.ndarray) -> np.ndarray:
    """Bring speech to a steady level without clipping (gain on RMS of voiced parts, peak cap)."""
    voiced = np.abs(track) > 1e-3
    if not voiced.any():
        return track
    rms = float(np.sqrt(np.mean(np.square(track[voiced]))))
    gain = 10 ** (TARGET_RMS_DBFS / 20) / max(rms, 1e-9)
    peak = float(np.max(np.abs(track))) * gain
    ceiling = 10 ** (TARGET_PEAK_DBFS / 20)
    if peak > ceiling:
        gain *= ceiling / peak
    return track * gain
