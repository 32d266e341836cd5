"""Stage: Narration + Timeline -> one WAV track (48 kHz stereo), each sentence at its frame,
levelled (`loudness`), with music (`music`) and clips' sound laid under it."""

from __future__ import annotations

import importlib
import json
import threading
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from renderer.atomic import atomic_path
from renderer.loudness import LIMITER_CEILING_DB, SAMPLE_RATE, TARGET_LUFS, limit, speech_loudness
from renderer.music import DUCK_DB, MUSIC_LUFS, MusicBed
from renderer.narration.base import Speech
from renderer.narration.model import Narration
from renderer.store import BlobStore, content_key
from renderer.timeline import Timeline


@dataclass(frozen=True)
class AudioTrack:
    """The mixed narration track on disk."""

    path: Path
    sample_rate: int
    samples: int
    """Length in samples per channel."""
    key: str = ""
    """Content address of the mix (empty when not cached); the encoded audio keys on it."""

    @property
    def seconds(self) -> float:
        return self.samples / self.sample_rate


def _resampled(speech: Speech) -> np.ndarray:
    """Speech as float32 mono at SAMPLE_RATE (pydub does the rate conversion)."""
    if len(speech.samples) == 0:
        return np.zeros(0, dtype=np.float32)
    AudioSegment = _pydub_segment()
    segment = AudioSegment(
        data=speech.samples.astype("<i2").tobytes(),
        sample_width=2,
        frame_rate=speech.sample_rate,
        channels=1,
    )
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


def preload() -> None:
    """Import the loudness meter in the background: it pulls in scipy.signal (seconds of
    imports), which is better spent while the slides are drawn and the narration spoken
    than when the mix needs it."""
    threading.Thread(target=importlib.import_module, args=("pyloudnorm",), daemon=True).start()


class Keyed(Protocol):
    """Something laid in the mix, known by its cache key (a clip's sound)."""

    @property
    def key(self) -> list[object]: ...


class Bed(Protocol):
    """Sound laid under the voice one block at a time (music, clips)."""

    def block(self, start: int, voice: np.ndarray) -> np.ndarray: ...


def sample_at(frame: int, timeline: Timeline) -> int:
    """First audio sample of a video frame."""
    return round(frame * SAMPLE_RATE / timeline.fps)


def mix_key(
    narration: Narration, timeline: Timeline, music: Path | None, sounds: Sequence[Keyed] = ()
) -> str:
    """Everything that changes the mixed track: each sentence's audio and frame, the length,
    the music file's content, the clips' sound and the loudness targets."""
    import hashlib

    said = [
        (s.start, narration.slides[s.slide].cues[s.cue].sentences[s.sentence].key)
        for s in timeline.sentences
    ]
    music_digest = hashlib.sha256(music.read_bytes()).hexdigest() if music else None
    # (the field keeps its old name `clips`: renamed, it would re-mix every cached track)
    return content_key(
        kind="mix",
        clips=said,
        frames=timeline.total_frames,
        fps=str(timeline.fps),
        music=music_digest,
        sounds=[sound.key for sound in sounds],
        targets=[TARGET_LUFS, LIMITER_CEILING_DB, MUSIC_LUFS, DUCK_DB],
    )


BLOCK = SAMPLE_RATE * 10
"""The track is made and written ten seconds at a time, so memory stays flat."""
MARGIN = SAMPLE_RATE // 2
"""Context either side of a block for the music's ducking envelope and the limiter."""


def mix(
    narration: Narration,
    timeline: Timeline,
    path: Path,
    music: Path | None = None,
    store: BlobStore | None = None,
    sounds: Sequence[Keyed] = (),
    clips: Bed | None = None,
) -> AudioTrack:
    """Place every sentence at its frame, level the speech, lay music under it (ducked while
    anyone speaks) and write a 16-bit 48 kHz stereo WAV.

    Each sentence is levelled on its own (one gain for all, from the loudness of all the
    speech, and a peak limiter), then the track is assembled and written block by block: the
    whole track is never in memory, however long the video. With a store, what the limiter
    takes off each sentence is remembered, so a re-render levels each sentence only once."""
    total = sample_at(timeline.total_frames, timeline)
    spoken = [
        (
            sample_at(placed.start, timeline),
            narration.slides[placed.slide].cues[placed.cue].sentences[placed.sentence],
        )
        for placed in timeline.sentences
    ]
    spoken.sort(key=lambda item: item[0])
    placed = [(at, sentence.speech) for at, sentence in spoken]
    keys = {id(sentence.speech): sentence.key for _, sentence in spoken}
    leveller = _Leveller([speech for _, speech in placed], keys, store)
    bed = MusicBed(music, total) if music is not None else None
    with atomic_path(path, durable=False) as tmp, wave.open(str(tmp), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        for start in range(0, total, BLOCK):
            end = min(start + BLOCK, total)
            lo, hi = max(0, start - MARGIN), min(total, end + MARGIN)
            voice = np.zeros(hi - lo, dtype=np.float32)
            for at, speech in placed:
                if at >= hi:
                    break
                if at + _length(speech) + 1 <= lo:  # long over: do not make it again
                    continue
                samples = leveller.levelled(speech)
                if at + len(samples) > lo:
                    a, b = max(at, lo), min(at + len(samples), hi)
                    voice[a - lo : b - lo] += samples[a - at : b - at]
            leveller.forget_before(lo, placed)
            under = [part.block(lo, voice) for part in (bed, clips) if part is not None]
            block = limit(voice + sum(under)) if under else voice
            piece = np.clip(block[start - lo : end - lo], -1.0, 1.0) * 32767
            pcm = piece.astype("<i2")
            out.writeframes(np.repeat(pcm[:, None], 2, axis=1).tobytes())
    return AudioTrack(path, SAMPLE_RATE, total, mix_key(narration, timeline, music, sounds))


GAIN_STEP_DB = 0.05
"""The speech gain is a multiple of this: an edit that barely moves the loudness then leaves
every other sentence's samples (and their encoded audio) exactly as they were."""


def _step(gain_db: float) -> float:
    return round(gain_db / GAIN_STEP_DB) * GAIN_STEP_DB


def _length(speech: Speech) -> int:
    """Samples of a sentence once resampled to SAMPLE_RATE (to within one)."""
    return -(-len(speech.samples) * SAMPLE_RATE // speech.sample_rate)


class _Leveller:
    """Every sentence resampled to SAMPLE_RATE, at the gain that brings all the speech to
    TARGET_LUFS, through the limiter. Sentences are made when first needed and dropped once
    the track has passed them."""

    def __init__(self, spoken: list[Speech], keys: dict[int, str], store: BlobStore | None) -> None:
        self._cache: dict[int, np.ndarray] = {}
        measured = speech_loudness(spoken)
        self.gain_db = 0.0
        if measured is None or not np.isfinite(measured):
            return
        gain_db = _step(TARGET_LUFS - measured)
        # The limiter takes a little energy off the loudest syllables: measure how much at
        # this gain and raise the gain by that (once is within 0.1 LU; the test checks).
        before = after = 0.0
        for speech in {id(s): s for s in spoken}.values():
            key = (
                content_key(
                    kind="level",
                    speech=keys.get(id(speech)),
                    gain=gain_db,
                    ceiling=LIMITER_CEILING_DB,
                )
                if store and keys.get(id(speech))
                else ""
            )
            known = store.get(key) if store is not None and key else None
            if known is not None:
                energy = json.loads(known)
            else:
                raw = _resampled(speech) * np.float32(10 ** (gain_db / 20))
                done = limit(raw)
                energy = [float(np.dot(raw, raw)), float(np.dot(done, done))]
                if store is not None and key:
                    store.put(key, json.dumps(energy).encode())
            before, after = before + energy[0], after + energy[1]
        self.gain_db = _step(gain_db - 10 * np.log10(after / before)) if after > 0 else gain_db

    def levelled(self, speech: Speech) -> np.ndarray:
        if id(speech) not in self._cache:
            self._cache[id(speech)] = limit(
                _resampled(speech) * np.float32(10 ** (self.gain_db / 20))
            )
        return self._cache[id(speech)]

    def forget_before(self, sample: int, placed: list[tuple[int, Speech]]) -> None:
        """Drop sentences whose every use ends before `sample`."""
        still = {id(speech) for at, speech in placed if at + _length(speech) + 1 > sample}
        for key in [key for key in self._cache if key not in still]:
            del self._cache[key]
