"""`make bench`: time the stages of rendering the bundled article and print a table.

Figures on shared machines drift; compare rows of one run, not runs of different days.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from renderer.article import load_article
from renderer.audio import mix
from renderer.compose import encode
from renderer.config import Pacing, Transition, VideoSpec
from renderer.narration import narrate
from renderer.narration.cache import SpeechCache, default_cache_dir
from renderer.pipeline import plan
from renderer.raster import rasterize
from renderer.raster.text import Fonts, TextStyle
from renderer.storyboard import Storyboard
from renderer.theme import Theme, load_theme
from renderer.timeline import build_timeline, visual_segments
from renderer.voices import DEFAULT_VOICE, resolve_voice

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import baseline_moviepy  # noqa: E402

Row = tuple[str, float, str]
ARTICLE = ROOT / "articles" / "asynchronous-job.yaml"


def storyboard_voice(article: Path) -> str:
    """The voice the article asks for (the bundled one uses the Hinglish offline voice)."""
    return load_article(article).voice or DEFAULT_VOICE


def timed(label: str, rows: list[tuple[str, float, str]], fn: Callable[[], str]) -> None:
    start = time.perf_counter()
    note = fn()
    rows.append((label, time.perf_counter() - start, note))


def bench_encoding(storyboard: Storyboard, theme: Theme, rows: list[Row],
                   baseline: bool) -> None:
    """The bundled article at 1080p30: plain MoviePy (the baseline) against compose.encode."""
    spec = VideoSpec(1920, 1080)
    voice = resolve_voice(storyboard_voice(ARTICLE), ROOT / "voices")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        images = rasterize(storyboard, spec, theme, folder / "slides")
        narration = narrate(storyboard, voice, SpeechCache(default_cache_dir()))
        timeline = build_timeline(storyboard, narration, spec.fps, Pacing())
        track = mix(narration, timeline, folder / "track.wav")
        video_s = float(timeline.duration)
        base = None
        if baseline:
            start = time.perf_counter()
            baseline_moviepy.encode(images, timeline, track, folder / "baseline.mp4")
            base = time.perf_counter() - start
            rows.append(("encode: plain MoviePy", base,
                         f"baseline; {video_s / base:.2f}x realtime"))
        for transition in (Transition.NONE, Transition.CROSSFADE):
            segments = visual_segments(timeline, transition)
            start = time.perf_counter()
            encode(images, timeline, segments, track, folder / f"{transition.value}.mp4")
            took = time.perf_counter() - start
            ratio = f", {base / took:.1f}x faster than the baseline" if base else ""
            rows.append((f"encode: GOP reuse, {transition.value}", took,
                         f"{video_s / took:.1f}x realtime{ratio}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--skip-voice", action="store_true", help="skip narration timings")
    parser.add_argument("--skip-encode", action="store_true", help="skip video encoding")
    parser.add_argument("--skip-baseline", action="store_true",
                        help="skip the plain-MoviePy baseline (the slowest row)")
    args = parser.parse_args()
    rows: list[tuple[str, float, str]] = []
    theme = load_theme()
    start = time.perf_counter()
    _, storyboard = plan(args.article)
    rows.append(("load + storyboard", time.perf_counter() - start,
                 f"{storyboard.total} slides"))
    states = sum(s.steps for s in storyboard.slides)
    timed("fonts (first use)", rows,
          lambda: TextStyle(Fonts(theme), 40).width("Wiki 👩‍💻 नमस्ते") and
          "Latin, emoji, Devanagari; loaded once and cached")
    with tempfile.TemporaryDirectory() as work:
        for name, spec in (("1080p", VideoSpec(1920, 1080)), ("720p", VideoSpec(1280, 720)),
                           ("vertical", VideoSpec(1080, 1920))):
            folder = Path(work) / name
            timed(f"rasterise {name}", rows,
                  lambda spec=spec, folder=folder: (
                      rasterize(storyboard, spec, theme, folder) and f"{states} slide states"))
    if not args.skip_voice:
        voice = resolve_voice(storyboard_voice(args.article), ROOT / "voices")
        with tempfile.TemporaryDirectory() as cache_dir:
            cache = SpeechCache(Path(cache_dir))
            start = time.perf_counter()
            narration = narrate(storyboard, voice, cache)
            cold = time.perf_counter() - start
            spoken = sum(s.speech.seconds for sl in narration.slides for c in sl.cues
                         for s in c.sentences)
            rows.append((f"narrate cold ({voice.name})", cold,
                         f"{spoken:.0f} s of speech, {spoken / cold:.1f}x realtime, "
                         f"{cache.misses} sentences synthesised"))
            warm_cache = SpeechCache(Path(cache_dir))
            start = time.perf_counter()
            narrate(storyboard, voice, warm_cache)
            warm = time.perf_counter() - start
            rows.append(("narrate warm cache", warm,
                         f"{warm_cache.hits} hits, {warm_cache.misses} synthesised, "
                         f"{spoken / warm:.0f}x realtime"))
            timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
            timed("mix + loudness", rows, lambda: mix(
                narration, timeline, Path(cache_dir) / "mix.wav") and
                "48 kHz stereo, -16 LUFS, true peak <= -1.5 dBTP")
        voice.engine.close()
    if not args.skip_encode:
        bench_encoding(storyboard, theme, rows, baseline=not args.skip_baseline)
    print(f"render-video benchmark · {args.article.name} · {platform.python_version()} · "
          f"{platform.machine()}")
    print(f"| {'stage':<24} | {'seconds':>8} | note")
    print(f"|{'-' * 26}|{'-' * 10}|------")
    for label, seconds, note in rows:
        print(f"| {label:<24} | {seconds:>8.2f} | {note}")


if __name__ == "__main__":
    main()
