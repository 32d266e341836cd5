"""Stage: Storyboard -> Narration (audio of every sentence, grouped by slide and cue)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from renderer.errors import VoiceError
from renderer.narration.base import Engine, Speech
from renderer.narration.cache import SpeechCache, cache_key
from renderer.narration.sentences import split_sentences
from renderer.storyboard import Storyboard

if TYPE_CHECKING:
    from renderer.voices import Voice


@dataclass(frozen=True)
class SpokenSentence:
    """One sentence and its audio."""

    text: str
    speech: Speech
    key: str = ""
    """Content address of the audio (what the mix cache keys on)."""


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


def narrate(storyboard: Storyboard, voice: Voice, cache: SpeechCache | None = None,
            progress: Callable[[int], None] | None = None) -> Narration:
    """Synthesise every sentence of every cue; identical sentences are spoken once, and
    sentences already in the cache are not synthesised at all."""
    engine, lexicon = voice.engine, voice.lexicon
    identity = engine.identity()
    memo: dict[str, Speech] = {}
    slides = []
    for slide in storyboard.slides:
        cues = []
        for cue in slide.cues:
            sentences = []
            for text in split_sentences(cue.text):
                spoken = lexicon.apply(text, ipa=engine.speaks_ipa)
                key = cache_key(identity, lexicon.digest, spoken)
                if spoken not in memo:
                    memo[spoken] = _speak(spoken, key, engine, cache, voice.name,
                                          slide.number, slide.title)
                sentences.append(SpokenSentence(text, memo[spoken], key))
                if progress:
                    progress(1)
            cues.append(CueAudio(cue.step, cue.min_seconds, tuple(sentences)))
        slides.append(SlideAudio(tuple(cues)))
    return Narration(voice.name, tuple(slides))


def _speak(spoken: str, key: str, engine: Engine, cache: SpeechCache | None, voice: str,
           number: int, title: str) -> Speech:
    if cache is not None:
        hit = cache.get(engine.name, key)
        if hit is not None:
            return hit
    try:
        speech = engine.synthesize(spoken)
    except VoiceError as exc:
        exc.message = f"voice '{voice}' failed on slide {number} ({title!r}): {exc.message}"
        raise
    except Exception as exc:  # an engine failing is reported with its slide
        raise VoiceError(f"voice '{voice}' failed on slide {number} ({title!r}): {exc}") from exc
    if cache is not None:
        cache.put(engine.name, key, speech)
    return speech
