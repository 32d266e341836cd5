"""Render settings, typed once: `RenderOptions` is what a user chooses (on the command line or
per article in a catalogue), `RenderConfig` adds where and with what a render runs.

Both are frozen pydantic models, validated when built: a bad value is a `SettingError` that
the CLI shows as one line naming the option, and a catalogue shows with its file and line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from renderer.errors import ConfigError, SettingError
from renderer.presets import DEFAULT_PRESET, get_preset

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
    caption_band: bool = False
    """A band kept free of slide content for burned-in captions (vertical frames, where
    the captions would otherwise lie over the content)."""

    @property
    def vertical(self) -> bool:
        """True for portrait frames (Shorts/Reels)."""
        return self.height > self.width


def parse_fps(value: Any) -> Fraction:
    """A frame rate from 30, "25", "30000/1001" or 29.97 (as 30000/1001); 1 to 120."""
    try:
        rate = Fraction(str(value)).limit_denominator(1001)
    except (ValueError, ZeroDivisionError):
        raise SettingError(f"frame rate {value!r} is not a number", hint="e.g. --fps 30") from None
    if not 1 <= rate <= 120:
        raise SettingError(f"frame rate {value} is out of range", hint="use 1 to 120, e.g. 30")
    return rate


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


class CaptionStyle(StrEnum):
    """How burned-in captions look."""

    PHRASE = "phrase"
    """The cue's lines in white, at the bottom."""
    KARAOKE = "karaoke"
    """Larger, the word being spoken on an accent-coloured pill; higher in vertical video."""


LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A BCP-47 language tag as articles, catalogues and --lang write it (hi, en, zh-Hans)."""


class RenderOptions(BaseModel):
    """What a render makes: the choices a user gives with options or in a catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    preset: str = DEFAULT_PRESET
    """Platform preset (renderer.presets): frame size, GOP length, length limit."""
    fps: Fraction = Fraction(30)
    """Frames per second, exact (30000/1001 for 29.97)."""
    voice: str | None = None
    """Voice profile name; None means the article's voice, else the default."""
    allow_fallback: bool = False
    """Let an explicitly chosen voice fall back to its profile's fallbacks."""
    narration: bool = True
    """False renders with silent, reading-pace timing (no speech) for quick layout checks."""
    theme: str | None = None
    """Theme name (bundled) or path to a theme YAML file; None is the default theme."""
    transition: Transition | None = None
    """How slides give way to each other; None is the theme's choice."""
    music: Path | None = None
    """Background music (overrides the article's `music`)."""
    burn_captions: bool = False
    """Draw the captions into the pictures as well as writing SRT/VTT and the soft track."""
    caption_style: CaptionStyle | None = None
    """How burned-in captions look; giving a style burns them in."""
    web: bool = False
    """Also write the web player and Live Class pages, `<out>/<slug>-web/`."""
    lang: Annotated[str, Field(pattern=LANGUAGE_TAG)] | None = None
    """Render the article in this language, through its catalogue `<slug>.<lang>.po`
    (`render-video strings`); outputs are named `<slug>.<lang>.*`. None: as written."""
    strict: bool = False
    """With `lang`: a string the catalogue leaves untranslated (or fuzzy) is an error."""

    @property
    def burns(self) -> CaptionStyle | None:
        """The style captions are burned in with, or None when they are not."""
        if self.caption_style is not None:
            return self.caption_style
        return CaptionStyle.PHRASE if self.burn_captions else None

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, name: str) -> str:
        try:
            get_preset(name)
        except ConfigError as exc:
            raise SettingError(exc.message, hint=exc.hint) from None
        return name

    @field_validator("fps", mode="before")
    @classmethod
    def _rate(cls, value: Any) -> Fraction:
        return parse_fps(value)


CACHE_ENV = "RENDER_VIDEO_CACHE"
CONFIG_ENV = "RENDER_VIDEO_CONFIG"
YOUTUBE_ROOT_ENV = "RENDER_VIDEO_YOUTUBE_ROOT"
"""The one test hook: the address of a local stand-in for YouTube's API (tests only)."""


def default_cache_dir() -> Path:
    """$RENDER_VIDEO_CACHE, else $XDG_CACHE_HOME/render-video, else ~/.cache/render-video."""
    if chosen := os.environ.get(CACHE_ENV):
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "render-video"


def user_config_dir() -> Path:
    """render-video's folder in the user's config folder ($RENDER_VIDEO_CONFIG wins): where
    the YouTube token is kept."""
    if chosen := os.environ.get(CONFIG_ENV):
        return Path(chosen)
    if sys.platform == "win32" and (appdata := os.environ.get("APPDATA")):
        return Path(appdata) / "render-video"
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "render-video"


def youtube_root() -> str | None:
    """The test hook's stand-in address ($RENDER_VIDEO_YOUTUBE_ROOT), None in real use."""
    return os.environ.get(YOUTUBE_ROOT_ENV) or None


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class RenderConfig(RenderOptions):
    """Everything one render needs besides the article: the options, the output folder and
    the machine's share (caches, worker processes)."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    out_dir: Path = Path("output")
    """Folder where the MP4 and its sidecars are written."""
    size: tuple[int, int] | None = None
    """Frame size (width, height) instead of the preset's (tests and custom sizes)."""
    pacing: Pacing = Field(default_factory=Pacing)
    work_dir: Path | None = None
    """Parent of the render's scratch folder; None is the system's temp folder."""
    cache_dir: Path | None = None
    """Cache folder; None is the default (`default_cache_dir`)."""
    use_cache: bool = True
    """False makes everything again (and leaves the cache untouched)."""
    workers: int = Field(default_factory=_default_workers, ge=1)
    """CPU budget: processes for drawing, speaking and encoding (default: the cores, at
    most 4)."""
    voices_dir: Path = PROJECT_ROOT / "voices"
    """Where voice profiles (`*.yaml`) are looked up."""

    def with_options(self, **changes: Any) -> RenderConfig:
        """A copy with some settings changed, validated like the original."""
        return build(RenderConfig, **{**self.__dict__, **changes})


MACHINE_ONLY = frozenset(
    {"out_dir", "work_dir", "cache_dir", "use_cache", "workers", "voices_dir", "strict"}
)
"""The `RenderConfig` fields that say where and with what a render runs (or how strictly it
checks its input), not what it makes:
the only ones the inputs' fingerprint (renderer.fingerprint) leaves out. Every other field
changes the fingerprint (tests/test_fingerprint.py changes each in turn)."""

Settings = TypeVar("Settings", bound=RenderOptions)


def build(model: type[Settings], label: Callable[[str], str] = str, **values: Any) -> Settings:
    """A settings model from keyword values; a bad one is a ConfigError naming it (as
    `label` calls the field: the CLI says `--fps` where a catalogue says `fps`)."""
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = label(".".join(str(part) for part in first["loc"]))
        cause = (first.get("ctx") or {}).get("error")
        hint = getattr(cause, "hint", None)
        message = str(cause) if cause is not None else first["msg"]
        raise ConfigError(f"{field}: {message}" if field else message, hint=hint) from None
