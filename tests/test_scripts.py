"""The world's scripts on slides (issue 33): each script in its font, right-to-left runs in
the order the bidi algorithm gives, Nastaliq's tall lines, where lines may break in
Chinese, Japanese and Korean, and a clear error where text cannot be shaped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from renderer.errors import ConfigError
from renderer.raster import bidi
from renderer.raster.scripts import Script, segment
from renderer.raster.text import Fonts, TextStyle, Weight, draw_line
from renderer.raster.wrap import units, wrap
from renderer.theme import load_theme

NO_LINE_START = "。、，．）」』】〕！？ゃゅょっャュョッー"
NO_LINE_END = "（「『【〔"


@pytest.mark.parametrize(
    "text",
    [
        "异步任务是后台工作。用户不必等待（很好）。",
        "非同期ジョブはバックグラウンドの仕事です。「例えば」キューに入れます。",
        "非同步任務是背景工作，使用者不必等待！",
    ],
)
def test_chinese_and_japanese_break_between_characters_by_the_kinsoku_rules(text: str) -> None:
    pieces = units(text)
    assert "".join(pieces) == text, "nothing lost or added"
    assert len(pieces) > len(text) // 8, "breaks between characters, not only at spaces"
    for piece in pieces:
        assert piece[0] not in NO_LINE_START, f"a line would start with {piece[0]!r}"
        assert piece.rstrip()[-1] not in NO_LINE_END, f"a line would end with {piece[-1]!r}"


def test_japanese_breaks_between_its_phrases() -> None:
    """Not inside a word: 非同期 | ジョブ, never ジョ | ブ; バックグラウンド whole (BudouX's
    phrases, found in the review of the Japanese slides)."""
    assert units("非同期ジョブはバックグラウンドの仕事です。") == (
        "非同期ジョブは",
        "バックグラウンドの",
        "仕事です。",
    )
    style = TextStyle(Fonts(load_theme(), "ja"), 40)
    room = style.width("ワーカーが外部の") + 4
    lines = wrap("ワーカーが外部のAPIの失敗時に再試行します", style, room)
    assert lines == ["ワーカーが外部の", "APIの失敗時に", "再試行します"]
    narrow = wrap("バックグラウンドの", style, style.width("バックグ") + 4)  # a phrase too long
    assert "".join(narrow) == "バックグラウンドの" and len(narrow) == 3, "broken, as a last resort"


def test_korean_and_latin_break_at_spaces() -> None:
    assert list(units("비동기 작업은 백그라운드 작업입니다.")) == [
        "비동기 ",
        "작업은 ",
        "백그라운드 ",
        "작업입니다. ",
    ]
    assert list(units("An  API-based job")) == ["An ", "API-based ", "job "]


# -- drawing: right-to-left order, the fonts of each script --------------------------------


THEME = load_theme()


def test_a_line_s_runs_sit_in_the_order_the_bidi_algorithm_gives() -> None:
    assert bidi.visual_runs("المهمة API رقم 42 جاهزة", True) == [
        (" جاهزة", True),
        ("42", False),
        (" رقم ", True),
        ("API", False),
        ("المهمة ", True),
    ]
    assert bidi.visual_runs("Hello العالم world", False) == [
        ("Hello ", False),
        ("العالم", True),
        (" world", False),
    ]
    assert bidi.visual_runs("משימה (API) מספר 7", True)[0] == ("7", False), "read from the right"
    assert bidi.visual_runs("plain text", False) == [("plain text", False)]


def test_each_script_has_its_font() -> None:
    runs = segment("Job المهمة משימה 异步 ジョブ 작업 नमस्ते · “x”", THEME)
    found = {run.script for run in runs}
    assert {Script.LATIN, Script.ARABIC, Script.HEBREW, Script.CJK, Script.DEVANAGARI} <= found
    assert Script.MISSING not in found
    assert [r.text for r in runs if r.script is Script.LATIN][-1].strip() == "· “x”"
    urdu, arabic = Fonts(THEME, "ur"), Fonts(THEME, "ar")
    run = next(r for r in segment("غیر", THEME))
    assert "Nastaliq" in urdu.for_run(run, Weight.REGULAR, 40).getname()[0]
    assert "Arabic" in arabic.for_run(run, Weight.BOLD, 40).getname()[0]
    assert arabic.rtl and urdu.rtl and not Fonts(THEME, "ja").rtl


def _ink(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L")) > 40


def test_an_english_word_inside_arabic_is_drawn_where_it_reads() -> None:
    """Drawn right to left, "المهمة API" puts API at the left end: the line's left part is
    the word API alone, pixel for pixel, and the Arabic sits to its right."""
    style = TextStyle(Fonts(THEME, "ar"), 48, Weight.REGULAR)
    line = Image.new("RGB", (600, 100))
    width = draw_line(line, (0, 0), "المهمة API", style)
    alone = Image.new("RGB", (600, 100))
    api = draw_line(alone, (0, 0), "API", style)
    left = _ink(line)[:, : int(api)]
    assert left.any() and (left == _ink(alone)[:, : int(api)]).all()
    right = _ink(line)[:, int(api) + 4 : int(width)]
    assert right.sum() > left.sum(), "the Arabic word to its right"


def test_an_english_line_in_an_arabic_article_stays_left_to_right() -> None:
    arabic, english = TextStyle(Fonts(THEME, "ar"), 40), TextStyle(Fonts(THEME, "en"), 40)
    drawn = [Image.new("RGB", (500, 80)) for _ in range(2)]
    draw_line(drawn[0], (0, 0), "▶ 1 min explainer", arabic)
    draw_line(drawn[1], (0, 0), "▶ 1 min explainer", english)
    assert (_ink(drawn[0]) == _ink(drawn[1])).all()


@pytest.mark.parametrize("weight, above", [(Weight.REGULAR, 0.0), (Weight.BOLD, 0.25)])
def test_nastaliq_lines_have_room_for_its_tall_words(weight: Weight, above: float) -> None:
    """کیجیے is among Nastaliq's tallest words: inside its line in Regular, at most a
    quarter em above it in Bold (into the line above's space, never a slide's edge)."""
    style = TextStyle(Fonts(THEME, "ur"), 48, weight)
    image = Image.new("RGB", (600, style.line_height + 80))
    draw_line(image, (0, 40), "کیجیے گزارش", style)
    rows = np.nonzero(_ink(image).any(axis=1))[0]
    assert rows.min() >= 40 - above * 48 and rows.max() < 40 + style.line_height


def test_without_fribidi_right_to_left_text_is_a_clear_error(monkeypatch) -> None:
    from renderer.article import load_article
    from renderer.validate import check_glyphs

    monkeypatch.setattr(bidi, "shaping_available", lambda: False)
    path = Path(__file__).parent / "fixtures" / "arabic.yaml"
    with pytest.raises(ConfigError) as error:
        check_glyphs(load_article(path), path, THEME)
    assert "Arabic" in str(error.value) and "libfribidi" in error.value.render()


def test_a_title_in_another_script_names_its_files_in_its_own_words() -> None:
    from renderer.article.slugs import slugify

    assert slugify("非同期ジョブ") == "非同期ジョブ"
    assert slugify("المهام غير المتزامنة") == "المهام-غير-المتزامنة"
    assert slugify("नमस्ते दुनिया") == "नमस्ते-दुनिया", "vowel signs kept with their letters"
    assert slugify("Asynchronous job") == "asynchronous-job"
    assert slugify("Café au lait") == "caf-au-lait", "Latin titles keep the slugs they had"
    assert len(slugify("非" * 100).encode()) <= 120, "a file name stays well inside 255 bytes"
    assert slugify("!!!") == "article"


def test_karaoke_places_a_right_to_left_line_s_words_from_the_right() -> None:
    from renderer.config import CaptionStyle
    from renderer.raster.caption import _layout

    line = ("المهمة API رقم 42",)
    layout = _layout(line, (1280, 720), THEME, CaptionStyle.KARAOKE, "ar")
    x = {word: at for word, at, _ in layout.words}
    assert x["المهمة"] > x["API"] > x["رقم"] > x["42"], "spoken first, drawn rightmost"
    english = _layout(("one two three",), (1280, 720), THEME, CaptionStyle.KARAOKE, "ar")
    assert [w for w, _, _ in sorted(english.words, key=lambda w: w[1])] == ["one", "two", "three"]
    assert bidi.word_order(["API", "v2"], True) == [0, 1], "an English phrase stays in order"


def test_right_to_left_caption_lines_carry_their_direction_mark(tmp_path: Path) -> None:
    from renderer.outputs.captions import RLM, Caption, write_srt, write_vtt
    from renderer.outputs.karaoke import write_ass, write_word_vtt
    from renderer.timeline import TimedWord

    words = ("API", "رقم", "42", "جاهزة")
    cue = Caption(
        1.0,
        3.0,
        ("API رقم", "42 جاهزة"),
        tuple(TimedWord(w, 1.0 + i * 0.4, 1.3 + i * 0.4) for i, w in enumerate(words)),
    )
    english = Caption(4.0, 5.0, ("An English line",))
    for write, name in ((write_srt, "a.srt"), (write_vtt, "a.vtt"), (write_word_vtt, "w.vtt")):
        text = write([cue, english], tmp_path / name).read_text(encoding="utf-8")
        assert text.count(RLM) == 2, name  # each Arabic line, not the English one
    ass = write_ass([cue, english], tmp_path / "a.ass", (1280, 720), THEME).read_text("utf-8")
    assert ass.count(RLM) == 2


def test_chinese_and_japanese_captions_hold_sixteen_characters_a_line() -> None:
    from renderer.outputs.captions import split_sentence, wrap

    text = (
        "非同期ジョブは、ユーザーのリクエストの間には行わず、"
        "キューに入れてバックグラウンドのワーカーが後で処理する仕事です。"
    )
    pieces = split_sentence(text)
    assert "".join(pieces) == text, "no space put between characters, none lost"
    for piece in pieces:
        lines = wrap(piece)
        assert lines is not None and len(lines) <= 2
        assert all(len(line) <= 16 and line[0] not in "、。」）" for line in lines)
    assert wrap("A line of English that is well under forty-two") is not None


def test_render_video_s_own_words_exist_in_each_script_s_languages() -> None:
    from renderer.article.phrases import PHRASES, PLACES, builtin, placeholders

    for language in ("ar", "fa", "ur", "he", "zh", "zh-Hant", "ja", "ko"):
        own = builtin(language)
        assert own is not None and set(own) == set(PLACES), language
        for key, text in own.items():
            assert placeholders(text) == PLACES[key], (language, key)
            runs = segment(text.replace("{", "").replace("}", ""), THEME)
            assert Script.MISSING not in {r.script for r in runs}, (language, key)
    assert builtin("zh-TW") is PHRASES["zh-hant"] and builtin("zh-CN") is PHRASES["zh"]
    assert builtin("ur-PK")["topic_label"] == "موضوع {number}"  # type: ignore[index]


def test_a_picture_drawn_differently_in_another_language_is_keyed_apart() -> None:
    """The same slide (same text, same labels) keyed under another language: apart where
    the language changes the drawing, the same where it does not (caches stay valid)."""
    from dataclasses import replace

    from renderer.article import load_article
    from renderer.config import VideoSpec
    from renderer.raster import slide_key
    from renderer.storyboard import build_storyboard

    board = build_storyboard(load_article(Path(__file__).parent / "fixtures" / "arabic.yaml"))

    def key(language: str) -> str:
        moved = replace(board, language=language)
        return slide_key(moved, moved.slides[1], 0, VideoSpec(640, 360), THEME)

    assert len({key("ar"), key("ur"), key("he"), key("zh"), key("ja")}) == 5
    assert key("en") == key("hi") == key("fr"), "languages drawn alike share pictures"


def test_each_script_s_language_has_a_voice_or_a_clear_error(tmp_path: Path) -> None:
    from renderer.errors import VoiceError
    from renderer.narration.voices import default_voice, load_profile, resolve_voice

    from .test_gtts import closed_port

    voices = Path(__file__).parent.parent / "voices"
    for language in ("ar", "ur", "he", "ko"):
        profile = load_profile(default_voice(language), voices)
        assert profile.engine == "gtts" and profile.language == language.split("-")[0]
    for language in ("zh-Hant", "ja"):  # offline, Google's voice when the reader is missing
        profile = load_profile(default_voice(language), voices)
        primary = language.split("-")[0]
        assert profile.engine == "kokoro" and profile.language == primary
        assert profile.fallback == [f"gtts-{primary}"]
    with pytest.raises(ConfigError) as error:
        default_voice("fa")
    assert "--no-narration" in (error.value.hint or "")
    (tmp_path / "online.yaml").write_text(
        f"engine: gtts\nparams:\n  endpoint: http://127.0.0.1:{closed_port()}/\n"
    )
    with pytest.raises(VoiceError) as offline:
        resolve_voice("online", tmp_path)
    assert "--no-narration" in (offline.value.hint or "") and "online" in offline.value.hint


def test_a_sentence_ends_with_its_script_s_own_full_stop() -> None:
    from renderer.storyboard import _sentence

    assert _sentence("غیر ہم وقت کام") == "غیر ہم وقت کام۔", "Urdu's ۔"
    assert _sentence("قطار کیوں؟") == "قطار کیوں؟", "already ended: nothing added"
    assert _sentence("非同期ジョブ") == "非同期ジョブ。"
    assert _sentence("المهام غير المتزامنة") == "المهام غير المتزامنة."
    assert _sentence("Hello") == "Hello." and _sentence("as follows:") == "as follows."


def test_a_quiz_s_options_are_lettered_in_the_article_s_alphabet() -> None:
    from renderer.article.model import Article
    from renderer.errors import ConfigError
    from renderer.storyboard import build_storyboard

    path = Path(__file__).parent / "fixtures" / "media" / "world-he.yaml"
    from renderer.article import load_article

    board = build_storyboard(load_article(path))
    quiz = next(s for s in board.slides if s.kind.value == "quiz")
    assert quiz.word("letters").split()[:3] == ["א", "ב", "ג"]
    assert quiz.cues[1].text.startswith("א: ") and "התשובה היא ב:" in quiz.narration
    data = {"title": "T", "summary": "S", "phrases": {"letters": "A B C"}}
    with pytest.raises((ConfigError, ValueError), match="3 letters"):
        Article.model_validate(data)


def test_a_number_keeps_its_unit_on_its_line() -> None:
    """200 ms never parted at a line's end (the Hebrew and Arabic reviews found "ms" alone
    on a line)."""
    style = TextStyle(Fonts(load_theme(), "he"), 40)
    text = "המשתמש מקבל תשובה תוך 200 ms"
    lines = wrap(text, style, style.width("המשתמש מקבל תשובה תוך 200") + 4)
    assert len(lines) == 2 and lines[-1].endswith("200 ms"), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert units("in 42 of them")[1] == "42 ", "a number before a word that is no unit"
