"""Voice profiles (`voices/*.yaml`): which engine speaks, with which parameters."""

from __future__ import annotations

import difflib
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from renderer.errors import ConfigError
from renderer.narration.base import Engine

DEFAULT_VOICE = "joe"


class EngineName(StrEnum):
    """Engines a profile can name."""

    PIPER = "piper"
    SILENT = "silent"


class VoiceProfile(BaseModel):
    """A named voice: engine, its parameters, language and speaking rate."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Name used with --voice and in articles.")
    description: str = ""
    engine: EngineName
    language: str = Field("en", description="BCP-47 tag of what the voice speaks.")
    rate: float = Field(1.0, gt=0.25, le=4.0, description="Speaking rate; 1.0 is normal.")
    params: dict[str, Any] = Field(default_factory=dict, description="Engine parameters.")


def list_profiles(voices_dir: Path) -> list[VoiceProfile]:
    """Every profile in the folder, sorted by name."""
    return [load_profile(p.stem, voices_dir) for p in sorted(voices_dir.glob("*.yaml"))]


def load_profile(name: str, voices_dir: Path) -> VoiceProfile:
    """Read voices/<name>.yaml; unknown names raise ConfigError with a suggestion."""
    path = voices_dir / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in voices_dir.glob("*.yaml"))
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known voices: " + ", ".join(known)
        raise ConfigError(f"unknown voice '{name}'", hint=hint)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return VoiceProfile.model_validate({"name": name, **(data or {})})
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise ConfigError(f"voice profile {path} is invalid: {exc}") from None


def make_engine(profile: VoiceProfile) -> Engine:
    """The engine a profile describes."""
    if profile.engine is EngineName.PIPER:
        from renderer.narration.piper_engine import PiperEngine

        params = dict(profile.params)
        length = float(params.pop("length_scale", 1.0)) / profile.rate
        return PiperEngine(length_scale=length, **params)
    from renderer.narration.silent import SilentEngine

    return SilentEngine(words_per_minute=150 * profile.rate)
