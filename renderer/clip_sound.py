"""The sound of clips in the mix: a clip marked `duck` plays under the narration like music
(at MUSIC_LUFS, 15 dB down while anyone speaks), one marked `keep` at its own level with the
narration over it; `mute` clips add nothing. Each starts on the frame its clip starts
playing, so picture and sound stay together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from renderer.article import Section
from renderer.audio import sample_at
from renderer.loudness import DUAL_MONO_DB, SAMPLE_RATE, loudness
from renderer.music import DUCK_DB as DUCK
from renderer.music import MUSIC_LUFS, load_music, speech_envelope
from renderer.raster.clips import ClipSpec
from renderer.storyboard_model import Storyboard
from renderer.timeline import Segment, Still, Timeline


@dataclass(frozen=True)
class ClipAudio:
    """One clip's sound and where it goes in the track."""

    clip: str
    digest: str
    start: float
    """Seconds into the file."""
    length: float
    """Seconds it plays."""
    at: int
    """The track's sample it starts on."""
    duck: bool
    """Under the narration (True) or at its own level."""

    @property
    def key(self) -> list[object]:
        return [self.digest, self.start, self.length, self.at, self.duck, MUSIC_LUFS, DUCK]


def clip_modes(
    storyboard: Storyboard, moving: Mapping[int, object]
) -> dict[int, tuple[ClipSpec, str]]:
    """The clip slides among `moving` with their sound mode."""
    found = {}
    for index, spec in moving.items():
        body = storyboard.slides[index].body
        if isinstance(spec, ClipSpec) and isinstance(body, Section) and body.video:
            found[index] = (spec, body.video.audio.value)
    return found


def clip_sounds(
    clips: dict[int, tuple[ClipSpec, str]], segments: tuple[Segment, ...], timeline: Timeline
) -> list[ClipAudio]:
    """The sound of every clip with a sound mode other than mute (`clips`: slide index ->
    its clip and mode), starting where its slide's held frames start."""
    first: dict[int, int] = {}
    for segment in segments:
        if isinstance(segment, Still) and segment.slide in clips:
            first[segment.slide] = min(first.get(segment.slide, segment.start), segment.start)
    return [
        ClipAudio(
            spec.clip,
            spec.digest,
            spec.start,
            spec.length,
            sample_at(first[slide], timeline),
            mode == "duck",
        )
        for slide, (spec, mode) in sorted(clips.items())
        if mode != "mute" and slide in first
    ]


class ClipBed:
    """The clips' sound for one block of the track at a time."""

    def __init__(self, sounds: list[ClipAudio]) -> None:
        self.parts: list[tuple[int, np.ndarray, bool]] = []
        for sound in sounds:
            audio = load_music_quietly(sound.clip)
            begin = round(sound.start * SAMPLE_RATE)
            audio = audio[begin : begin + round(sound.length * SAMPLE_RATE)]
            if sound.duck and len(audio):
                measured = loudness(audio) + DUAL_MONO_DB
                if np.isfinite(measured):
                    audio = audio * np.float32(10 ** ((MUSIC_LUFS - measured) / 20))
            self.parts.append((sound.at, audio.astype(np.float32), sound.duck))

    def block(self, start: int, voice: np.ndarray) -> np.ndarray:
        """The clips' sound under track samples [start, start + len(voice))."""
        out = np.zeros(len(voice), dtype=np.float32)
        duck = None
        for at, audio, ducked in self.parts:
            a, b = max(at, start), min(at + len(audio), start + len(voice))
            if a >= b:
                continue
            piece = audio[a - at : b - at]
            if ducked:
                if duck is None:
                    duck = (10 ** (-DUCK * speech_envelope(voice) / 20)).astype(np.float32)
                piece = piece * duck[a - start : b - start]
            out[a - start : b - start] += piece
        return out


def load_music_quietly(path: str) -> np.ndarray:
    """A clip's sound as mono float at the track's rate (silence if it has none)."""
    from pathlib import Path

    from renderer.errors import RenderError

    try:
        return load_music(Path(path))
    except RenderError:
        return np.zeros(0, dtype=np.float32)
