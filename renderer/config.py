"""Render settings: one frozen value built by the CLI and passed down the pipeline."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from pathlib import Path

from renderer.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout (or installed tree) root: holds `voices/` and `articles/`."""

ASSETS_DIR = Path(__file__).resolve().parent / "assets"


@dataclass(frozen=True)
class VideoSpec:
    """Frame geometry and rate of the output video."""

    width: int
    """Frame width in pixels (even)."""
    height: int
    """Frame height in pixels (even)."""
    fps: Fraction = Fraction(30)
    """Frame rate as an exact fraction (30000/1001 is NTSC 29.97)."""

    @property
    def vertical(self) -> bool:
        """True for portrait frames (Shorts/Reels)."""
        return self.height > self.width


def video_spec(preset: str, fps: float | str | Fraction = 30) -> VideoSpec:
    """Build a VideoSpec from a preset name and a frame rate; bad values raise ConfigError."""
    from renderer.presets import get_preset

    chosen = get_preset(preset)
    try:
        rate = Fraction(str(fps)).limit_denominator(1001)
    except (ValueError, ZeroDivisionError) as exc:
        raise ConfigError(f"frame rate {fps!r} is not a number", hint="e.g. --fps 30") from exc
    if not 1 <= rate <= 120:
        raise ConfigError(f"frame rate {fps} is out of range", hint="use 1 to 120, e.g. 30")
    return VideoSpec(chosen.width, chosen.height, rate)


class Transition(StrEnum):
    """How one slide gives way to the next."""

    CROSSFADE = "crossfade"
    """The next slide dissolves in over the last (default, about 0.4 s)."""
    DIP = "dip"
    """Fade out to the background, then in (about 0.6 s)."""
    NONE = "none"
    """A hard cut on the frame the next slide starts."""


@dataclass(frozen=True)
class Pacing:
    """Pauses around the narration, in seconds."""

    lead_in: float = 0.5
    """Silence at the start of each slide before its first words."""
    between_sentences: float = 0.25
    """Gap between two sentences of one reveal step."""
    between_steps: float = 0.45
    """Gap before a new reveal step (a bullet, a quiz reveal) starts speaking."""
    tail: float = 0.9
    """Silence after the last words of a slide, before the next slide."""


@dataclass(frozen=True)
class RenderConfig:
    """Everything one render needs besides the article itself."""

    out_dir: Path
    """Folder where the MP4 and its sidecars are written."""
    video: VideoSpec = field(default_factory=lambda: VideoSpec(1920, 1080))
    preset: str = "youtube"
    """Platform preset (renderer.presets): GOP length, length limit, what `check` expects."""
    burn_captions: bool = False
    """Draw the captions into the pictures as well as writing SRT/VTT and the soft track."""
    voice: str | None = None
    """Voice profile name; None means the article's voice, else the default."""
    narration: bool = True
    """False renders with silent timing (no speech) for quick layout checks."""
    pacing: Pacing = field(default_factory=Pacing)
    work_dir: Path | None = None
    """Scratch folder for slide images and audio; default `<out_dir>/.work/<slug>`."""
    allow_fallback: bool = False
    """Let an explicitly chosen --voice fall back to its profile's fallbacks."""
    cache_dir: Path | None = None
    """Narration cache folder; None is the default (see narration.cache.default_cache_dir)."""
    workers: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    """Processes for drawing slides and encoding (default: the cores, at most 4)."""
    use_cache: bool = True
    """False synthesises everything again (and leaves the cache untouched)."""
    transition: Transition | None = None
    """How slides give way to each other; None is the theme's choice."""
    music: Path | None = None
    """Background music (overrides the article's `music`)."""
    theme: str | None = None
    """Theme name (bundled) or path to a theme YAML file; None is the default theme."""
    voices_dir: Path = PROJECT_ROOT / "voices"
    """Where voice profiles (`*.yaml`) are looked up."""
