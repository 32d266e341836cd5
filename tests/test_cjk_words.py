"""Chinese and Japanese words (issue 33, item 3): written without spaces, they are cut into
their phrases (BudouX) for word timing, and karaoke highlights move along them in every
output: the captions' word times, WebVTT's word tags, ASS `\\k`, the burned-in captions and
the web player, none of which puts a space between them."""

from __future__ import annotations

import re
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from renderer.article import load_article
from renderer.config import CaptionStyle, Pacing
from renderer.narration.speak import narrate
from renderer.narration.voices import silent_voice
from renderer.outputs.captions import Caption, build_captions
from renderer.outputs.karaoke import write_ass, write_word_vtt
from renderer.raster.caption import _layout
from renderer.storyboard import build_storyboard
from renderer.theme import load_theme
from renderer.timeline import build_timeline
from renderer.wordsplit import in_lines, words_of

from .browser import needs_chromium

WORLD = Path(__file__).parent / "fixtures" / "media"


def test_chinese_and_japanese_words_are_their_phrases() -> None:
    assert words_of("非同期ジョブはキューに入ります。") == (
        "非同期ジョブは",
        "キューに",
        "入ります。",
    )
    assert len(words_of("异步任务是后台完成的工作。")) >= 4
    assert words_of("An English line, as spaces part it") == tuple(
        "An English line, as spaces part it".split()
    )
    assert words_of("API 请求很快")[0] == "API"


def test_words_are_found_in_lines_with_or_without_spaces() -> None:
    words = ["非同期ジョブは", "キューに", "API", "ok"]
    assert in_lines(["非同期ジョブは", "キューに API ok"], words) == [
        [(0, 0, 7)],
        [(1, 0, 4), (2, 5, 8), (3, 9, 11)],
    ]
    assert in_lines(["非同期ジョブはキュー", "に API ok"], words) is None, "a word across lines"
    assert in_lines(["非同期ジョブは"], words) is None, "words left over"


@pytest.fixture(scope="module")
def japanese() -> list[Caption]:
    board = build_storyboard(load_article(WORLD / "world-ja.yaml"))
    timeline = build_timeline(board, narrate(board, silent_voice(140)), Fraction(30), Pacing())
    return build_captions(timeline)


def test_a_japanese_cue_s_words_are_its_phrases_timed(japanese: list[Caption]) -> None:
    timed = [cue for cue in japanese if cue.words]
    assert len(timed) == len(japanese), "every cue keeps its words' times"
    for cue in timed:
        assert in_lines(cue.lines, [w.text for w in cue.words]) is not None, cue.lines
    sizes = [len(w.text) for cue in timed for w in cue.words]
    assert sum(sizes) / len(sizes) < 6, "phrases, not whole clauses"
    starts = [w.start for cue in timed for w in cue.words]
    assert starts == sorted(starts)


def test_word_tags_and_karaoke_put_no_space_between_japanese_words(
    japanese: list[Caption], tmp_path: Path
) -> None:
    cue = next(c for c in japanese if len(c.words) >= 3 and " " not in "".join(c.lines))
    vtt = write_word_vtt([cue], tmp_path / "w.vtt").read_text(encoding="utf-8")
    body = vtt.split("\n\n")[1].split("\n", 1)[1]
    assert body.count("<") >= 2, "a tag before the words spoken after the cue begins"
    assert re.sub(r"<[^>]+>", "", body).strip() == "\n".join(cue.lines)
    ass = write_ass([cue], tmp_path / "k.ass", (1280, 720), load_theme()).read_text("utf-8")
    text = ass.strip().splitlines()[-1].split(",", 9)[-1]
    assert text.count("\\k") == len(cue.words) + (cue.words[0].start > cue.start)
    assert re.sub(r"\{[^}]*\}", "", text) == "\\N".join(cue.lines)


def test_burned_karaoke_lights_each_japanese_word(japanese: list[Caption]) -> None:
    cue = next(c for c in japanese if len(c.words) >= 3)
    words = tuple(w.text for w in cue.words)
    for size in ((1280, 720), (1080, 1920)):
        layout = _layout(cue.lines, size, load_theme(), CaptionStyle.KARAOKE, "ja", words)
        assert [w for w, _, _ in layout.words] == list(words)
        rows: dict[float, list[float]] = {}
        for _, x, y in layout.words:
            rows.setdefault(y, []).append(x)
        assert all(xs == sorted(xs) for xs in rows.values()), "left to right, in order"
        style = layout.text
        for (word, x, y), (_, after, y2) in zip(layout.words, layout.words[1:], strict=False):
            if y2 == y:  # room for the pill, less than a space: it does not read as one
                room = after - x - style.width(word)
                assert 0 < room < style.width(" ") * 0.7, (word, room)


@needs_chromium()
def test_the_web_player_finds_the_words_in_its_lines(browser: Any) -> None:
    script = (resources.files("renderer.web") / "static" / "timeline.js").read_text("utf-8")
    page = browser.new_page()
    page.set_content("<!doctype html><title>t</title>")
    page.add_script_tag(content=script)
    cases = [
        (["非同期ジョブは", "キューに API ok"], ["非同期ジョブは", "キューに", "API", "ok"]),
        (["非同期ジョブはキュー", "に"], ["非同期ジョブは", "キューに"]),
        (["one two", "three"], ["one", "two", "three"]),
    ]
    for lines, words in cases:
        found = page.evaluate("([l, w]) => window.RvTimeline.inLines(l, w)", [lines, words])
        expected = in_lines(lines, words)
        assert found == (None if expected is None else [[list(t) for t in ln] for ln in expected])
    page.close()
