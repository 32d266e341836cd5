"""The orchestrator: calls the stages in order, for a plan made by `plan.make_plan`.

Nothing is decided here (the plan decided it) and nothing is computed here (the stages do
it). Only entry points import this module: the CLI and the batch runner.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from renderer import audio
from renderer.atomic import remove_partials
from renderer.clip_sound import ClipBed, clip_modes, clip_sounds
from renderer.config import Transition
from renderer.encode import Extras, aac, burn_captions, encode
from renderer.encode.gop import EncodeSettings
from renderer.errors import storage_error
from renderer.narration.speak import count_sentences, narrate_with_fallback
from renderer.outputs import Sidecars, write_sidecars
from renderer.outputs.captions import build_captions
from renderer.outputs.chapters import build_chapters
from renderer.outputs.contact import contact_sheet
from renderer.plan import RenderPlan, check_length
from renderer.progress import STAGES, QuietReporter, Reporter
from renderer.raster import rasterize
from renderer.raster.motion import moving_slides
from renderer.timeline import Timeline, build_timeline, visual_segments


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


def _render(plan: RenderPlan, reporter: Reporter) -> RenderResult:
    config, storyboard = plan.config, plan.storyboard
    audio.preload()
    config.out_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(plan.lock), tempfile.TemporaryDirectory(
            prefix=f"render-video-{plan.slug}-", dir=plan.scratch_parent) as scratch:
        work = Path(scratch)
        remove_partials(config.out_dir, plan.slug)
        steps = sum(slide.steps for slide in storyboard.slides)
        with reporter.stage(STAGES["slides"], steps) as advance:
            images = rasterize(storyboard, config.video, plan.theme, work / "slides",
                               progress=advance, store=plan.store("slides"),
                               workers=config.workers)
        with reporter.stage(STAGES["voice"], count_sentences(storyboard)) as advance:
            narration = narrate_with_fallback(
                storyboard, plan.voice, plan.speech_cache(), may_fall_back=plan.may_fall_back,
                voices_dir=config.voices_dir, workers=config.workers, progress=advance)
        timeline = build_timeline(storyboard, narration, config.video.fps, config.pacing)
        check_length(storyboard, timeline, plan.preset)
        settings = EncodeSettings(workers=config.workers, gop=plan.preset.gop_length(timeline.fps))
        transition = config.transition or Transition(plan.theme.transition)
        segments = visual_segments(timeline, transition, reveal_fade=plan.theme.reveal_fade)
        motions = moving_slides(storyboard, config.video, plan.theme)
        sounds = clip_sounds(clip_modes(storyboard, motions), segments, timeline)
        sound = aac.cached(audio.mix_key(narration, timeline, plan.music, sounds),
                           settings.audio_bitrate, plan.store("aac"))

        def make_sound() -> aac.EncodedAudio:  # runs while the pictures are being encoded
            track = audio.mix(narration, timeline, work / "narration.wav", music=plan.music,
                              store=plan.store("level"), sounds=sounds,
                              clips=ClipBed(sounds) if sounds else None)
            return aac.encode(track, settings.audio_bitrate, plan.store("aac"), config.workers)

        captions = build_captions(timeline)
        chapters = build_chapters(storyboard, timeline)
        with reporter.stage(STAGES["video"], timeline.total_frames) as advance:
            if config.burns is not None:
                segments, images = burn_captions(segments, images, captions, timeline,
                                                 plan.theme, work / "captioned", config.burns,
                                                 motions, settings.gop or 15)
            extras = Extras(plan.article.title, plan.article.language, captions, chapters)
            encode(images, timeline, segments, sound or make_sound, plan.files.video,
                   progress=advance, settings=settings, store=plan.store("gop"), extras=extras,
                   motions=motions)
        files = write_sidecars(Sidecars(plan.article, storyboard, plan.theme, timeline,
                                        captions, chapters, plan.inputs,
                                        plan.voice.profile.name,
                                        (config.video.width, config.video.height)),
                                plan.files)
    return RenderResult(plan.files.video, float(timeline.duration), storyboard.total,
                        narration.voice, timeline, files)


def preview(plan: RenderPlan, reporter: Reporter | None = None) -> tuple[Path, Path, int]:
    """Every slide state and a contact sheet into <out>/<slug>-preview/ (no audio/video)."""
    reporter = reporter or QuietReporter()
    folder = plan.config.out_dir / f"{plan.slug}-preview"
    steps = sum(slide.steps for slide in plan.storyboard.slides)
    with reporter.stage(STAGES["slides"], steps) as advance:
        images = rasterize(plan.storyboard, plan.config.video, plan.theme, folder,
                           progress=advance)
    sheet = contact_sheet(images, plan.theme, folder / "contact-sheet.png")
    return folder, sheet, steps
