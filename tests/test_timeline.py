"""Frame-exact timing with the silent engine (fast, no voice)."""

from __future__ import annotations

import wave
from fractions import Fraction

import pytest

from renderer.audio import SAMPLE_RATE, mix
from renderer.config import Pacing, Transition, VideoSpec
from renderer.encode.planning import plan_jobs
from renderer.narration.speak import narrate
from renderer.narration.voices import silent_voice
from renderer.raster import SlideImages
from renderer.storyboard_model import Storyboard
from renderer.timeline import Blend, build_timeline, frames_for, visual_segments


@pytest.fixture(scope="module")
def narration(storyboard: Storyboard):
    return narrate(storyboard, silent_voice(150))


@pytest.mark.parametrize("fps", [Fraction(30), Fraction(25), Fraction(30000, 1001)])
def test_spans_tile_the_video(storyboard: Storyboard, narration, fps: Fraction) -> None:
    timeline = build_timeline(storyboard, narration, fps, Pacing())
    frame = 0
    for span in timeline.spans:
        assert span.start == frame and span.end > span.start
        frame = span.end
    assert frame == timeline.total_frames
    assert len(timeline.slide_starts) == storyboard.total


def test_each_step_starts_on_the_frame_its_words_start(storyboard: Storyboard, narration) -> None:
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    starts = {(s.slide, s.step): s.start for s in timeline.spans}
    for placed in timeline.sentences:
        slide = storyboard.slides[placed.slide]
        cue = slide.cues[placed.cue]
        if (
            placed.sentence == 0
            and cue.step > 0
            and cue.text
            and slide.cues[placed.cue - 1].step != cue.step
        ):
            assert starts[(placed.slide, cue.step)] == placed.start


def test_no_sentence_is_cut(storyboard: Storyboard, narration) -> None:
    fps = Fraction(30)
    timeline = build_timeline(storyboard, narration, fps, Pacing())
    spans = {(s.slide): s for s in timeline.spans}
    slide_end = {s: max(sp.end for sp in timeline.spans if sp.slide == s) for s in spans}
    for placed in timeline.sentences:
        speech = narration.slides[placed.slide].cues[placed.cue].sentences[placed.sentence].speech
        assert placed.frames * speech.sample_rate >= len(speech.samples) * fps
        assert placed.start + placed.frames <= slide_end[placed.slide]


def test_quiz_countdown_lasts_its_beats(storyboard: Storyboard, narration) -> None:
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    quiz = [s for s in timeline.spans if s.slide == 19]
    assert [s.frames for s in quiz[1:4]] == [30, 30, 30]


def test_frames_for_rounds_up() -> None:
    assert frames_for(1.0, Fraction(30)) == 30
    assert frames_for(1.001, Fraction(30)) == 31
    assert frames_for(0.0, Fraction(30)) == 0


def test_mixed_track_is_exactly_as_long_as_the_video(storyboard, narration, tmp_path) -> None:
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    track = mix(narration, timeline, tmp_path / "a.wav")
    with wave.open(str(track.path)) as wav:
        assert wav.getframerate() == SAMPLE_RATE
        assert wav.getnchannels() == 2
        assert wav.getnframes() == timeline.total_frames * SAMPLE_RATE // 30


@pytest.mark.parametrize("transition", list(Transition))
def test_visual_segments_tile_the_video_without_moving_words(
    storyboard: Storyboard, narration, transition: Transition
) -> None:
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    segments = visual_segments(timeline, transition)
    frame = 0
    for segment in segments:
        assert segment.start == frame and segment.frames > 0
        frame += segment.frames
    assert frame == timeline.total_frames
    blends = [s for s in segments if isinstance(s, Blend)]
    cuts = [s for s in blends if s.a[0] != s.b[0]]
    if transition is Transition.NONE:
        assert not cuts
    else:
        assert len(cuts) == storyboard.total - 1
        starts = timeline.slide_starts
        for cut in cuts:  # centred on the cut, inside the silence around it
            assert cut.start + cut.frames // 2 == starts[cut.b[0]]
    reveals = [s for s in blends if s.a[0] == s.b[0]]
    step_starts = {(s.slide, s.step): s.start for s in timeline.spans}
    for reveal in reveals:
        assert reveal.start == step_starts[reveal.b], "fade starts with the words"


def test_held_pictures_are_encoded_once_per_length(
    storyboard: Storyboard, narration, tmp_path
) -> None:
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    segments = visual_segments(timeline, Transition.NONE)
    paths = tuple(
        tuple(tmp_path / f"{i}-{k}.png" for k in range(s.steps))
        for i, s in enumerate(storyboard.slides)
    )
    images = SlideImages(paths, VideoSpec(640, 360))
    placed = plan_jobs(segments, images, 15)
    assert sum(job.frames for _, job in placed) == timeline.total_frames
    assert all(job.frames <= 15 for _, job in placed)
    stills = [job for _, job in placed if job.still]
    encoded = {job.still for job in stills}  # one full GOP per picture is all that is encoded
    assert len(encoded) <= sum(s.steps for s in storyboard.slides)
    assert len(stills) > 5 * len(encoded), "GOPs are reused"
    for job in stills:  # shorter ones are prefixes of the full GOP: lengths 1 mod 3
        assert job.total == 15 and (job.frames == 15 or job.frames % 3 == 1)


def test_each_picture_is_decoded_by_its_own_slides_task(
    storyboard: Storyboard, narration, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A picture is decoded once for its slide's GOPs, and once more only where a transition
    from the slide before blends into it (held GOPs were all one task's before)."""
    from collections import Counter

    from renderer.encode import frames, video
    from renderer.encode.gop import EncodeSettings
    from renderer.raster import rasterize
    from renderer.theme import load_theme

    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    segments = visual_segments(timeline, Transition.CROSSFADE, reveal_fade=0.2)
    images = rasterize(storyboard, VideoSpec(320, 180), load_theme(), tmp_path, workers=1)
    loads: Counter[str] = Counter()
    real = frames.load_yuv

    def counted(path: str):
        loads[path] += 1
        return real(path)

    monkeypatch.setattr(frames, "load_yuv", counted)
    jobs = [job for _, job in plan_jobs(segments, images, 15)]
    encoded = video._encode_all(
        jobs, images, Fraction(30), 15, EncodeSettings(gop=15, workers=1), None, None
    )
    assert set(jobs) <= set(encoded)
    assert len(loads) == sum(len(row) for row in images.paths), "every picture is used"
    assert max(loads.values()) <= 2
    assert sum(1 for n in loads.values() if n == 2) < len(storyboard.slides)


def test_theme_chooses_transition_and_reveal_fade(
    storyboard: Storyboard, narration, tmp_path
) -> None:
    from renderer.theme import THEMES_DIR, load_theme

    text = (THEMES_DIR / "cinematic-dark.yaml").read_text()
    custom = tmp_path / "cuts.yaml"
    custom.write_text(
        text.replace("transition: crossfade", "transition: none").replace(
            "reveal_fade: 0.2", "reveal_fade: 0"
        )
    )
    theme = load_theme(str(custom))
    assert (theme.transition, theme.reveal_fade) == ("none", 0)
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    segments = visual_segments(
        timeline, Transition(theme.transition), reveal_fade=theme.reveal_fade
    )
    assert not [s for s in segments if isinstance(s, Blend)], "hard cuts only"
    assert load_theme().transition == "crossfade"
