"""The orchestrator: calls the stages in order, for a plan made by `plan.make_plan`.

Nothing is decided here (the plan decided it) and nothing is computed here (the stages do
it). Only entry points import this module: the CLI and the batch runner.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from renderer import audio
from renderer.atomic import remove_partials
from renderer.clip_sound import ClipBed, clip_modes, clip_sounds
from renderer.encode import Extras, aac, burn_captions, encode
from renderer.errors import storage_error
from renderer.narration.speak import count_sentences, narrate_with_fallback
from renderer.outputs import Sidecars, write_sidecars
from renderer.outputs.captions import Caption, build_captions
from renderer.outputs.chapters import Chapter, build_chapters
from renderer.outputs.contact import contact_sheet
from renderer.plan import RenderPlan, check_length
from renderer.progress import STAGES, QuietReporter, Reporter
from renderer.raster import SlideImages, rasterize
from renderer.raster.motion import Moving, moving_slides
from renderer.timeline import Segment, Timeline, build_timeline, visual_segments
from renderer.web import WebExport, web_folder, write_web
from renderer.web.data import PageInputs
from renderer.web.languages import PART, edition


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


def render(plan: RenderPlan, reporter: Reporter | None = None) -> RenderResult:
    """The plan's article -> MP4 and sidecars. Nothing is left half-written on failure:
    every output is written beside its path and renamed when complete."""
    try:
        return _render(plan, reporter or QuietReporter())
    except OSError as exc:
        raise storage_error(exc, plan.config.out_dir) from exc


@dataclass
class _Made:
    """What the stages made that the outputs (the MP4, the web pages) are made of."""

    images: SlideImages
    timeline: Timeline
    segments: tuple[Segment, ...]
    motions: dict[int, Moving]
    captions: list[Caption]
    chapters: list[Chapter]
    voice: str
    sound: Callable[[], aac.EncodedAudio]
    """The encoded sound (mixed and encoded when first asked for, then kept)."""


def _stages(plan: RenderPlan, reporter: Reporter, work: Path) -> _Made:
    """Slides, narration, timeline and the sound's recipe, for a render or a web export."""
    config, storyboard, settings = plan.config, plan.storyboard, plan.encode
    steps = sum(slide.steps for slide in storyboard.slides)
    with reporter.stage(STAGES["slides"], steps) as advance:
        images = rasterize(
            storyboard,
            plan.spec,
            plan.theme,
            work / "slides",
            progress=advance,
            store=plan.store("slides"),
            workers=config.workers,
        )
    with reporter.stage(STAGES["voice"], count_sentences(storyboard)) as advance:
        narration = narrate_with_fallback(
            storyboard,
            plan.voice,
            plan.backups,
            plan.speech_cache(),
            workers=config.workers,
            progress=advance,
        )
    timeline = build_timeline(storyboard, narration, plan.spec.fps, config.pacing)
    check_length(storyboard, timeline, plan.preset)
    segments = visual_segments(timeline, plan.transition, reveal_fade=plan.theme.reveal_fade)
    motions = moving_slides(storyboard, plan.spec, plan.theme)
    sounds = clip_sounds(clip_modes(storyboard, motions), segments, timeline)
    made: list[aac.EncodedAudio] = []
    cached = aac.cached(
        audio.mix_key(narration, timeline, plan.music, sounds),
        settings.audio_bitrate,
        plan.store("aac"),
    )
    if cached is not None:
        made.append(cached)

    def sound() -> aac.EncodedAudio:  # runs while the pictures are being encoded
        if not made:
            track = audio.mix(
                narration,
                timeline,
                work / "narration.wav",
                music=plan.music,
                store=plan.store("level"),
                sounds=sounds,
                clips=ClipBed(sounds) if sounds else None,
            )
            made.append(
                aac.encode(track, settings.audio_bitrate, plan.store("aac"), config.workers)
            )
        return made[0]

    return _Made(
        images,
        timeline,
        segments,
        motions,
        build_captions(timeline),
        build_chapters(storyboard, timeline),
        narration.voice,
        sound,
    )


def _render(plan: RenderPlan, reporter: Reporter) -> RenderResult:
    config = plan.config
    audio.preload()
    config.out_dir.mkdir(parents=True, exist_ok=True)
    with (
        FileLock(plan.lock),
        tempfile.TemporaryDirectory(
            prefix=f"render-video-{plan.slug}-", dir=plan.scratch_parent
        ) as scratch,
    ):
        work = Path(scratch)
        remove_partials(config.out_dir, plan.slug)
        made = _stages(plan, reporter, work)
        timeline = made.timeline
        with reporter.stage(STAGES["video"], timeline.total_frames) as advance:
            segments, images = made.segments, made.images
            if plan.captions is not None:
                segments, images = burn_captions(
                    segments,
                    images,
                    made.captions,
                    timeline,
                    plan.theme,
                    work / "captioned",
                    plan.captions,
                    made.motions,
                    plan.encode.gop,
                    language=plan.language,
                )
            extras = Extras(plan.article.title, plan.language, made.captions, made.chapters)
            encode(
                images,
                timeline,
                segments,
                made.sound,
                plan.files.video,
                progress=advance,
                settings=plan.encode,
                store=plan.store("gop"),
                extras=extras,
                motions=made.motions,
            )
        pages = _pages(_web(plan, made, reporter), plan.language) if config.web else {}
        files = write_sidecars(
            Sidecars(
                plan.article,
                plan.storyboard,
                plan.theme,
                timeline,
                made.captions,
                made.chapters,
                plan.inputs,
                plan.voice.profile.name,
                (plan.spec.width, plan.spec.height),
                plan.preset.name,
                pages,
            ),
            plan.files,
        )
    return RenderResult(
        plan.files.video,
        float(timeline.duration),
        plan.storyboard.total,
        made.voice,
        timeline,
        files,
    )


def web(plan: RenderPlan, reporter: Reporter | None = None) -> Path:
    """The plan's article as web pages only (no MP4): `<out>/<slug>-web/`; returns it."""
    reporter = reporter or QuietReporter()
    audio.preload()
    plan.config.out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with (
            FileLock(plan.lock),
            tempfile.TemporaryDirectory(
                prefix=f"render-video-{plan.slug}-", dir=plan.scratch_parent
            ) as scratch,
        ):
            return _web(plan, _stages(plan, reporter, Path(scratch)), reporter)
    except OSError as exc:
        raise storage_error(exc, plan.config.out_dir) from exc


def _pages(folder: Path, lang: str) -> dict[str, Path]:
    """The web pages in the metadata: the player, and this language's part of the folder
    (a batch renders the language again if it is gone: left out as stale, or deleted)."""
    return {"web": folder / "index.html", "web_language": folder / "assets" / lang / PART}


def _web(plan: RenderPlan, made: _Made, reporter: Reporter) -> Path:
    storyboard, config = plan.storyboard, plan.config
    inputs = PageInputs(
        storyboard,
        made.timeline,
        made.segments,
        made.captions,
        made.chapters,
        plan.voice.profile.name,
        (),
        "",
        (plan.spec.width, plan.spec.height),
    )
    steps = sum(len(row) for row in made.images.paths)
    with reporter.stage(STAGES["web"], steps) as advance:
        return write_web(
            WebExport(
                inputs,
                made.images,
                made.sound(),
                plan.theme,
                source=not plan.translation,
                edition=edition(plan.article_path, inputs.size, plan.theme.model_dump_json()),
                again=f"render-video web {plan.article_path} --lang {{lang}}",
            ),
            web_folder(config.out_dir, plan.source_slug),
            plan.store("web"),
            config.workers,
            advance,
        )


def preview(plan: RenderPlan, reporter: Reporter | None = None) -> tuple[Path, Path, int]:
    """Every slide state and a contact sheet into <out>/<slug>-preview/ (no audio/video)."""
    reporter = reporter or QuietReporter()
    folder = plan.config.out_dir / f"{plan.slug}-preview"
    steps = sum(slide.steps for slide in plan.storyboard.slides)
    with reporter.stage(STAGES["slides"], steps) as advance:
        images = rasterize(
            plan.storyboard,
            plan.spec,
            plan.theme,
            folder,
            progress=advance,
            suffix=".png",
            workers=plan.config.workers,
        )
    sheet = contact_sheet(images, plan.theme, folder / "contact-sheet.png")
    return folder, sheet, steps
