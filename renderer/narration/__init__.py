"""Stage: Storyboard -> Narration (audio of every sentence, grouped by slide and cue)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from renderer.errors import VoiceError
from renderer.narration.base import Engine, Speech
from renderer.narration.sentences import split_sentences
from renderer.storyboard import Storyboard


@dataclass(frozen=True)
class SpokenSentence:
    """One sentence and its audio."""

    text: str
    speech: Speech


@dataclass(frozen=True)
class CueAudio:
    """The audio of one cue: its sentences in order."""

    step: int
    min_seconds: float
    sentences: tuple[SpokenSentence, ...]


@dataclass(frozen=True)
class SlideAudio:
    """The cues of one slide."""

    cues: tuple[CueAudio, ...]


@dataclass(frozen=True)
class Narration:
    """Audio for every slide of a storyboard, and which voice spoke it."""

    voice: str
    slides: tuple[SlideAudio, ...]


def count_sentences(storyboard: Storyboard) -> int:
    """How many sentences `narrate` will synthesise (for progress bars)."""
    return sum(len(split_sentences(cue.text)) for s in storyboard.slides for cue in s.cues)


def narrate(storyboard: Storyboard, engine: Engine, voice: str,
            progress: Callable[[int], None] | None = None) -> Narration:
    """Synthesise every sentence of every cue; identical sentences are spoken once."""
    memo: dict[str, Speech] = {}
    slides = []
    for slide in storyboard.slides:
        cues = []
        for cue in slide.cues:
            sentences = []
            for text in split_sentences(cue.text):
                if text not in memo:
                    try:
                        memo[text] = engine.synthesize(text)
                    except VoiceError:
                        raise
                    except Exception as exc:  # an engine failing is reported with its slide
                        raise VoiceError(
                            f"voice '{voice}' failed on slide {slide.number} "
                            f"({slide.title!r}): {exc}") from exc
                sentences.append(SpokenSentence(text, memo[text]))
                if progress:
                    progress(1)
            cues.append(CueAudio(cue.step, cue.min_seconds, tuple(sentences)))
        slides.append(SlideAudio(tuple(cues)))
    return Narration(voice, tuple(slides))
