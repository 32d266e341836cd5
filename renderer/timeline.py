"""Stage: Storyboard + Narration -> Timeline, a frame-exact schedule. Pure data, no I/O.

Every sentence gets a whole number of frames (its audio rounded up), so a reveal step
starts on the very frame its first words start, nothing is ever cut, and the audio track
is exactly as long as the video (`total_frames / fps`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from renderer.config import Pacing, Transition
from renderer.narration.base import Speech
from renderer.narration.model import Narration
from renderer.storyboard_model import Storyboard


@dataclass(frozen=True)
class StepSpan:
    """Frames [start, end) during which one reveal step of one slide is on screen."""

    slide: int
    """0-based slide index."""
    step: int
    start: int
    end: int

    @property
    def frames(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class TimedWord:
    """A written word and when it is spoken, in seconds from the start of the video."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class SentencePlacement:
    """Where one spoken sentence starts."""

    slide: int
    cue: int
    sentence: int
    start: int
    """First frame of the sentence."""
    frames: int
    """Frames reserved for it (its audio, rounded up)."""
    text: str
    words: tuple[TimedWord, ...] = ()
    timed: bool = False
    """True if the voice timed the words; False if they are estimates."""


@dataclass(frozen=True)
class Timeline:
    """The whole video in frames."""

    fps: Fraction
    total_frames: int
    spans: tuple[StepSpan, ...]
    sentences: tuple[SentencePlacement, ...]
    """Every spoken sentence, in the order spoken."""
    slide_starts: tuple[int, ...]
    """First frame of each slide."""

    @property
    def duration(self) -> Fraction:
        """Exact length in seconds."""
        return self.total_frames / self.fps

    def seconds(self, frame: int) -> float:
        """Frame index -> seconds (for captions and chapters)."""
        return float(frame / self.fps)


def frames_for(seconds: float, fps: Fraction) -> int:
    """Whole frames needed to hold `seconds` (rounded up, never cuts audio)."""
    return math.ceil(Fraction(seconds).limit_denominator(1_000_000) * fps - Fraction(1, 10**6))


def build_timeline(
    storyboard: Storyboard, narration: Narration, fps: Fraction, pacing: Pacing
) -> Timeline:
    """Place every slide, reveal step and sentence on whole frames."""
    gap_sentence = round(pacing.between_sentences * fps)
    gap_step = round(pacing.between_steps * fps)
    lead_in = round(pacing.lead_in * fps)
    tail = round(pacing.tail * fps)
    spans: list[StepSpan] = []
    sentences: list[SentencePlacement] = []
    starts: list[int] = []
    frame = 0
    for s, (slide, audio) in enumerate(zip(storyboard.slides, narration.slides, strict=True)):
        starts.append(frame)
        step_starts = {0: frame}
        cursor = frame + lead_in
        current_step = 0
        spoke = True
        for c, cue in enumerate(audio.cues):
            if cue.step > current_step:  # (a step that began on a word stays begun)
                if spoke:  # breathe after speech; silent beats (countdowns) run back to back
                    cursor += gap_step
                for missing in range(current_step + 1, cue.step + 1):
                    step_starts.setdefault(missing, cursor)
                current_step = cue.step
            cue_start = cursor
            said: list[TimedWord] = []
            for k, sentence in enumerate(cue.sentences):
                if k:
                    cursor += gap_sentence
                speech = sentence.speech
                length = frames_for(speech.seconds, fps)
                words = _placed(speech, cursor / fps)
                said.extend(words)
                sentences.append(
                    SentencePlacement(s, c, k, cursor, length, sentence.text, words, speech.timed)
                )
                cursor += length
            for step, word in slide.cues[c].marks:  # steps revealed on a word of this cue
                if word < len(said):
                    step_starts.setdefault(
                        step, max(cue_start, math.floor(said[word].start * fps + 1e-3))
                    )  # (times are rounded to 0.1 ms)
                    current_step = max(current_step, step)
            cursor = max(cursor, cue_start + frames_for(cue.min_seconds, fps))
            spoke = bool(cue.sentences)
        for step in range(current_step + 1, slide.steps):
            step_starts.setdefault(step, cursor)
        end = cursor + tail
        ordered = [step_starts[step] for step in range(slide.steps)] + [end]
        for step in range(slide.steps):
            spans.append(StepSpan(s, step, ordered[step], ordered[step + 1]))
        frame = end
    return Timeline(fps, frame, tuple(spans), tuple(sentences), tuple(starts))


def _placed(speech: Speech, at: Fraction) -> tuple[TimedWord, ...]:
    """A sentence's words in seconds of the video (`at`: where its audio starts)."""
    rate = speech.sample_rate
    return tuple(
        TimedWord(
            w.text,
            round(float(at + Fraction(w.start, rate)), 4),
            round(float(at + Fraction(w.end, rate)), 4),
        )
        for w in speech.words
    )


@dataclass(frozen=True)
class Still:
    """A picture held for `frames` frames: slide `slide`, reveal step `step`."""

    slide: int
    step: int
    start: int
    frames: int


@dataclass(frozen=True)
class Blend:
    """An animated span from one picture to another over `frames` frames.

    Frame i shows `mix(a, b, (i + 1) / (frames + 1))`; with `through_black` the span dips to
    black in the middle instead of dissolving directly.
    """

    a: tuple[int, int]
    """(slide, step) shown at the start."""
    b: tuple[int, int]
    """(slide, step) shown at the end."""
    start: int
    frames: int
    through_black: bool = False
    offset: int = 0
    """For a part of a longer animation: how many of its frames came before this part."""
    total: int = 0
    """For a part of a longer animation: the whole animation's frames (0: this one's)."""

    @property
    def whole(self) -> int:
        return self.total or self.frames


Segment = Still | Blend


def visual_segments(
    timeline: Timeline, transition: Transition = Transition.CROSSFADE, reveal_fade: float = 0.2
) -> tuple[Segment, ...]:
    """Cut the timeline into held pictures and short animations, frame-exactly.

    A slide transition is centred on the cut between two slides (it falls in the silent tail
    of one slide and the lead-in of the next, so it never moves a word); a reveal fades the
    new bullet in starting on the frame its words start. Segments tile [0, total_frames).
    """
    fps = timeline.fps
    length = {
        Transition.CROSSFADE: round(Fraction(2, 5) * fps),
        Transition.DIP: round(Fraction(3, 5) * fps),
        Transition.NONE: 0,
    }[transition]
    fade = round(Fraction(reveal_fade).limit_denominator(100) * fps)
    # animated spans, keyed by start frame
    blends: list[Blend] = []
    spans = timeline.spans
    for i in range(1, len(spans)):
        before, after = spans[i - 1], spans[i]
        if after.slide != before.slide:
            frames = min(length, before.frames // 2 * 2, after.frames // 2 * 2)
            if frames >= 2:
                blends.append(
                    Blend(
                        (before.slide, before.step),
                        (after.slide, after.step),
                        after.start - frames // 2,
                        frames,
                        transition is Transition.DIP,
                    )
                )
        else:
            frames = min(fade, after.frames // 2)
            if frames >= 2:
                blends.append(
                    Blend(
                        (before.slide, before.step), (after.slide, after.step), after.start, frames
                    )
                )
    segments: list[Segment] = []
    cursor = 0
    blend_iter = iter(sorted(blends, key=lambda b: b.start))
    upcoming = next(blend_iter, None)
    for span in spans:
        start, end = max(span.start, cursor), span.end
        while upcoming is not None and upcoming.start < end:
            if upcoming.start > start:
                segments.append(Still(span.slide, span.step, start, upcoming.start - start))
            segments.append(upcoming)
            start = cursor = upcoming.start + upcoming.frames
            upcoming = next(blend_iter, None)
        if end > start:
            segments.append(Still(span.slide, span.step, start, end - start))
        cursor = max(cursor, end)
    return tuple(segments)
