"""The orchestrator: the only place that calls the stages, in order."""

from __future__ import annotations

import importlib
import logging
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from filelock import FileLock

from renderer import aac
from renderer.article import Article, load_article, locate
from renderer.audio import mix, mix_key
from renderer.burn import burn_captions
from renderer.captions import build_captions, write_srt, write_vtt
from renderer.chapters import build_chapters
from renderer.compose import EncodeSettings, encode
from renderer.config import RenderConfig, Transition
from renderer.errors import ArticleError, ConfigError, VoiceError, storage_error
from renderer.fingerprint import fingerprint
from renderer.metadata import build_metadata, write_metadata
from renderer.mux import Extras
from renderer.narration import Narration, count_sentences, narrate
from renderer.narration.cache import SpeechCache
from renderer.presets import Preset, get_preset
from renderer.raster import rasterize
from renderer.raster.contact import contact_sheet
from renderer.raster.thumbnail import write_thumbnail
from renderer.store import BlobStore, default_cache_dir
from renderer.storyboard import Storyboard, build_storyboard
from renderer.theme import Theme, load_theme
from renderer.timeline import Timeline, build_timeline, visual_segments
from renderer.validate import check_glyphs
from renderer.voices import DEFAULT_VOICE, Voice, load_profile, resolve_voice, silent_voice

log = logging.getLogger(__name__)


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
    files: dict[str, Path] = field(default_factory=dict)
    """Everything written, by kind: video, captions, thumbnail, metadata."""


def plan(article_path: Path) -> tuple[Article, Storyboard]:
    """Load and validate the article and build its storyboard (no rendering)."""
    article = load_article(article_path)
    return article, build_storyboard(article)


READING_WPM = 160
"""Timing for --no-narration: a comfortable reading pace for a viewer."""


def choose_voice(article: Article, config: RenderConfig,
                 article_path: Path | None = None) -> Voice:
    """The voice that will speak (after fallbacks), or a silent one for --no-narration. A
    voice the article names that does not exist is the article's error (file, line, field)."""
    if article.voice and config.voice is None and article_path is not None:
        try:
            load_profile(article.voice, config.voices_dir)
        except ConfigError as exc:
            raise ArticleError(exc.message, location=locate(article_path, ("voice",)),
                               field="voice", hint=exc.hint) from None
    if not config.narration:
        return silent_voice(READING_WPM)
    name = config.voice or article.voice or DEFAULT_VOICE
    return resolve_voice(name, config.voices_dir, explicit=config.voice is not None,
                         allow_fallback=config.allow_fallback)


def cache_root(config: RenderConfig) -> Path:
    """Where this render's caches live."""
    return config.cache_dir or default_cache_dir()


def store(config: RenderConfig, kind: str) -> BlobStore | None:
    """The cache store of one kind, or None with --no-cache."""
    return BlobStore(cache_root(config), kind) if config.use_cache else None


def narrate_with_fallback(storyboard: Storyboard, voice: Voice, config: RenderConfig,
                          progress: Callable[[int], None]) -> Narration:
    """Narrate; if the voice fails mid-render and may fall back, narrate again with the next."""
    cache = SpeechCache(cache_root(config)) if config.use_cache else None
    try:
        return narrate(storyboard, voice, cache, progress=progress, workers=config.workers)
    except VoiceError as exc:
        explicit = config.voice is not None and not config.allow_fallback
        if explicit or not voice.profile.fallback:
            raise
        log.warning("%s; narrating with '%s' instead", exc.message, voice.profile.fallback[0])
        backup = resolve_voice(voice.profile.fallback[0], config.voices_dir)
        try:
            return narrate(storyboard, backup, cache, workers=config.workers)
        finally:
            backup.engine.close()
    finally:
        voice.engine.close()


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


def music_path(article: Article, article_path: Path, config: RenderConfig) -> Path | None:
    """--music, else the article's `music` (relative to the article's folder), else None."""
    if config.music is not None:
        path = config.music
    elif article.music:
        path = article_path.parent / article.music
    else:
        return None
    if not path.is_file():
        raise ConfigError(f"music file {path} not found",
                          hint="give a path relative to the article, or --music FILE")
    return path


def render(article_path: Path, config: RenderConfig,
           reporter: Reporter | None = None) -> RenderResult:
    """Article file -> MP4 and sidecars in config.out_dir. Nothing is left half-written on
    failure: every output is written beside its path and renamed when complete."""
    try:
        return _render(article_path, config, reporter)
    except OSError as exc:
        raise storage_error(exc, config.out_dir) from exc


def _render(article_path: Path, config: RenderConfig,
            reporter: Reporter | None = None) -> RenderResult:
    reporter = reporter or QuietReporter()
    # the loudness meter pulls in scipy.signal (seconds of imports): load it while the slides
    # are drawn and the narration is spoken, not when the mix needs it
    threading.Thread(target=importlib.import_module, args=("pyloudnorm",), daemon=True).start()
    with reporter.stage(STAGES["plan"], 1) as advance:
        article, storyboard = plan(article_path)
        voice = choose_voice(article, config, article_path)
        theme = load_theme(config.theme)
        check_glyphs(article, article_path, theme)
        preset = get_preset(config.preset)
        if preset.max_seconds is not None:  # refuse early on a reading-pace estimate
            check_length(storyboard, estimate_timeline(storyboard, config), preset, slack=1.2)
        advance(1)
    config.out_dir.mkdir(parents=True, exist_ok=True)
    # one render of an article into a folder at a time on this machine (two at once would do
    # the work twice; across machines each output's atomic rename keeps it whole)
    with FileLock(_lock_path(config.out_dir / storyboard.slug)):
        return _render_locked(article, article_path, storyboard, voice, theme, preset, config,
                              reporter)


def _lock_path(target: Path) -> Path:
    """A lock file for one output, in the system's temp folder (not the output folder)."""
    import hashlib

    folder = Path(tempfile.gettempdir()) / "render-video-locks"
    folder.mkdir(exist_ok=True)
    return folder / f"{hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:24]}.lock"


def _render_locked(article: Article, article_path: Path, storyboard: Storyboard, voice: Voice,
                   theme: Theme, preset: Preset, config: RenderConfig,
                   reporter: Reporter) -> RenderResult:
    # scratch files live outside the output folder: a killed render leaves nothing there
    for stale in config.out_dir.glob(f".{storyboard.slug}.*partial*"):
        stale.unlink(missing_ok=True)
    music = music_path(article, article_path, config)
    inputs = fingerprint(article_path, voice.profile.name, music, config)
    with tempfile.TemporaryDirectory(prefix=f"render-video-{storyboard.slug}-",
                                     dir=config.work_dir) as work:
        work_dir = Path(work)
        steps = sum(slide.steps for slide in storyboard.slides)
        with reporter.stage(STAGES["slides"], steps) as advance:
            images = rasterize(storyboard, config.video, theme, work_dir / "slides",
                               progress=advance, store=store(config, "slides"),
                               workers=config.workers)
        with reporter.stage(STAGES["voice"], count_sentences(storyboard)) as advance:
            narration = narrate_with_fallback(storyboard, voice, config, advance)
        timeline = build_timeline(storyboard, narration, config.video.fps, config.pacing)
        check_length(storyboard, timeline, preset)
        settings = EncodeSettings(workers=config.workers, gop=preset.gop_length(timeline.fps))
        sound = aac.cached(mix_key(narration, timeline, music), settings.audio_bitrate,
                           store(config, "aac"))

        def make_sound() -> aac.EncodedAudio:  # runs while the pictures are being encoded
            track = mix(narration, timeline, work_dir / "narration.wav", music=music,
                        store=store(config, "level"))
            return aac.encode(track, settings.audio_bitrate, store(config, "aac"),
                              config.workers)

        cues = build_captions(timeline)
        chapters = build_chapters(storyboard, timeline)
        slug = storyboard.slug
        files = {"video": config.out_dir / f"{slug}.mp4"}
        with reporter.stage(STAGES["video"], timeline.total_frames) as advance:
            transition = config.transition or Transition(theme.transition)
            segments = visual_segments(timeline, transition, reveal_fade=theme.reveal_fade)
            if config.burn_captions:
                segments, images = burn_captions(segments, images, cues, timeline, theme,
                                                 work_dir / "captioned")
            extras = Extras(article.title, article.language, cues, chapters)
            encode(images, timeline, segments, sound or make_sound, files["video"],
                   progress=advance,
                   settings=settings, store=store(config, "gop"), extras=extras)
        files["captions_srt"] = write_srt(cues, config.out_dir / f"{slug}.srt")
        files["captions_vtt"] = write_vtt(cues, config.out_dir / f"{slug}.vtt")
        files["thumbnail"] = write_thumbnail(storyboard, theme, float(timeline.duration),
                                             config.out_dir / f"{slug}.jpg")
        files["description"] = config.out_dir / f"{slug}.description.txt"
        files["metadata"] = config.out_dir / f"{slug}.json"
        meta = build_metadata(article, chapters, float(timeline.duration), files, inputs,
                              voice.profile.name)
        write_metadata(meta, files["metadata"], files["description"])
    out = files["video"]
    return RenderResult(out, float(timeline.duration), storyboard.total, narration.voice,
                        timeline, files)


def estimate_timeline(storyboard: Storyboard, config: RenderConfig) -> Timeline:
    """The timeline at reading pace (no synthesis): a quick estimate of the length."""
    narration = narrate(storyboard, silent_voice())
    return build_timeline(storyboard, narration, config.video.fps, config.pacing)


def check_length(storyboard: Storyboard, timeline: Timeline, preset: Preset,
                 slack: float = 1.0) -> None:
    """Refuse a video longer than the preset allows, naming the longest slides to cut.
    With slack > 1 (an estimate), refuse only what is clearly too long."""
    seconds = float(timeline.duration)
    if preset.max_seconds is None or seconds <= preset.max_seconds * slack:
        return
    starts = [*timeline.slide_starts, timeline.total_frames]
    lengths = sorted(((float((starts[i + 1] - starts[i]) / timeline.fps), slide.title)
                      for i, slide in enumerate(storyboard.slides)), reverse=True)[:3]
    longest = ", ".join(f"'{title}' ({length:.0f} s)" for length, title in lengths)
    raise ConfigError(
        f"this article runs {'about ' if slack > 1 else ''}{seconds / 60:.1f} min; "
        f"{preset.name} takes at most "
        f"{preset.max_seconds / 60:.0f} min",
        hint=f"cut sections (longest: {longest}) or use a landscape preset: --preset youtube")
