"""The orchestrator: the only place that calls the stages, in order."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from renderer.article import Article, load_article
from renderer.audio import mix
from renderer.compose import encode
from renderer.config import RenderConfig
from renderer.narration import count_sentences, narrate
from renderer.narration.base import Engine
from renderer.narration.silent import SilentEngine
from renderer.raster import rasterize
from renderer.raster.contact import contact_sheet
from renderer.storyboard import Storyboard, build_storyboard
from renderer.theme import load_theme
from renderer.timeline import Timeline, build_timeline
from renderer.voices import DEFAULT_VOICE, load_profile, make_engine


class Reporter(Protocol):
    """Receives progress: one `stage` per pipeline step, advanced as work is done."""

    def stage(self, name: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
        """Context manager yielding `advance(n)`."""
        ...


class QuietReporter:
    """Reports nothing (library use and tests)."""

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Callable[[int], None]]:
        del name, total
        yield lambda n: None


STAGES = {
    "plan": "Recording shuru hone wali hai… 3 2 1",
    "slides": "Slides ban rahi hain",
    "voice": "Narration record ho rahi hai",
    "video": "Video process ho rahi hai…",
}
"""Progress labels, named after the seed's recording flow."""


@dataclass(frozen=True)
class RenderResult:
    """What a render produced."""

    video: Path
    seconds: float
    slides: int
    voice: str
    timeline: Timeline


def plan(article_path: Path) -> tuple[Article, Storyboard]:
    """Load and validate the article and build its storyboard (no rendering)."""
    article = load_article(article_path)
    return article, build_storyboard(article)


def choose_engine(article: Article, config: RenderConfig) -> tuple[Engine, str]:
    """The engine that will speak, and the voice's name."""
    if not config.narration:
        return SilentEngine(), "silent"
    name = config.voice or article.voice or DEFAULT_VOICE
    profile = load_profile(name, config.voices_dir)
    return make_engine(profile), profile.name


def preview(article_path: Path, config: RenderConfig,
            reporter: Reporter | None = None) -> tuple[Path, Path, int]:
    """Draw every slide state and a contact sheet into <out>/<slug>-preview/ (no audio/video)."""
    reporter = reporter or QuietReporter()
    _, storyboard = plan(article_path)
    theme = load_theme(config.theme)
    folder = config.out_dir / f"{storyboard.slug}-preview"
    steps = sum(slide.steps for slide in storyboard.slides)
    with reporter.stage(STAGES["slides"], steps) as advance:
        images = rasterize(storyboard, config.video, theme, folder, progress=advance)
    sheet = contact_sheet(images, theme, folder / "contact-sheet.png")
    return folder, sheet, steps


def render(article_path: Path, config: RenderConfig,
           reporter: Reporter | None = None) -> RenderResult:
    """Article file -> MP4 in config.out_dir. Nothing is left half-written on failure."""
    reporter = reporter or QuietReporter()
    with reporter.stage(STAGES["plan"], 1) as advance:
        article, storyboard = plan(article_path)
        engine, voice = choose_engine(article, config)
        theme = load_theme(config.theme)
        advance(1)
    config.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{storyboard.slug}-",
                                     dir=config.work_dir or config.out_dir) as work:
        work_dir = Path(work)
        steps = sum(slide.steps for slide in storyboard.slides)
        with reporter.stage(STAGES["slides"], steps) as advance:
            images = rasterize(storyboard, config.video, theme, work_dir / "slides",
                               progress=advance)
        with reporter.stage(STAGES["voice"], count_sentences(storyboard)) as advance:
            try:
                narration = narrate(storyboard, engine, voice, progress=advance)
            finally:
                engine.close()
        timeline = build_timeline(storyboard, narration, config.video.fps, config.pacing)
        track = mix(narration, timeline, work_dir / "narration.wav")
        out = config.out_dir / f"{storyboard.slug}.mp4"
        with reporter.stage(STAGES["video"], timeline.total_frames) as advance:
            last = [0]

            def frames_done(done: int) -> None:
                advance(done - last[0])
                last[0] = done

            encode(images, timeline, track, out, progress=frames_done)
    return RenderResult(out, float(timeline.duration), storyboard.total, voice, timeline)
