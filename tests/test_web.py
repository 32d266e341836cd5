"""The web player and Live Class (`--web`), in the system Chromium: the pictures on screen
follow the render's timeline, every shortcut works, the presenter drives the audience, a
take records and downloads, and nothing from the article runs as markup."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import av
import pytest

from renderer.config import RenderConfig
from renderer.pipeline import RenderResult

from .browser import ARGS, CHROMIUM, needs_chromium, serve
from .rendering import render_file

TITLE = "Web <img src=x onerror=alert(1)> & friends"
ARTICLE = f"""\
title: "{TITLE}"
summary: A short article played in a browser, slide by slide.
sections:
  - title: "One </script><script>alert(2)</script>"
    notes: Say hello to the class first.
    points: [Captions help people who watch without sound, They also help search]
  - title: Two
    points: [A cue comes and goes with its words, Every reveal lands on its word]
  - title: Three
    points: [The player follows the same timeline as the video]
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderResult, Path]:
    folder = tmp_path_factory.mktemp("web")
    article = folder / "web.yaml"
    article.write_text(ARTICLE)
    result = render_file(article, RenderConfig(out_dir=folder / "out", size=(640, 360),
                                               narration=False, cache_dir=folder / "cache",
                                               web=True))
    return result, result.files["web"].parent


def page_data(folder: Path) -> dict[str, Any]:
    html = (folder / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html,
                      re.S)
    assert found
    return dict(json.loads(found[1]))


def test_the_export_is_whole_local_and_listed(made: tuple[RenderResult, Path]) -> None:
    result, folder = made
    data = page_data(folder)
    assert result.files["web"] == folder / "index.html"
    meta = json.loads(result.files["metadata"].read_text())
    assert meta["files"]["web"] == str(folder / "index.html")
    assert len(data["images"]) == sum(len(s["steps"]) for s in data["slides"])
    for relative in [*data["images"], data["audio"]]:
        path = (folder / relative).resolve()
        assert path.is_file() and folder.resolve() in path.parents
    with av.open(str(folder / data["audio"])) as sound:
        stream = sound.streams.audio[0]
        assert stream.codec_context.name == "aac"
        assert sound.duration is not None
        assert abs(sound.duration / 1e6 - result.seconds) < 0.1
    for name in ("index.html", "live.html"):
        html = (folder / name).read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert policy and "default-src 'none'" in unescape(policy[1])
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "nothing remote"
        assert "<img src=x" not in html and "</script><script>alert(2)" not in html
    fonts = {p.name for p in (folder / "assets" / "fonts").iterdir()}
    assert {"Inter-Regular.otf", "Inter-Bold.otf", "LICENSE-Inter.txt"} <= fonts
    assert not any(p.name.startswith(".") for p in folder.parent.iterdir()), "no partials"


def expected_picture(data: dict[str, Any], frame: int) -> int:
    """The picture the MP4 shows at a frame, from the same segments the encoder used."""
    for start, frames, a, b, dark, offset, whole in data["segments"]:
        if start <= frame < start + frames:
            if b < 0:
                return int(a)
            t = (frame - start + offset + 1) / (whole + 1)
            return int(b if t >= 0.5 else a) if not dark else int(a if t < 0.5 else b)
    raise AssertionError(f"frame {frame} is in no segment")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 760},
                                  accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog {dialog.message}"),
                                      dialog.dismiss()))
    page.goto(url)
    wait_until(page, "window.renderVideo || window.renderVideoLive")
    return page


def wait_until(page: Any, expression: str, seconds: float = 5) -> None:
    """Poll a JavaScript expression until it is true (the pages' Content-Security-Policy
    forbids the string evaluation Playwright's own `wait_for_function` polls with)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds} s: {expression}")
        time.sleep(0.05)


def stage(page: Any) -> dict[str, str]:
    return dict(page.evaluate("() => ({...document.getElementById('stage').dataset})"))


@needs_chromium()
@pytest.mark.parametrize("served", [False, True], ids=["file", "served"])
def test_the_picture_at_ten_times_is_the_timeline_s(browser: Any, made: tuple[RenderResult, Path],
                                                    served: bool) -> None:
    result, folder = made
    data = page_data(folder)
    fps = data["fps"][0] / data["fps"][1]
    blends = [s for s in data["segments"] if s[3] >= 0]
    frames = [round(data["frames"] * k / 8) for k in range(8)]
    frames += [blends[0][0] + 1, blends[-1][0] + blends[-1][1] - 2]  # inside animations
    with serve(folder) as base:
        page = open_page(browser, (base if served else folder.as_uri() + "/") + "index.html")
        for frame in frames:
            page.evaluate(f"renderVideo.seek({(frame + 0.5) / fps})")
            shown = stage(page)
            assert int(shown["frame"]) == frame
            assert int(shown["picture"]) == expected_picture(data, frame), frame
            slide = max(i for i, s in enumerate(data["slides"]) if s["start"] <= frame)
            assert int(shown["slide"]) == slide + 1
        assert not page.errors
        page.context.close()
    assert result.timeline.total_frames == data["frames"]


@needs_chromium()
def test_every_shortcut(browser: Any, made: tuple[RenderResult, Path]) -> None:
    _, folder = made
    page = open_page(browser, (folder / "index.html").as_uri())
    assert page.is_visible("#title-screen") and page.text_content("h1") == TITLE
    assert page.evaluate("document.getElementById('picture-a').getAttribute('src')") == \
        page_data(folder)["images"][0]
    keyboard = page.keyboard
    keyboard.press("Space")
    wait_until(page, "!document.getElementById('narration').paused")
    assert not page.is_visible("#title-screen")
    keyboard.press("Space")
    wait_until(page, "document.getElementById('narration').paused")
    total = len(page_data(folder)["slides"])
    keyboard.press("ArrowRight")
    keyboard.press("ArrowRight")
    assert stage(page)["slide"] == "3" and page.text_content("#counter") == f"3/{total}"
    assert page.evaluate("location.hash") == "#slide=3"
    assert f"Slide 3 of {total}" in page.text_content("#announce")
    keyboard.press("ArrowLeft")
    assert stage(page)["slide"] == "2"
    keyboard.press("m")
    assert page.evaluate("document.getElementById('narration').muted")
    assert page.is_visible("#captions") or page.evaluate(
        "!document.getElementById('captions').hidden"), "narration off turns captions on"
    keyboard.press("m")
    keyboard.press("c")
    assert page.evaluate("document.getElementById('captions').hidden")
    keyboard.press("c")
    assert not page.evaluate("document.getElementById('captions').hidden")
    keyboard.press("t")
    assert page.is_visible("#chapters")
    keyboard.press("Escape")
    assert not page.is_visible("#chapters")
    keyboard.press("?")
    assert page.is_visible("#help") and "Press any key to close" in page.text_content("#help")
    keyboard.press("q")
    assert not page.is_visible("#help")
    keyboard.press("f")
    wait_until(page, "document.fullscreenElement !== null")
    keyboard.press("f")
    wait_until(page, "document.fullscreenElement === null")
    with page.context.expect_page() as live:
        keyboard.press("l")
    assert live.value.url.endswith("live.html")
    keyboard.press("r")
    assert page.is_visible("#countdown")
    keyboard.press("Escape")
    assert not page.is_visible("#countdown")
    assert page.evaluate("document.body.dataset.recording") == "cancelled"
    assert not page.errors
    page.context.close()


@needs_chromium()
def test_captions_show_the_cue_and_light_its_spoken_word(browser: Any,
                                                         made: tuple[RenderResult, Path]) -> None:
    _, folder = made
    data = page_data(folder)
    page = open_page(browser, (folder / "index.html").as_uri())
    page.keyboard.press("c")
    cue = next(c for c in data["cues"] if len(c["words"]) >= 3)
    text, start, end = cue["words"][2]
    page.evaluate(f"renderVideo.seek({(start + end) / 2})")
    assert page.inner_text("#captions").split() == " ".join(cue["lines"]).split()
    assert page.text_content("#captions .spoken") == text
    page.evaluate(f"renderVideo.seek({cue['end'] + 0.001})")
    shown = page.inner_text("#captions").split()
    assert shown != " ".join(cue["lines"]).split(), "the cue is gone after its end"
    page.context.close()


@needs_chromium()
def test_a_deep_link_opens_on_its_slide_and_article_text_stays_text(
        browser: Any, made: tuple[RenderResult, Path]) -> None:
    _, folder = made
    page = open_page(browser, (folder / "index.html").as_uri() + "#slide=4")
    assert stage(page)["slide"] == "4"
    assert page.is_visible("#title-screen"), "a deep link still waits for Play"
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    assert page.text_content("#now-title") == TITLE
    page.keyboard.press("t")
    assert "One </script><script>alert(2)</script>" in page.text_content("#chapters")
    time.sleep(0.3)
    assert not page.errors, "nothing ran"
    page.context.close()


@needs_chromium()
@pytest.mark.parametrize("served", [False, True], ids=["file", "served"])
def test_the_live_class_drives_the_audience(browser: Any, made: tuple[RenderResult, Path],
                                            served: bool) -> None:
    _, folder = made
    data = page_data(folder)
    with serve(folder) as base:
        page = open_page(browser, (base if served else folder.as_uri() + "/") + "index.html")
        with page.context.expect_page() as opened:
            page.click("#live-open")
        live = opened.value
        wait_until(live, "window.renderVideoLive && renderVideoLive.state().connected")
        total = len(data["slides"])
        assert live.text_content("#live-counter") == f"Slide 1 / {total}"
        steps = [(i, k) for i, s in enumerate(data["slides"]) for k in range(len(s["steps"]))]
        for slide, step in steps[1:5]:
            live.keyboard.press("ArrowRight")
            wait_until(page, f"document.getElementById('stage').dataset.slide === "
                                   f"'{slide + 1}' && document.getElementById('stage')"
                                   f".dataset.step === '{step}'")
        live.click(f"#grid button[data-slide='{total - 1}']")
        wait_until(page, f"document.getElementById('stage').dataset.slide === '{total}'")
        assert live.text_content("#live-counter") == f"Slide {total} / {total}"
        live.click("#grid button[data-slide='1']")
        wait_until(page, "document.getElementById('stage').dataset.slide === '2'")
        assert "Say hello to the class first." in live.text_content("#notes")
        live.click("#timer-start")
        wait_until(live, "document.getElementById('timer').textContent !== '00:00'", 3)
        live.click("#timer-reset")
        live.click("#timer-start")
        assert live.text_content("#timer") == "00:00"
        assert not page.errors
        page.context.close()


def record(page: Any, stop_key: str) -> Any:
    page.keyboard.press("r")
    assert page.is_visible("#countdown")
    assert page.text_content("#countdown").count("Recording starts in...") == 1
    wait_until(page, "document.body.dataset.recording === 'recording'", 6)
    assert re.fullmatch(r"REC \d\d:\d\d ESC=Cancel", " ".join(page.text_content("#rec").split()))
    time.sleep(1.5)
    page.keyboard.press(stop_key)


@needs_chromium()
def test_a_recorded_take_downloads_as_webm_and_escape_discards_one(
        browser: Any, made: tuple[RenderResult, Path], tmp_path: Path) -> None:
    _, folder = made
    page = open_page(browser, (folder / "index.html").as_uri())
    with page.expect_download(timeout=15000) as download:
        record(page, "r")
        wait_until(page, "document.getElementById('record-status').textContent"
                               ".includes('Recording complete')")
    take = tmp_path / download.value.suggested_filename
    download.value.save_as(take)
    assert take.name.endswith("-take.webm") and take.stat().st_size > 1000
    with av.open(str(take)) as container:
        assert container.streams.video and container.streams.audio
        assert sum(1 for _ in container.decode(video=0)) > 10
    downloads: list[Any] = []
    page.on("download", lambda item: downloads.append(item))
    record(page, "Escape")
    wait_until(page, "document.body.dataset.recording === 'cancelled'")
    time.sleep(1.5)
    assert downloads == [] and "cancelled" in page.text_content("#record-status")
    assert not page.errors
    page.context.close()


@needs_chromium()
def test_reduced_motion_cuts_where_the_video_crossfades(browser: Any,
                                                        made: tuple[RenderResult, Path]) -> None:
    _, folder = made
    data = page_data(folder)
    fps = data["fps"][0] / data["fps"][1]
    start = next(s for s in data["segments"] if s[3] >= 0 and not s[4])[0]  # a crossfade
    for motion, over in (("no-preference", True), ("reduce", False)):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto((folder / "index.html").as_uri())
        wait_until(page, "window.renderVideo")
        page.evaluate(f"renderVideo.seek({(start + 0.5) / fps})")
        opacity = float(page.evaluate("getComputedStyle(document.getElementById('picture-b'))"
                                      ".opacity"))
        assert (opacity > 0) is over, motion
        assert int(stage(page)["picture"]) == expected_picture(data, start)
        context.close()


@needs_chromium()
def test_a_live_class_take_records_the_microphone(browser: Any,
                                                  made: tuple[RenderResult, Path],
                                                  tmp_path: Path) -> None:
    _, folder = made
    page = open_page(browser, (folder / "live.html").as_uri())
    with page.expect_download(timeout=15000) as download:
        record(page, "r")
    take = tmp_path / download.value.suggested_filename
    download.value.save_as(take)
    assert take.name.endswith("-live-take.webm")
    with av.open(str(take)) as container:
        assert container.streams.video and container.streams.audio
    assert page.text_content("#timer") != "00:00", "recording starts the timer"
    assert not page.errors
    page.context.close()
