"""`make bench`: time the stages of rendering the bundled article and print a table.

Figures on shared machines drift; compare rows of one run, not runs of different days.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from renderer.config import VideoSpec
from renderer.pipeline import plan
from renderer.raster import rasterize
from renderer.raster.text import Fonts, TextStyle
from renderer.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "articles" / "asynchronous-job.yaml"


def timed(label: str, rows: list[tuple[str, float, str]], fn: Callable[[], str]) -> None:
    start = time.perf_counter()
    note = fn()
    rows.append((label, time.perf_counter() - start, note))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--article", type=Path, default=ARTICLE)
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
    print(f"render-video benchmark · {args.article.name} · {platform.python_version()} · "
          f"{platform.machine()}")
    print(f"| {'stage':<24} | {'seconds':>8} | note")
    print(f"|{'-' * 26}|{'-' * 10}|------")
    for label, seconds, note in rows:
        print(f"| {label:<24} | {seconds:>8.2f} | {note}")


if __name__ == "__main__":
    main()
