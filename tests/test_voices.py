"""Voice profiles, availability and fallback; the real piper voice's contract; the lexicon."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import numpy as np
import pytest

from renderer.config import PROJECT_ROOT
from renderer.errors import ConfigError, VoiceError
from renderer.narration.lexicon import Lexicon
from renderer.narration.piper_engine import PiperEngine
from renderer.narration.voices import (
    DEFAULT_VOICE,
    EngineName,
    default_voice,
    list_profiles,
    load_profile,
    resolve_voice,
)

VOICES = PROJECT_ROOT / "voices"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def offline_voices(tmp_path: Path) -> Path:
    """A voices folder whose online voice points at a port nothing listens on."""
    (tmp_path / "joe.yaml").write_text((VOICES / "joe.yaml").read_text())
    (tmp_path / "online.yaml").write_text(
        "engine: gtts\nlanguage: hi\nparams:\n"
        f"  endpoint: http://127.0.0.1:{closed_port()}/\n  timeout: 1\nfallback: [joe]\n"
    )
    return tmp_path


def test_bundled_profiles() -> None:
    names = {p.name: p for p in list_profiles(VOICES)}
    assert {"joe", "joe-hinglish", "hien", "espeak", "kokoro-hi-female"} <= set(names)
    assert names["joe"].engine is EngineName.PIPER
    hindi = names["kokoro-hi-female"]
    assert hindi.engine is EngineName.KOKORO and hindi.language == "hi" and hindi.transliterate
    assert names["hien"].engine is EngineName.GTTS and names["hien"].fallback[0] == hindi.name
    assert names["joe-hinglish"].lexicon


def test_articles_in_hindi_are_spoken_by_the_hindi_voice_unless_they_name_one() -> None:
    assert default_voice("hi") == default_voice("hi-Latn") == "kokoro-hi-female"
    assert default_voice("en") == default_voice("fr") == DEFAULT_VOICE == "joe"


def test_unknown_voice_suggests() -> None:
    with pytest.raises(ConfigError) as info:
        load_profile("joee", VOICES)
    assert "did you mean 'joe'?" in (info.value.hint or "")


def test_unavailable_voice_falls_back_with_one_warning(
    offline_voices: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        voice = resolve_voice("online", offline_voices)
    assert voice.name == "joe"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "narrating with 'joe'" in warnings[0].getMessage()


def test_explicit_voice_does_not_silently_change(offline_voices: Path) -> None:
    with pytest.raises(VoiceError) as info:
        resolve_voice("online", offline_voices, explicit=True)
    assert "--allow-fallback" in (info.value.hint or "")
    voice = resolve_voice("online", offline_voices, explicit=True, allow_fallback=True)
    assert voice.name == "joe"


def test_piper_contract_and_determinism() -> None:
    engine = PiperEngine()
    assert engine.unavailable() is None
    first = engine.synthesize("Asynchronous jobs run in the background.")
    second = engine.synthesize("Asynchronous jobs run in the background.")
    assert first.sample_rate == 22050
    assert first.samples.dtype == np.int16 and first.samples.ndim == 1
    assert 1.0 < first.seconds < 6.0
    assert np.abs(first.samples.astype(np.int32)).max() > 3000, "speech, not silence"
    assert np.array_equal(first.samples, second.samples), "deterministic settings"


def test_hinglish_lexicon_changes_what_piper_says() -> None:
    lexicon = Lexicon.load(VOICES / "hinglish.lexicon.yaml")
    spoken = lexicon.apply("Yeh kaam jaldi hota hai, karte bhi hain.", ipa=True)
    assert "[[" in spoken and "jaldi" not in spoken
    assert spoken.count("[[") == 1, "neighbouring words join into one block"
    assert lexicon.apply("Yeh kaam hai.", ipa=False) == "Yeh kaam hai."
    engine = PiperEngine()
    plain = engine.synthesize("Yeh kaam jaldi hota hai.")
    hindi = engine.synthesize(lexicon.apply("Yeh kaam jaldi hota hai.", ipa=True))
    assert not np.array_equal(plain.samples, hindi.samples)
    voice = engine._load()
    phonemes = "".join(voice.phonemize(lexicon.apply("jaldi hai", ipa=True))[0])
    assert phonemes == "dʒˈʌldiː hˈɛː"
