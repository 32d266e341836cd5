"""Narration as data: the audio of every sentence, grouped by slide and cue, and the voice
that spoke it. `speak.narrate` makes it; the timeline, the mix and the captions read it."""

from __future__ import annotations

from dataclasses import dataclass

from renderer.narration.base import Speech


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
