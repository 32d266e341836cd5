"""Every language of an article in one web folder: `web --lang all` writes one player that
switches languages in place, on the same slide and step, in Chromium; `?lang=` opens one;
the Live Class follows; a language rendered from an older article is left out, saying so."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import polib
import pytest

from .browser import WAYS, hosted, needs_chromium, open_page, page_data, stage
from .browser import wait_until as until
from .test_web import expected_picture

ARTICLE = """\
title: Queues
summary: Work that waits its turn.
language: en
brand: Queue School
sections:
  - title: Why queue
    notes: Start with a story.
    points: [Work waits in a queue, A worker takes it when it can]
  - title: Retries
    points: [A failed job comes back later, Its result is stored]
  - title: Done
    points: [The user never waited]
"""

FRENCH = {
    "Queues": "Files d'attente",
    "Work that waits its turn.": "Le travail qui attend son tour.",
    "Why queue": "Pourquoi une file",
    "Start with a story.": "Commencez par une histoire.",
    "Work waits in a queue": "Le travail attend patiemment dans une file, chacun à son tour",
    "A worker takes it when it can": "Un travailleur le prend dès qu'il le peut, sans se presser",
    "A failed job comes back later": "Une tâche qui échoue revient plus tard",
    "Its result is stored": "Son résultat est conservé",
}
"""Slide three ("Done") is left untranslated: its pictures are the same in both (the
brand, not the title, is in every slide's top bar)."""

FLAGS = ["--no-narration", "--preset", "youtube-720p"]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web folder of an English article and its French catalogue (`web --lang all`)."""
    folder = tmp_path_factory.mktemp("languages")
    article = folder / "queues.yaml"
    article.write_text(ARTICLE, encoding="utf-8")
    _strings(article)
    out = folder / "out"
    _web(article, out, "all")
    return out / "queues-web"


def _strings(article: Path) -> None:
    from typer.testing import CliRunner

    from renderer.cli import app

    result = CliRunner().invoke(app, ["strings", str(article), "--to", "fr"])
    assert result.exit_code == 0, result.output
    catalogue = polib.pofile(str(article.with_name("queues.fr.po")))
    for entry in catalogue:
        entry.msgstr = FRENCH.get(entry.msgid, "")
    catalogue.save()


def _web(article: Path, out: Path, lang: str | None) -> None:
    from typer.testing import CliRunner

    from renderer.cli import app

    args = [
        "web",
        str(article),
        "--out",
        str(out),
        "--cache-dir",
        str(out.parent / "cache"),
        *FLAGS,
    ]
    result = CliRunner().invoke(app, [*args, *(["--lang", lang] if lang else [])])
    assert result.exit_code == 0, result.output


def test_every_language_is_in_one_folder_sharing_what_is_the_same(both: Path) -> None:
    out = both.parent
    assert sorted(p.name for p in out.iterdir() if p.name.endswith("-web")) == ["queues-web"]
    english, french = page_data(both, "en"), page_data(both, "fr")
    assert (english["language"], french["language"]) == ("en", "fr")
    assert french["title"] == "Files d'attente" and english["title"] == "Queues"
    assert french["frames"] > english["frames"], "each language has its own timeline"
    for lang, data in (("en", english), ("fr", french)):
        assert data["audio"] == f"assets/{lang}/narration.m4a"
        assert (both / data["audio"]).is_file()
        assert (both / "assets" / lang / "captions.vtt").is_file()
        assert all((both / image).is_file() for image in data["images"])
    shared = set(english["images"]) & set(french["images"])
    assert shared, "an untranslated slide's pictures are one file for both"
    on_disk = {f"assets/slides/{p.name}" for p in (both / "assets" / "slides").iterdir()}
    assert on_disk == set(english["images"]) | set(french["images"]), "nothing else"
    html = (both / "index.html").read_text(encoding="utf-8")
    assert html.index('data-lang="en"') < html.index('data-lang="fr"'), "as written first"
    assert '<html lang="en" dir="ltr">' in html


def test_a_language_from_an_older_article_is_left_out_saying_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    article = tmp_path / "queues.yaml"
    article.write_text(ARTICLE, encoding="utf-8")
    _strings(article)
    out = tmp_path / "out"
    _web(article, out, "fr")
    _web(article, out, None)
    folder = out / "queues-web"
    assert sorted(p.parent.name for p in folder.glob("assets/*/part.json")) == ["en", "fr"]
    article.write_text(ARTICLE.replace("The user never waited", "Nobody waited"))
    with caplog.at_level(logging.WARNING):
        _web(article, out, None)
    assert sorted(p.parent.name for p in folder.glob("assets/*/part.json")) == ["en"]
    said = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert said and "'fr'" in said[0] and f"render-video web {article} --lang fr" in said[0]
    _web(article, out, "fr")
    assert sorted(p.parent.name for p in folder.glob("assets/*/part.json")) == ["en", "fr"]
    record = json.loads((folder / "assets" / "fr" / "part.json").read_text())
    assert record["source"] is False and record["lang"] == "fr"
    assert not any(p.name.startswith(".") for p in out.iterdir()), "no partials"


def _step_frames(data: dict[str, Any], slide: int, step: int) -> tuple[int, int]:
    steps = data["slides"][slide]["steps"]
    start = steps[step]["start"]
    if step + 1 < len(steps):
        return start, steps[step + 1]["start"]
    if slide + 1 < len(data["slides"]):
        return start, data["slides"][slide + 1]["start"]
    return start, data["frames"]


@needs_chromium()
@pytest.mark.parametrize("way", WAYS)
def test_the_switch_keeps_the_slide_and_step_and_swaps_everything_else(
    browser: Any, both: Path, way: str
) -> None:
    english, french = page_data(both, "en"), page_data(both, "fr")
    fps = english["fps"][0] / english["fps"][1]
    with hosted(both, way) as base:
        page = open_page(browser, base + "index.html")
        assert page.is_visible("#language")
        names = page.eval_on_selector_all("#language option", "o => o.map(x => x.textContent)")
        assert names == ["English", "français"]
        start, end = _step_frames(english, 1, 1)
        middle = start + (end - start) // 3
        through = (middle - start) / (end - start)
        page.evaluate(f"renderVideo.seek({(middle + 0.5) / fps})")
        assert (stage(page)["slide"], stage(page)["step"]) == ("2", "1")
        page.keyboard.press("c")
        page.select_option("#language", "fr")
        until(page, "renderVideo.lang() === 'fr'")
        shown = stage(page)
        assert (shown["slide"], shown["step"]) == ("2", "1"), "the same slide and step"
        frame = int(shown["frame"])
        start, end = _step_frames(french, 1, 1)
        assert start <= frame < end
        assert abs((frame - start) / (end - start) - through) < 0.05, "as far through it"
        assert int(shown["picture"]) == expected_picture(french, frame)
        assert (
            page.evaluate("document.getElementById('picture-a').getAttribute('src')")
            in (french["images"])
        )
        assert page.evaluate("renderVideo.narration()") == "assets/fr/narration.m4a"
        seconds = french["frames"] / fps  # the French track plays (from memory, if served plain)
        until(page, f"Math.abs(document.getElementById('narration').duration - {seconds}) < 0.1")
        until(
            page,
            f"Math.abs(document.getElementById('narration').currentTime - "
            f"{(frame + 0.5) / fps}) < 0.05",
            10,
        )
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
            "fr",
            "ltr",
        ]
        assert page.evaluate("location.search") == "?lang=fr"
        assert page.title() == "Files d'attente"
        assert page.text_content("#now-title") == "Files d'attente"
        cue = next(c for c in french["cues"] if c["start"] <= (frame + 0.5) / fps < c["end"])
        assert page.inner_text("#captions").split() == " ".join(cue["lines"]).split()
        page.keyboard.press("ArrowRight")
        until(page, "document.getElementById('stage').dataset.slide === '3'")
        page.keyboard.press("t")
        assert [c["title"] for c in french["chapters"]] == [
            b.strip()
            for b in page.eval_on_selector_all(
                "#chapters button", "b => b.map(x => x.lastChild.textContent)"
            )
        ]
        page.select_option("#language", "en")
        until(page, "renderVideo.lang() === 'en'")
        assert stage(page)["slide"] == "3"
        assert page.evaluate("location.search") == ""
        assert not page.errors
        page.context.close()


@needs_chromium()
def test_a_lang_link_opens_that_language_and_the_live_class_follows(
    browser: Any, both: Path
) -> None:
    french = page_data(both, "fr")
    with hosted(both, "ranges") as base:
        page = open_page(browser, base + "index.html?lang=fr#slide=2")
        assert page.evaluate("renderVideo.lang()") == "fr"
        assert stage(page)["slide"] == "2"
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.input_value("#language") == "fr"
        until(page, "document.getElementById('narration').readyState >= 1")
        assert page.evaluate("renderVideo.narration()") == "assets/fr/narration.m4a"
        with page.context.expect_page() as opened:
            page.click("#live-open")
        live = opened.value
        until(live, "window.renderVideoLive && renderVideoLive.state().connected")
        assert live.evaluate("renderVideoLive.state().lang") == "fr"
        assert french["slides"][1]["title"] in live.text_content("#grid")
        live.select_option("#language", "en")
        until(page, "renderVideo.lang() === 'en'")
        assert stage(page)["slide"] == "2", "the audience stays on the slide"
        assert live.text_content("#live-title") == "Queues"
        page.select_option("#language", "fr")
        until(live, "renderVideoLive.state().lang === 'fr'")
        assert french["slides"][1]["title"] in live.text_content("#grid")
        assert live.text_content("#live-title") == "Files d'attente"
        time.sleep(0.2)
        assert not page.errors
        page.context.close()


def _web_of(folder: Path, name: str, text: str) -> Path:
    article = folder / f"{name}.yaml"
    article.write_text(text, encoding="utf-8")
    _web(article, folder / "out", None)
    return next((folder / "out").glob("*-web"))


JAPANESE = """\
title: 非同期ジョブ
summary: 非同期ジョブは、キューに入れてバックグラウンドのワーカーが後で処理する仕事です。
language: ja
sections:
  - title: なぜキューか
    points: ["ユーザーはすぐに応答を受け取ります。", "失敗したら、ワーカーが再試行します。"]
"""


def test_a_cjk_article_sends_only_the_glyphs_it_uses(tmp_path: Path) -> None:
    folder = _web_of(tmp_path, "ja", JAPANESE)
    fonts = {p.name: p.stat().st_size for p in (folder / "assets" / "fonts").iterdir()}
    assert 0 < fonts["NotoSansCJKsc-Regular.otf"] < 300_000, "subset, not the 12 MB face"
    css = (folder / "assets" / "theme.css").read_text()
    assert "NotoSansCJKsc-Bold.otf" in css and "U+4E00-9FFF" in css
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(folder / "assets" / "fonts" / "NotoSansCJKsc-Regular.otf")).getBestCmap()
    assert all(ord(ch) in cmap for ch in "非同期ジョブ応答再試行。")


@needs_chromium()
def test_a_right_to_left_player_reads_from_the_right(browser: Any, tmp_path: Path) -> None:
    folder = _web_of(
        tmp_path, "ar", (Path(__file__).parent / "fixtures" / "arabic.yaml").read_text()
    )
    assert "NotoSansArabic-Regular.ttf" in (folder / "assets" / "theme.css").read_text()
    page = open_page(browser, (folder / "index.html").as_uri())
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert page.evaluate("getComputedStyle(document.getElementById('clock')).direction") == "ltr"
    box = page.locator("#progress").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.95, box["y"] + box["height"] / 2)
    assert int(stage(page)["frame"]) < page_data(folder)["frames"] * 0.1, "the right end is 0"
    page.keyboard.press("ArrowRight")
    assert stage(page)["slide"] == "2", "Right is still the next slide"
    words = page.evaluate(
        """[...['start', 'narration-toggle', 'chapters-toggle', 'live-open']].map(
            (id) => document.getElementById(id).textContent.trim())"""
    )
    assert words == ["تشغيل Space", "السرد", "الفصول", "الصف المباشر"], "its own words"
    assert page.get_attribute("#fullscreen", "title") == "ملء الشاشة (F)"
    assert page.get_attribute("#stage", "aria-label").startswith("الشريحة 2 ")
    assert not page.errors
    page.context.close()


def test_the_pages_own_words_exist_in_each_script_s_languages() -> None:
    """Every language has every word of the pages, with the same `{names}` and `[[keys]]`
    (a page fills in and draws them); a language without words of its own reads English."""
    import re

    from renderer.web.words import ENGLISH, WORDS, words

    def slots(text: str) -> list[str]:
        return sorted(re.findall(r"\{\w+\}|\[\[.+?\]\]", text))

    for code in ("ar", "fa", "ur", "he", "zh", "zh-hant", "ja", "ko"):
        assert set(WORDS[code]) == set(ENGLISH), code
        for key, text in WORDS[code].items():
            names = sorted(re.findall(r"\{\w+\}", text))
            assert names == sorted(re.findall(r"\{\w+\}", ENGLISH[key])), (code, key)
            assert len(slots(text)) == len(slots(ENGLISH[key])), (code, key)
            assert text != ENGLISH[key] or key in ("captions", "rec_cancel"), (code, key)
    assert words("zh-TW") is WORDS["zh-hant"] and words("ur-PK") is WORDS["ur"]
    assert words("fr") is ENGLISH


def test_a_key_in_the_pages_words_is_drawn_as_a_key_and_the_rest_escaped() -> None:
    from renderer.web.export import _keys

    assert str(_keys("Press [[?]] <b>now</b>")) == "Press <kbd>?</kbd> &lt;b&gt;now&lt;/b&gt;"
