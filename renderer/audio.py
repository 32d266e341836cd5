"""Stage: Narration + Timeline -> one WAV track (48 kHz stereo), each sentence at its frame."""

from __future__ import annotations

import importlib
import json
import threading
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from renderer.atomic import atomic_path
from renderer.errors import RenderError
from renderer.narration.base import Speech
from renderer.narration.speak import Narration
from renderer.store import BlobStore, content_key
from renderer.timeline import Timeline

SAMPLE_RATE = 48_000


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


def mix_key(narration: Narration, timeline: Timeline, music: Path | None,
            sounds: Sequence[Keyed] = ()) -> str:
    """Everything that changes the mixed track: each sentence's audio and frame, the length,
    the music file's content, the clips' sound and the loudness targets."""
    import hashlib

    clips = [(c.start, narration.slides[c.slide].cues[c.cue].sentences[c.sentence].key)
             for c in timeline.clips]
    music_digest = hashlib.sha256(music.read_bytes()).hexdigest() if music else None
    return content_key(kind="mix", clips=clips, frames=timeline.total_frames,
                       fps=str(timeline.fps), music=music_digest,
                       sounds=[sound.key for sound in sounds],
                       targets=[TARGET_LUFS, LIMITER_CEILING_DB, MUSIC_LUFS, DUCK_DB])


BLOCK = SAMPLE_RATE * 10
"""The track is made and written ten seconds at a time, so memory stays flat."""
MARGIN = SAMPLE_RATE // 2
"""Context either side of a block for the music's ducking envelope and the limiter."""


def mix(narration: Narration, timeline: Timeline, path: Path,
        music: Path | None = None, store: BlobStore | None = None,
        sounds: Sequence[Keyed] = (), clips: Bed | None = None) -> AudioTrack:
    """Place every sentence at its frame, level the speech, lay music under it (ducked while
    anyone speaks) and write a 16-bit 48 kHz stereo WAV.

    Each sentence is levelled on its own (one gain for all, from the loudness of all the
    speech, and a peak limiter), then the track is assembled and written block by block: the
    whole track is never in memory, however long the video. With a store, what the limiter
    takes off each sentence is remembered, so a re-render levels each sentence only once."""
    total = sample_at(timeline.total_frames, timeline)
    spoken = [(sample_at(clip.start, timeline),
               narration.slides[clip.slide].cues[clip.cue].sentences[clip.sentence])
              for clip in timeline.clips]
    spoken.sort(key=lambda item: item[0])
    placed = [(at, sentence.speech) for at, sentence in spoken]
    keys = {id(sentence.speech): sentence.key for _, sentence in spoken}
    leveller = _Leveller([speech for _, speech in placed], keys, store)
    bed = _MusicBed(music, total) if music is not None else None
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
                    voice[a - lo:b - lo] += samples[a - at:b - at]
            leveller.forget_before(lo, placed)
            under = [part.block(lo, voice) for part in (bed, clips) if part is not None]
            block = limit(voice + sum(under)) if under else voice
            piece = np.clip(block[start - lo:end - lo], -1.0, 1.0) * 32767
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

    def __init__(self, spoken: list[Speech], keys: dict[int, str],
                 store: BlobStore | None) -> None:
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
            key = content_key(kind="level", speech=keys.get(id(speech)), gain=gain_db,
                              ceiling=LIMITER_CEILING_DB) if store and keys.get(id(speech)) else ""
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
                _resampled(speech) * np.float32(10 ** (self.gain_db / 20)))
        return self._cache[id(speech)]

    def forget_before(self, sample: int, placed: list[tuple[int, Speech]]) -> None:
        """Drop sentences whose every use ends before `sample`."""
        still = {id(speech) for at, speech in placed if at + _length(speech) + 1 > sample}
        for key in [key for key in self._cache if key not in still]:
            del self._cache[key]


TARGET_LUFS = -16.0
"""Integrated loudness of the narration track (ITU-R BS.1770, as pyloudnorm measures it)."""
TRUE_PEAK_DBTP = -1.5
"""Ceiling for true (inter-sample) peaks."""


DUAL_MONO_DB = 10 * np.log10(2)
"""BS.1770 sums the power of left and right: the same signal on both is 3.01 dB louder."""


def loudness(track: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness in LUFS (-inf for silence) of a mono or (n, channels) track."""
    import pyloudnorm

    if len(track) < rate // 2:  # shorter than one 400 ms gating block: nothing to measure
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(track.astype(np.float64)))


TRUE_PEAK_TAPS = 48
"""Length of the 4x oversampling filter, as in ITU-R BS.1770-4 Annex 2 (12 taps per phase)."""


@lru_cache(maxsize=1)
def _oversampler() -> np.ndarray:
    from scipy.signal import firwin

    return (firwin(TRUE_PEAK_TAPS, 1 / 4, window=("kaiser", 5.0)) * 4).astype(np.float32)


def true_peak(track: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Per-sample true peak estimate (4x oversampled with a 48-tap filter, ITU-R BS.1770).

    Only blocks whose sample peak exceeds `floor` are oversampled (elsewhere the sample
    magnitude is returned): inter-sample peaks of band-limited speech sit within a dB or so
    of the sample peaks, so quiet blocks cannot reach a ceiling well above them.
    """
    from scipy.signal import upfirdn

    block, pad = 4800, TRUE_PEAK_TAPS // 4
    taps = _oversampler()
    delay = (TRUE_PEAK_TAPS - 1) // 2
    peaks = np.abs(track, dtype=np.float32)
    for start in range(0, len(track), block):
        end = min(start + block, len(track))
        if peaks[start:end].max(initial=0.0) <= floor:
            continue
        lo, hi = max(0, start - pad), min(len(track), end + pad)
        up = upfirdn(taps, track[lo:hi].astype(np.float32), up=4)[delay:delay + 4 * (hi - lo)]
        over = np.abs(up[0::4])  # each sample's four phases, the largest (a max over an
        for phase in (1, 2, 3):  # axis of 4 is 15x slower in numpy)
            np.maximum(over, np.abs(up[phase::4]), out=over)
        peaks[start:end] = np.maximum(peaks[start:end], over[start - lo:end - lo])
    return peaks


LIMITER_CEILING_DB = TRUE_PEAK_DBTP - 0.1
"""The limiter aims a little under the ceiling: 16-bit rounding must not push peaks over."""


def limit(track: np.ndarray, ceiling_db: float = LIMITER_CEILING_DB,
          rate: int = SAMPLE_RATE) -> np.ndarray:
    """A look-ahead peak limiter: smooth gain dips only where true peaks pass the ceiling."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    if not track.size:  # nothing to limit (and nothing to reduce over)
        return track
    ceiling = 10 ** (ceiling_db / 20)
    hot = ceiling * 10 ** (-2 / 20)  # blocks 2 dB under the ceiling cannot pass it
    needed = true_peak(track, floor=hot)  # turned in place into the gain each sample needs
    np.maximum(needed, 1e-9, out=needed)
    np.divide(np.float32(ceiling), needed, out=needed)
    np.minimum(needed, 1.0, out=needed)
    if needed.min() >= 1.0:
        return track
    window = max(3, int(rate * 0.004))
    held = minimum_filter1d(needed, size=2 * window + 1)
    uniform_filter1d(held, size=window, output=needed)
    del held
    out = track * needed
    over = float(true_peak(out, floor=hot).max())
    return out * min(1.0, ceiling / over) if over > 0 else out


def speech_loudness(spoken: list[Speech]) -> float | None:
    """Integrated loudness (dual mono) of all sentences back to back at the voice's own rate.

    Measured sentence by sentence (pyloudnorm gives each one's 400 ms gating blocks) and
    gated over all blocks together as BS.1770 does, so memory follows the longest sentence,
    not the article. None when the sentences do not share one sample rate."""
    import pyloudnorm

    rates = {speech.sample_rate for speech in spoken}
    if len(rates) != 1:
        return None
    rate = rates.pop()
    meter = pyloudnorm.Meter(rate)
    blocks: dict[int, list[float]] = {}
    for speech in spoken:
        if id(speech) not in blocks:
            voice = speech.samples.astype(np.float64) / 32768
            if len(voice) <= rate * meter.block_size:
                blocks[id(speech)] = []
                continue
            meter.integrated_loudness(voice)
            blocks[id(speech)] = list(meter.blockwise_loudness)
    levels = np.array([level for speech in spoken for level in blocks[id(speech)]])
    if len(levels) == 0:
        return float("-inf")
    power = 10 ** ((levels + 0.691) / 10)
    audible = levels >= -70.0
    if not audible.any():
        return float("-inf")
    relative = -0.691 + 10 * np.log10(power[audible].mean()) - 10
    gated = audible & (levels > relative)
    return float(-0.691 + 10 * np.log10(power[gated].mean())) + DUAL_MONO_DB


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
            chunks = [out.to_ndarray().reshape(-1) for frame in container.decode(audio=0)
                      for out in resampler.resample(frame)]
            chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError, OSError) as exc:
        raise RenderError(f"cannot read music {path}: {exc}",
                          hint="use a WAV, MP3, OGG or M4A file") from None
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


class _MusicBed:
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
