"""Loudness and peaks as ITU-R BS.1770 has them: the integrated loudness of a track or of many
sentences (pyloudnorm), true peaks (4x oversampled) and the look-ahead limiter that keeps
them under the ceiling. Pure functions of samples."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from renderer.narration.base import Speech

SAMPLE_RATE = 48_000
"""Rate of the mixed track (`audio`), which measuring and limiting assume unless told."""

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
        up = upfirdn(taps, track[lo:hi].astype(np.float32), up=4)[delay : delay + 4 * (hi - lo)]
        over = np.abs(up[0::4])  # each sample's four phases, the largest (a max over an
        for phase in (1, 2, 3):  # axis of 4 is 15x slower in numpy)
            np.maximum(over, np.abs(up[phase::4]), out=over)
        peaks[start:end] = np.maximum(peaks[start:end], over[start - lo : end - lo])
    return peaks


LIMITER_CEILING_DB = TRUE_PEAK_DBTP - 0.1
"""The limiter aims a little under the ceiling: 16-bit rounding must not push peaks over."""


def limit(
    track: np.ndarray, ceiling_db: float = LIMITER_CEILING_DB, rate: int = SAMPLE_RATE
) -> np.ndarray:
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
