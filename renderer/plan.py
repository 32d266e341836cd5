"""Everything decided before rendering, computed once into a frozen `RenderPlan`.

The article and its storyboard, the voice that will speak (after any fallback), the theme,
the preset and its length limit (checked on a reading-pace estimate), the music file, the
fingerprint of every input, the output files, the lock that keeps two renders of one output
apart, and where scratch files go. `render`, `validate` and `batch` all start from a plan,
so they cannot disagree about any of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from renderer.article import Article, load_article_noting, load_translated_noting, locate
from renderer.article.po import ALL
from renderer.atomic import lock_path
from renderer.config import CaptionStyle, RenderConfig, Transition, VideoSpec, default_cache_dir
from renderer.encode.gop import EncodeSettings
from renderer.errors import ArticleError, ConfigError
from renderer.fingerprint import fingerprint
from renderer.media import check_media
from renderer.narration.cache import SpeechCache
from renderer.narration.speak import narrate
from renderer.narration.voices import (
    Voice,
    default_voice,
    fallback_chain,
    load_profile,
    resolve_voice,
    silent_voice,
)
from renderer.outputs import OutputPaths, output_paths
from renderer.presets import Preset, get_preset
from renderer.progress import STAGES, QuietReporter, Reporter
from renderer.reveals import PHONE_PAGE, PHONE_PAGE_CAPTIONED
from renderer.store import BlobStore
from renderer.storyboard import Storyboard, build_storyboard
from renderer.theme import Theme, load_theme
from renderer.timeline import Timeline, build_timeline
from renderer.validate import check_glyphs

log = logging.getLogger(__name__)

READING_WPM = 160
"""Timing for --no-narration and for estimates: a comfortable reading pace."""

ESTIMATE_SLACK = 1.2
"""Before any speech exists, only a video clearly too long (by this factor) is refused."""


@dataclass(frozen=True)
class RenderPlan:
    """What a render of one article will do, decided before any of it is done. Every
    setting is resolved here, once; the stages below take these values and decide nothing."""

    article_path: Path
    article: Article
    storyboard: Storyboard
    config: RenderConfig
    """The options as given (the machine's share, the cache, the output folder)."""
    spec: VideoSpec
    """The frame: the preset's size (or the config's `size`) at the chosen rate."""
    preset: Preset
    encode: EncodeSettings
    """The encoder's settings, its GOP length the preset's rule at the frame rate."""
    voice: Voice
    """The voice that will speak (after fallbacks), or a silent one for --no-narration."""
    backups: tuple[Voice, ...]
    """The voices that take over, in order, if `voice` fails mid-render (its profile's
    fallbacks and theirs; none when the user named the voice and did not allow that)."""
    theme: Theme
    transition: Transition
    """Between slides: --transition, else the theme's."""
    captions: CaptionStyle | None
    """How captions are burned into the pictures, or None (they are not)."""
    language: str
    """The article's language (BCP-47): the tracks' and the metadata's."""
    music: Path | None
    """The background music file, or None."""
    inputs: str
    """Fingerprint of every input (renderer.fingerprint): a batch skips an article whose
    outputs carry the same one."""
    files: OutputPaths
    """Where each output goes."""
    lock: Path
    """Lock file held while rendering: one render of an output at a time on this machine."""
    source_slug: str = ""
    """The article's own slug (a translation's outputs add `.<lang>` to it; every
    language's web pages share `<source_slug>-web/`)."""
    warnings: tuple[str, ...] = ()
    """What the article holds that the video cannot show (a Markdown page's images, say),
    one line each, with the file and line."""

    @property
    def slug(self) -> str:
        return self.storyboard.slug

    @property
    def translation(self) -> bool:
        """Rendered through a catalogue: its outputs are `<source_slug>.<lang>.*`."""
        return self.files.video.stem != self.source_slug

    @cached_property
    def estimate(self) -> Timeline:
        """The timeline at reading pace (no synthesis), worked out when first asked for."""
        return estimate_timeline(self.storyboard, self.spec, self.config)

    @property
    def scratch_parent(self) -> Path | None:
        """Where the render's scratch folder is made (None: the system's temp folder),
        never the output folder: a killed render leaves nothing there."""
        return self.config.work_dir

    def store(self, kind: str) -> BlobStore | None:
        """The cache of one kind of entry, or None with --no-cache."""
        return BlobStore(self.cache_root, kind) if self.config.use_cache else None

    def speech_cache(self) -> SpeechCache | None:
        return SpeechCache(self.cache_root) if self.config.use_cache else None

    @property
    def cache_root(self) -> Path:
        return self.config.cache_dir or default_cache_dir()


def make_plan(
    article_path: Path,
    config: RenderConfig,
    reporter: Reporter | None = None,
    *,
    check: bool = True,
    warn: bool = True,
) -> RenderPlan:
    """Load, decide and (with `check`) check everything a render of `article_path` needs
    (the article's warnings are logged with `warn`);
    a mistake raises its error here, in seconds, before any rendering. A batch plans
    without checks first: outputs made from the same inputs passed them already, and
    only a job that will render is checked (`check_plan`)."""
    with (reporter or QuietReporter()).stage(STAGES["plan"], 1) as advance:
        article, slug, warnings = read_in_language(article_path, config)
        for warning in warnings if warn else ():
            log.warning("%s", warning)
        media = check_media(article, article_path)
        preset = get_preset(config.preset)
        spec = video_spec(config, preset)
        page = 0 if not spec.vertical else PHONE_PAGE_CAPTIONED if spec.caption_band else PHONE_PAGE
        storyboard = build_storyboard(article, media, page)
        voice = choose_voice(article, config, article_path)
        backups = backup_voices(voice, config)
        theme = load_theme(config.theme)
        encode = EncodeSettings(gop=preset.gop_length(spec.fps), workers=config.workers)
        music = music_path(article, article_path, config)
        plan = RenderPlan(
            article_path=article_path,
            article=article,
            storyboard=storyboard,
            config=config,
            spec=spec,
            preset=preset,
            encode=encode,
            voice=voice,
            backups=backups,
            theme=theme,
            transition=config.transition or Transition(theme.transition),
            captions=config.burns,
            language=article.language,
            music=music,
            inputs=fingerprint(
                article_path,
                config,
                spec=spec,
                encode=encode,
                theme=theme,
                voice=voice,
                music=music,
                media=[m.digest for m in media.values()],
            ),
            files=output_paths(config.out_dir, slug),
            lock=lock_path(config.out_dir / slug),
            source_slug=slug.split(".")[0],  # a slug has no dot: `<slug>.<lang>`
            warnings=tuple(warnings),
        )
        if check:
            check_plan(plan)
        advance(1)
    return plan


def read_in_language(path: Path, config: RenderConfig) -> tuple[Article, str, list[str]]:
    """The article as written, or in `config.lang` through its catalogue; the name its
    outputs take (`<slug>.<lang>` for a translation, named by the source's title so every
    language's files stand side by side); its warnings."""
    lang = config.lang
    if lang == ALL:
        raise ConfigError(
            "--lang all renders every language one after another",
            hint="use it with render or web (or name one language here)",
        )
    article, warnings = load_article_noting(path)
    if lang is None or lang.lower() == article.language.lower():
        return article, article.slug, warnings
    translated, warnings = load_translated_noting(path, lang, strict=config.strict)
    return translated, f"{article.slug}.{lang}", warnings


def video_spec(config: RenderConfig, preset: Preset) -> VideoSpec:
    """The output frame: the preset's size (or the config's `size`) at its `fps`, with a
    band for burned-in captions in a vertical frame."""
    width, height = config.size or (preset.width, preset.height)
    return VideoSpec(
        width, height, config.fps, caption_band=config.burns is not None and height > width
    )


def check_plan(plan: RenderPlan) -> None:
    """What can be known to go wrong before rendering: a character no bundled font draws,
    a video clearly too long for its preset (on the reading-pace estimate)."""
    check_glyphs(plan.article, plan.article_path, plan.theme)
    check_length(plan.storyboard, plan.estimate, plan.preset, slack=ESTIMATE_SLACK)


def choose_voice(article: Article, config: RenderConfig, article_path: Path) -> Voice:
    """The voice that will speak (after fallbacks), or a silent one for --no-narration. A
    voice the article names that does not exist is the article's error (file, line, field)."""
    if article.voice and config.voice is None:
        try:
            load_profile(article.voice, config.voices_dir)
        except ConfigError as exc:
            raise ArticleError(
                exc.message, location=locate(article_path, ("voice",)), field="voice", hint=exc.hint
            ) from None
    if not config.narration:
        return silent_voice(READING_WPM)
    name = config.voice or article.voice or default_voice(article.language)
    return resolve_voice(
        name,
        config.voices_dir,
        explicit=config.voice is not None,
        allow_fallback=config.allow_fallback,
    )


def backup_voices(voice: Voice, config: RenderConfig) -> tuple[Voice, ...]:
    """The voices that take over if `voice` fails mid-render (made, not loaded: each is
    tried when its turn comes), unless the user named the voice and did not allow that."""
    may_fall_back = config.voice is None or config.allow_fallback
    if not config.narration or not may_fall_back:
        return ()
    return fallback_chain(voice, config.voices_dir)


def music_path(article: Article, article_path: Path, config: RenderConfig) -> Path | None:
    """--music, else the article's `music` (relative to the article's folder), else None."""
    if config.music is not None:
        path = config.music
    elif article.music:
        path = article_path.parent / article.music
    else:
        return None
    if not path.is_file():
        raise ConfigError(
            f"music file {path} not found",
            hint="give a path relative to the article, or --music FILE",
        )
    return path


def estimate_timeline(storyboard: Storyboard, spec: VideoSpec, config: RenderConfig) -> Timeline:
    """The timeline at reading pace (no synthesis): a quick estimate of the length."""
    narration = narrate(storyboard, silent_voice(READING_WPM))
    return build_timeline(storyboard, narration, spec.fps, config.pacing)


def check_length(
    storyboard: Storyboard, timeline: Timeline, preset: Preset, slack: float = 1.0
) -> None:
    """Refuse a video longer than the preset allows, naming the longest slides to cut.
    With slack > 1 (an estimate), refuse only what is clearly too long."""
    seconds = float(timeline.duration)
    if preset.max_seconds is None or seconds <= preset.max_seconds * slack:
        return
    starts = [*timeline.slide_starts, timeline.total_frames]
    lengths = sorted(
        (
            (float((starts[i + 1] - starts[i]) / timeline.fps), slide.title)
            for i, slide in enumerate(storyboard.slides)
        ),
        reverse=True,
    )[:3]
    longest = ", ".join(f"'{title}' ({length:.0f} s)" for length, title in lengths)
    raise ConfigError(
        f"this article runs {'about ' if slack > 1 else ''}{seconds / 60:.1f} min; "
        f"{preset.name} takes at most "
        f"{preset.max_seconds / 60:.0f} min",
        hint=f"cut sections (longest: {longest}) or use a landscape preset: --preset youtube",
    )
