"""The web player and Live Class (`--web`), in the system Chromium: the pictures on screen
follow the render's timeline, every shortcut works, the presenter drives the audience, a
take records and downloads, and nothing from the article runs as markup."""

from __future__ import annotations

import json
import re
import threading
import time
from html import unescape
from pathlib import Path
from typing import Any

import av
import pytest

from renderer.config import RenderConfig
from renderer.pipeline import RenderResult

from .browser import (
    WAYS,
    hosted,
    narration_at,
    needs_chromium,
    open_page,
    page_data,
    serve,
    stage,
    wait_until,
)
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
    result = render_file(
        article,
        RenderConfig(
            out_dir=folder / "out",
            size=(640, 360),
            narration=False,
            cache_dir=folder / "cache",
            web=True,
        ),
    )
    return result, result.files["web"].parent


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
        fetches = "connect-src 'self'" if name == "index.html" else "connect-src 'none'"
        assert fetches in unescape(policy[1]), "only the player fetches, its own narration"
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "nothing remote"
        assert "<img src=x" not in html and "</script><script>alert(2)" not in html
        assert f'<html lang="{data["language"]}" dir="ltr">' in html
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


@needs_chromium()
@pytest.mark.parametrize("way", WAYS)
def test_the_picture_at_ten_times_is_the_timeline_s(
    browser: Any, made: tuple[RenderResult, Path], way: str
) -> None:
    result, folder = made
    data = page_data(folder)
    fps = data["fps"][0] / data["fps"][1]
    blends = [s for s in data["segments"] if s[3] >= 0]
    frames = [round(data["frames"] * k / 8) for k in range(8)]
    frames += [blends[0][0] + 1, blends[-1][0] + blends[-1][1] - 2]  # inside animations
    with hosted(folder, way) as base:
        page = open_page(browser, base + "index.html")
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
    assert (
        page.evaluate("document.getElementById('picture-a').getAttribute('src')")
        == page_data(folder)["images"][0]
    )
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
        "!document.getElementById('captions').hidden"
    ), "narration off turns captions on"
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
def test_captions_show_the_cue_and_light_its_spoken_word(
    browser: Any, made: tuple[RenderResult, Path]
) -> None:
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
    browser: Any, made: tuple[RenderResult, Path]
) -> None:
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


def landing(data: dict[str, Any], slide: int) -> int:
    """The frame a key (or a link, or the Live Class) lands on for a slide: after the blend
    that brings it in, never past its first word, never before its start."""
    start = frame = data["slides"][slide]["start"]
    for segment in data["segments"]:
        if segment[3] >= 0 and segment[0] <= frame < segment[0] + segment[1]:
            frame = segment[0] + segment[1]
    fps = data["fps"][0] / data["fps"][1]
    cue = next((c for c in data["cues"] if c["start"] * fps >= start), None)
    spoken = (
        int((c["words"][0][1] if (c := cue) and c["words"] else cue["start"]) * fps)
        if cue
        else frame
    )
    return max(start, min(frame, spoken))


def test_a_slide_is_landed_on_whole_before_its_first_word(made: tuple[RenderResult, Path]) -> None:
    """The bundled crossfade straddles each cut: landing on a slide's start frame would show
    two slides blended. The landing frame is past the blend and before the first word."""
    _, folder = made
    data = page_data(folder)
    blended = 0
    for slide in range(1, len(data["slides"])):
        at = landing(data, slide)
        assert not any(s[3] >= 0 and s[0] <= at < s[0] + s[1] for s in data["segments"])
        blended += at > data["slides"][slide]["start"]
    assert blended, "the test article has crossfades to land past"


@needs_chromium()
@pytest.mark.parametrize("way", WAYS)
def test_the_live_class_drives_the_audience(
    browser: Any, made: tuple[RenderResult, Path], way: str
) -> None:
    _, folder = made
    data = page_data(folder)
    fps = data["fps"][0] / data["fps"][1]
    with hosted(folder, way) as base:
        page = open_page(browser, base + "index.html")
        wait_until(page, "document.getElementById('narration').readyState >= 1")
        with page.context.expect_page() as opened:
            page.click("#live-open")
        live = opened.value
        wait_until(live, "window.renderVideoLive && renderVideoLive.state().connected")
        total = len(data["slides"])
        assert live.text_content("#live-counter") == f"Slide 1 / {total}"
        steps = [(i, k) for i, s in enumerate(data["slides"]) for k in range(len(s["steps"]))]
        for slide, step in steps[1:5]:
            live.keyboard.press("ArrowRight")
            wait_until(
                page,
                f"document.getElementById('stage').dataset.slide === "
                f"'{slide + 1}' && document.getElementById('stage')"
                f".dataset.step === '{step}'",
            )
            start = data["slides"][slide]["steps"][step]["start"]
            first = start == data["slides"][slide]["start"]
            narration_at(page, ((landing(data, slide) if first else start) + 0.5) / fps)
            if first:
                assert page.evaluate("document.getElementById('picture-b').style.opacity") == "0", (
                    "one slide on screen, not a blend"
                )
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


@needs_chromium()
@pytest.mark.parametrize("way", WAYS)
def test_the_narration_moves_with_the_slides_however_the_folder_is_opened(
    browser: Any, made: tuple[RenderResult, Path], way: str
) -> None:
    """Right, Left, a chapter and a deep link move the sound with the picture from disk, from
    a server that answers Range requests and from `python3 -m http.server`, which does not
    (a browser cannot seek a file such a server sends)."""
    _, folder = made
    data = page_data(folder)
    fps = data["fps"][0] / data["fps"][1]
    at = [(landing(data, i) + 0.5) / fps for i in range(len(data["slides"]))]
    with hosted(folder, way) as base:
        page = open_page(browser, base + "index.html")
        wait_until(page, "document.getElementById('narration').readyState >= 1")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert stage(page)["slide"] == "3"
        narration_at(page, at[2])
        page.keyboard.press("ArrowLeft")
        assert stage(page)["slide"] == "2"
        narration_at(page, at[1])
        time.sleep(0.3)
        assert stage(page)["slide"] == "2", "and it stays there"
        page.keyboard.press("Space")
        wait_until(page, f"document.getElementById('narration').currentTime > {at[1] + 0.2}")
        assert page.evaluate("document.getElementById('narration').currentTime") < at[2]
        assert stage(page)["slide"] == "2", "it plays on from the slide it is on"
        page.keyboard.press("Space")
        page.keyboard.press("t")
        page.click("#chapters li:nth-child(3) button")
        frame = int(data["chapters"][2]["start"] * fps + 1e-6)
        narration_at(page, (frame + 0.5) / fps)
        assert int(stage(page)["frame"]) == frame
        assert not page.errors
        page.context.close()
        page = open_page(browser, base + "index.html#slide=3")
        wait_until(page, "document.getElementById('narration').readyState >= 1")
        narration_at(page, at[2])
        assert stage(page)["slide"] == "3"
        page.context.close()


@needs_chromium()
def test_what_is_asked_while_the_whole_narration_loads_is_kept(
    browser: Any, made: tuple[RenderResult, Path]
) -> None:
    """From a server that cannot seek, the player fetches the narration whole; a slide chosen
    and Play pressed before it is there happen once it is, from that slide."""
    _, folder = made
    data = page_data(folder)
    fps = data["fps"][0] / data["fps"][1]
    at = [(landing(data, i) + 0.5) / fps for i in range(len(data["slides"]))]
    gate = threading.Event()
    with serve(folder, ranges=False, gate=gate) as base:
        try:
            page = open_page(browser, base + "index.html")
            wait_until(page, "document.getElementById('narration').readyState >= 1")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Space")
            time.sleep(0.5)
            assert stage(page)["slide"] == "3" and not page.is_visible("#title-screen")
            assert page.evaluate("document.getElementById('narration').currentTime") == 0, (
                "held: the file as served cannot seek"
            )
        finally:
            gate.set()
        wait_until(page, f"document.getElementById('narration').currentTime > {at[2] + 0.1}")
        assert page.evaluate("document.getElementById('narration').currentSrc").startswith("blob:")
        assert stage(page)["slide"] == "3"
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
    browser: Any, made: tuple[RenderResult, Path], tmp_path: Path
) -> None:
    _, folder = made
    page = open_page(browser, (folder / "index.html").as_uri())
    with page.expect_download(timeout=15000) as download:
        record(page, "r")
        wait_until(
            page,
            "document.getElementById('record-status').textContent.includes('Recording complete')",
        )
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
def test_reduced_motion_cuts_where_the_video_crossfades(
    browser: Any, made: tuple[RenderResult, Path]
) -> None:
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
        opacity = float(
            page.evaluate("getComputedStyle(document.getElementById('picture-b')).opacity")
        )
        assert (opacity > 0) is over, motion
        assert int(stage(page)["picture"]) == expected_picture(data, start)
        context.close()


@needs_chromium()
def test_a_live_class_take_records_the_microphone(
    browser: Any, made: tuple[RenderResult, Path], tmp_path: Path
) -> None:
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


def test_the_page_direction_follows_the_language() -> None:
    from renderer.web.data import direction

    for tag, expected in {
        "en": "ltr",
        "hi": "ltr",
        "hi-Latn": "ltr",
        "ar": "rtl",
        "ur": "rtl",
        "fa-IR": "rtl",
        "he": "rtl",
        "ur-Latn": "ltr",
        "pa-Arab": "rtl",
        "zh-Hans": "ltr",
    }.items():
        assert direction(tag) == expected, tag
