"""Captions and chapters: readable cues in time with the speech; chapters YouTube accepts."""

from __future__ import annotations

import itertools
from fractions import Fraction
from types import SimpleNamespace

import pytest
import srt
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from renderer.config import Pacing
from renderer.narration.speak import narrate
from renderer.narration.voices import silent_voice
from renderer.outputs.captions import (
    MAX_LINE,
    MAX_SECONDS,
    MIN_SECONDS,
    build_captions,
    split_sentence,
    wrap,
    write_srt,
    write_vtt,
)
from renderer.outputs.chapters import build_chapters, description_lines
from renderer.storyboard_model import Storyboard
from renderer.timeline import SentencePlacement, Timeline, build_timeline

LONG = (
    "Asynchronous job ek aisa kaam hai jo background me chalta hai, user ko wait nahi "
    "karna padta, aur jab result ready hota hai tab notification aata hai; isse app fast "
    "lagti hai — chahe kaam minutes le."
)
DEVANAGARI = (
    "एसिंक्रोनस जॉब वह काम है जो पृष्ठभूमि में चलता है, उपयोगकर्ता को रुकना नहीं पड़ता, "
    "और परिणाम तैयार होने पर सूचना मिलती है।"
)


@pytest.fixture(scope="module")
def timeline(storyboard: Storyboard) -> Timeline:
    return build_timeline(
        storyboard, narrate(storyboard, silent_voice(140)), Fraction(30), Pacing()
    )


@pytest.mark.parametrize("text", [LONG, DEVANAGARI, "Short one.", "x" * 130])
def test_pieces_fit_two_lines_of_42(text: str) -> None:
    pieces = split_sentence(text)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    for piece in pieces:
        lines = wrap(piece)
        assert lines is not None and len(lines) <= 2
        assert all(len(line) <= MAX_LINE for line in lines)


def test_clauses_are_cut_at_punctuation() -> None:
    pieces = split_sentence(LONG)
    assert len(pieces) >= 3
    assert all(
        piece[-1] in ",;.—" or piece == pieces[-1] or piece.endswith("hai") for piece in pieces[:-1]
    ), pieces


def test_bundled_captions_follow_the_rules_and_the_speech(timeline: Timeline) -> None:
    cues = build_captions(timeline)
    assert len(cues) >= len(timeline.sentences)
    for cue in cues:
        assert len(cue.lines) <= 2 and all(len(line) <= MAX_LINE for line in cue.lines)
        assert MIN_SECONDS - 1e-3 <= cue.seconds <= MAX_SECONDS + 1e-3, cue
        assert cue.chars_per_second <= 17 * 1.15, cue  # "about 17"
    for a, b in itertools.pairwise(cues):
        assert a.end <= b.start + 1e-6, "cues never overlap"
    # the cues say the sentences, in order, and each is on screen while its words are
    # spoken: from the start of the sentence of its first word to the start of the sentence
    # after the one of its last word
    sentences = sorted(timeline.sentences, key=lambda c: c.start)
    spoken = " ".join(sentence.text for sentence in sentences)
    assert " ".join(cue.text for cue in cues).split() == spoken.split()
    owner = [i for i, sentence in enumerate(sentences) for _ in sentence.text.split()]
    starts = [timeline.seconds(c.start) for c in sentences] + [float(timeline.duration)]
    word = 0
    for cue in cues:
        first, last = owner[word], owner[word + len(cue.text.split()) - 1]
        word += len(cue.text.split())
        assert cue.start >= starts[first] - 1e-3, cue
        assert cue.end <= starts[last + 1] + 1e-3, cue


def test_srt_and_vtt_parse_back_to_the_same_cues(timeline: Timeline, tmp_path) -> None:
    cues = build_captions(timeline)
    parsed = list(srt.parse(write_srt(cues, tmp_path / "a.srt").read_text(encoding="utf-8")))
    assert [p.content for p in parsed] == ["\n".join(c.lines) for c in cues]
    assert [round(p.start.total_seconds(), 3) for p in parsed] == [c.start for c in cues]
    vtt = webvtt.read(str(write_vtt(cues, tmp_path / "a.vtt")))
    assert [c.text for c in vtt] == ["\n".join(c.lines) for c in cues]
    assert [round(c.start_in_seconds + c.start_time.milliseconds / 1000, 3) for c in vtt] == [
        c.start for c in cues
    ]


def test_a_sentence_spoken_slowly_is_split_under_seven_seconds() -> None:
    sentence = SentencePlacement(0, 0, 0, 0, 30 * 12, "Ek bahut dheere bola gaya chhota sa vaakya.")
    timeline = Timeline(Fraction(30), 30 * 14, (), (sentence,), (0,))
    cues = build_captions(timeline)
    assert len(cues) >= 2 and all(cue.seconds <= MAX_SECONDS for cue in cues)


def _timeline(lengths: list[float]) -> tuple[SimpleNamespace, Timeline]:
    fps = Fraction(30)
    starts, at = [], 0
    for length in lengths:
        starts.append(at)
        at += round(length * 30)
    board = SimpleNamespace(
        slides=[SimpleNamespace(title=f"Slide {i + 1}") for i in range(len(lengths))]
    )
    return board, Timeline(fps, at, (), (), tuple(starts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=1.0, max_value=90.0), min_size=3, max_size=40))
def test_chapters_satisfy_youtube_rules(lengths: list[float]) -> None:
    board, timeline = _timeline(lengths)
    chapters = build_chapters(board, timeline)  # type: ignore[arg-type]
    total = float(timeline.duration)
    if not chapters:
        assert total < 30 or sum(1 for x in lengths if x >= 10) < 3
        return
    assert chapters[0].start == 0 and len(chapters) >= 3
    assert all(c.end - c.start >= 10 for c in chapters)
    assert all(a.end == b.start for a, b in itertools.pairwise(chapters))
    assert chapters[-1].end == total
    assert description_lines(chapters)[0].startswith("0:00 ")


def test_bundled_article_gets_a_chapter_per_long_enough_slide(
    storyboard: Storyboard, timeline: Timeline
) -> None:
    chapters = build_chapters(storyboard, timeline)
    assert len(chapters) >= 15
    assert chapters[0].title == storyboard.slides[0].title
