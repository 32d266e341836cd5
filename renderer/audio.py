"""Stage: Narration + Timeline -> one WAV track (48 kHz stereo), each sentence at its frame."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from renderer.errors import RenderError
from renderer.narration import Narration
from renderer.narration.base import Speech
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


def sample_at(frame: int, timeline: Timeline) -> int:
    """First audio sample of a video frame."""
    return round(frame * SAMPLE_RATE / timeline.fps)


def mix_key(narration: Narration, timeline: Timeline, music: Path | None) -> str:
    """Everything that changes the mixed track: each sentence's audio and frame, the length,
    the music file's content and the loudness targets."""
    import hashlib

    clips = [(c.start, narration.slides[c.slide].cues[c.cue].sentences[c.sentence].key)
             for c in timeline.clips]
    music_digest = hashlib.sha256(music.read_bytes()).hexdigest() if music else None
    return content_key(kind="mix", clips=clips, frames=timeline.total_frames,
                       fps=str(timeline.fps), music=music_digest,
                       targets=[TARGET_LUFS, LIMITER_CEILING_DB, MUSIC_LUFS, DUCK_DB])


def mix(narration: Narration, timeline: Timeline, path: Path,
        music: Path | None = None, store: BlobStore | None = None) -> AudioTrack:
    """Place every sentence at its frame, level the speech, lay music under it (ducked while
    anyone speaks) and write a 16-bit 48 kHz stereo WAV. With a store, an identical mix made
    before is reused."""
    total = sample_at(timeline.total_frames, timeline)
    key = mix_key(narration, timeline, music) if store is not None else ""
    cached = store.get(key) if store is not None else None
    if cached is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(cached)
        return AudioTrack(path, SAMPLE_RATE, total, key)
    track = np.zeros(total, dtype=np.float32)
    spoken = []
    resampled: dict[int, np.ndarray] = {}  # a sentence said twice is resampled once
    for clip in timeline.clips:
        speech = narration.slides[clip.slide].cues[clip.cue].sentences[clip.sentence].speech
        spoken.append(speech)
        if id(speech) not in resampled:
            resampled[id(speech)] = _resampled(speech)
        samples = resampled[id(speech)]
        start = sample_at(clip.start, timeline)
        end = min(start + len(samples), total)
        track[start:end] += samples[: end - start]
    track = _level(track, speech_loudness(spoken))
    if music is not None:
        track = limit(track + music_bed(music, track))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.wav")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        for start in range(0, total, SAMPLE_RATE * 10):  # ten seconds at a time
            piece = np.clip(track[start:start + SAMPLE_RATE * 10], -1.0, 1.0) * 32767
            pcm = piece.astype("<i2")
            out.writeframes(np.repeat(pcm[:, None], 2, axis=1).tobytes())
    tmp.replace(path)
    if store is not None:
        store.put(key, path.read_bytes())
    return AudioTrack(path, SAMPLE_RATE, total, key)


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


def true_peak(track: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Per-sample true peak estimate (4x oversampled, ITU-R BS.1770 style).

    Only blocks whose sample peak exceeds `floor` are oversampled (elsewhere the sample
    magnitude is returned): inter-sample peaks of band-limited speech sit within a dB or so
    of the sample peaks, so quiet blocks cannot reach a ceiling well above them.
    """
    from scipy.signal import resample_poly

    block, pad = 4800, 64
    peaks = np.abs(track, dtype=np.float32)
    starts = range(0, len(track), block)
    for start in starts:
        end = min(start + block, len(track))
        if peaks[start:end].max(initial=0.0) <= floor:
            continue
        lo, hi = max(0, start - pad), min(len(track), end + pad)
        piece = track[lo:hi].astype(np.float32)
        up = np.abs(resample_poly(piece, 4, 1)).reshape(-1, 4).max(axis=1)
        peaks[start:end] = np.maximum(peaks[start:end], up[start - lo:end - lo])
    return peaks


LIMITER_CEILING_DB = TRUE_PEAK_DBTP - 0.1
"""The limiter aims a little under the ceiling: 16-bit rounding must not push peaks over."""


def limit(track: np.ndarray, ceiling_db: float = LIMITER_CEILING_DB,
          rate: int = SAMPLE_RATE) -> np.ndarray:
    """A look-ahead peak limiter: smooth gain dips only where true peaks pass the ceiling."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

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
    """Loudness (dual mono) of all sentences back to back at the voice's own rate: the same
    gated measure as the placed track (its pauses are silence the gates drop), at a fraction
    of the memory. None when the sentences do not share one sample rate."""
    rates = {speech.sample_rate for speech in spoken}
    if len(rates) != 1:
        return None
    voice = np.concatenate([s.samples for s in spoken]).astype(np.float32) / 32768
    return loudness(voice, rates.pop()) + DUAL_MONO_DB


def _level(track: np.ndarray, measured: float | None = None) -> np.ndarray:
    """Bring a mono track, played as dual mono, to TARGET_LUFS with true peaks at most
    TRUE_PEAK_DBTP. Loudness is measured once (pyloudnorm); gain is linear, so the only
    correction needed is for what the limiter takes off, estimated from the energy it removes."""
    if measured is None:
        measured = loudness(track) + DUAL_MONO_DB
    if not np.isfinite(measured):
        return track
    gain_db = TARGET_LUFS - measured
    out = track
    for _ in range(4):
        before = track * np.float32(10 ** (gain_db / 20))
        out = limit(before)
        loss_db = 10 * np.log10(float(np.dot(out, out)) / max(float(np.dot(before, before)),
                                                                1e-12))
        if TARGET_LUFS - (gain_db + measured + loss_db) < 0.1:
            break
        gain_db = TARGET_LUFS - measured - loss_db
    return out


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


def music_bed(path: Path, voice: np.ndarray) -> np.ndarray:
    """Music at MUSIC_LUFS, faded in and out, ducked by DUCK_DB under the voice."""
    clip = load_music(path)
    measured = loudness(clip) + DUAL_MONO_DB  # of the file itself, before looping
    if np.isfinite(measured):
        clip = clip * np.float32(10 ** ((MUSIC_LUFS - measured) / 20))
    music = np.tile(clip, -(-len(voice) // len(clip)))[:len(voice)]  # looped or trimmed
    fade_in, fade_out = int(SAMPLE_RATE * 1.5), int(SAMPLE_RATE * 3.0)
    ramp = np.ones(len(music), dtype=np.float32)
    ramp[:fade_in] = np.linspace(0, 1, min(fade_in, len(music)))[: len(ramp[:fade_in])]
    tail = min(fade_out, len(music))
    ramp[len(music) - tail:] *= np.linspace(1, 0, tail)
    duck = 10 ** (-DUCK_DB * speech_envelope(voice) / 20)
    return (music * ramp * duck).astype(np.float32)
