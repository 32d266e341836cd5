"""Frame-exact timing with the silent engine (fast, no voice)."""

from __future__ import annotations

import wave
from fractions import Fraction

import pytest

from renderer.audio import SAMPLE_RATE, mix
from renderer.config import Pacing
from renderer.narration import narrate
from renderer.storyboard import Storyboard
from renderer.timeline import build_timeline, frames_for
from renderer.voices import silent_voice


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


def test_each_step_starts_on_the_frame_its_words_start(storyboard: Storyboard,
                                                      narration) -> None:
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    starts = {(s.slide, s.step): s.start for s in timeline.spans}
    for clip in timeline.clips:
        slide = storyboard.slides[clip.slide]
        cue = slide.cues[clip.cue]
        if clip.sentence == 0 and cue.step > 0 and cue.text and \
                slide.cues[clip.cue - 1].step != cue.step:
            assert starts[(clip.slide, cue.step)] == clip.start


def test_no_sentence_is_cut(storyboard: Storyboard, narration) -> None:
    fps = Fraction(30)
    timeline = build_timeline(storyboard, narration, fps, Pacing())
    spans = {(s.slide): s for s in timeline.spans}
    slide_end = {s: max(sp.end for sp in timeline.spans if sp.slide == s) for s in spans}
    for clip in timeline.clips:
        speech = narration.slides[clip.slide].cues[clip.cue].sentences[clip.sentence].speech
        assert clip.frames * speech.sample_rate >= len(speech.samples) * fps
        assert clip.start + clip.frames <= slide_end[clip.slide]


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
