"""`render-video studio` (issue 35): the real command, serving on loopback. In Chromium: the
slides appear, an edit saved from here shows on the page, broken YAML shows its error at its
line and clears when fixed, Render makes the MP4 and plays it. Without a browser: nothing
without the token, no path out of its folders (traversal, absolute, a link out)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from renderer.commands.studio import _loopback

from .browser import needs_chromium, wait_until

ARTICLE = """\
title: Studio test
summary: A short article to watch in the studio.
sections:
  - title: Idea
    points: [One line, A second line]
  - title: More
    points: [A third line]
"""


class Running:
    def __init__(self, process: subprocess.Popen[str], url: str, root: Path) -> None:
        self.process, self.url, self.root = process, url, root
        self.base = url.split("?")[0]
        self.token = url.split("token=")[1]

    def get(self, path: str, token: bool = True, **headers: str) -> tuple[int, bytes]:
        address = (
            self.base
            + path
            + (("&" if "?" in path else "?") + f"token={self.token}" if token else "")
        )
        request = urllib.request.Request(address, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture
def studio(tmp_path: Path) -> Iterator[Running]:
    article = tmp_path / "articles" / "studio.yaml"
    article.parent.mkdir()
    article.write_text(ARTICLE)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "renderer",
            "studio",
            str(article),
            "--no-open",
            "--no-narration",
            "--preset",
            "youtube-720p",
            "--out",
            str(tmp_path / "out"),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    said = []
    for _ in range(20):  # its address is the first line it prints (warnings may come first)
        said.append(process.stdout.readline())
        found = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", said[-1])
        if found or not said[-1]:
            break
    assert found, said
    try:
        yield Running(process, found.group(1), tmp_path)
    finally:
        process.terminate()  # as Ctrl-C would: it stops within seconds
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("the studio did not stop when asked") from None


def test_only_this_session_s_page_gets_anything(studio: Running) -> None:
    assert studio.get("state", token=False)[0] == 403
    assert studio.get("?token=wrong", token=False)[0] == 403
    status, page = studio.get("")
    assert status == 200 and b"render-video studio" in page
    request = urllib.request.Request(studio.base + f"render?token={studio.token}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403, "a POST without the page's header is refused"


def test_no_path_leads_out_of_its_folders(studio: Running, tmp_path: Path) -> None:
    deadline = time.monotonic() + 30
    while b'"version": 0' in studio.get("state")[1] and time.monotonic() < deadline:
        time.sleep(0.2)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the browser")
    web = next((tmp_path / "cache" / "studio").iterdir()) / "web"
    deadline = time.monotonic() + 60
    while not web.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    (web / "link.txt").symlink_to(secret)
    for path in (
        "web/../../../secret.txt",
        "web/%2E%2E/%2E%2E/%2E%2E/secret.txt",
        f"web/{secret}",
        f"web/%2F{str(secret).lstrip('/')}",
        "web/link.txt",
        "pictures/../web/link.txt",
        "static/../state.py",
        "video",
    ):
        status, body = studio.get(path)
        assert status == 404 and b"not for the browser" not in body, path
    assert studio.get("static/studio.js")[0] == 200


def test_the_host_is_loopback_unless_told() -> None:
    assert _loopback("127.0.0.1") and _loopback("::1") and _loopback("localhost")
    assert not _loopback("0.0.0.0") and not _loopback("192.168.1.4")


def _state(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("window.renderVideoStudio.state"))


@needs_chromium()
def test_edits_show_errors_clear_and_render_makes_the_mp4(browser: Any, studio: Running) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(studio.url)
    wait_until(page, "window.renderVideoStudio && window.renderVideoStudio.state && "
               "window.renderVideoStudio.state.slides.length > 0", 60)  # fmt: skip
    first = _state(page)
    assert [s["title"] for s in first["slides"][1:3]] == ["Idea", "More"]
    assert page.locator("#slide-2 .narration li").all_inner_texts()[1] == "One line."
    picture = page.get_attribute("#slide-2 .steps img:nth-child(2)", "src")
    wait_until(page, "!!window.renderVideoStudio.state.player", 60)
    frame = page.query_selector("#player").content_frame()  # the web player, in the page
    wait_until(frame, "!!window.renderVideo && window.renderVideo.data.slides.length === 4", 20)
    assert page.is_hidden("#player-note")
    page.click("#slide-3 .show")  # the whole video's player, at that slide
    wait_until(frame, "location.hash === '#slide=3' && "
               "document.getElementById('stage').dataset.slide === '3'", 20)  # fmt: skip

    wait_until(page, "(window.renderVideoStudio.state.slides[1].sounds || []).length === 3", 30)
    sounds = _state(page)["slides"][1]["sounds"]  # the title, then its two points

    article = studio.root / "articles" / "studio.yaml"
    article.write_text(ARTICLE.replace("One line", "One edited line"))
    wait_until(page, f"window.renderVideoStudio.state.version > {first['version']}", 20)
    wait_until(page, "document.querySelector('#slide-2 .narration').textContent"
               ".includes('One edited line')", 20)  # fmt: skip
    assert page.get_attribute("#slide-2 .steps img:nth-child(2)", "src") != picture
    assert _state(page)["changed"] == 2, "the edited slide is brought into view"
    wait_until(
        page,
        "window.renderVideoStudio.state.slides[1].sounds && "
        "JSON.stringify(window.renderVideoStudio.state.slides[1].sounds)"
        f" !== {json.dumps(json.dumps(sounds, separators=(',', ':')))}",
        30,
    )
    heard = _state(page)["slides"][1]["sounds"]
    assert len(heard) == 3 and heard[1] != sounds[1] and heard[2] == sounds[2], (sounds, heard)
    page.click("#slide-2 .hear")
    wait_until(page, "document.getElementById('slide-audio').currentSrc.endsWith('.wav')", 10)
    wait_until(page, "document.querySelector('#slide-2 .narration li.heard') !== null", 10)

    article.write_text(ARTICLE.replace("    points: [A third line]", "    points: [A third line"))
    wait_until(page, "!document.getElementById('error').hidden", 20)
    error = page.inner_text("#error-text")
    assert "studio.yaml:7" in error or "studio.yaml:8" in error, error
    assert page.locator(".slide").count() == 4, "the last good preview stays"
    article.write_text(ARTICLE)
    wait_until(page, "document.getElementById('error').hidden", 20)

    page.click("#render")
    wait_until(page, "!document.getElementById('video').hidden", 120)
    video = studio.root / "out" / "studio-test.mp4"
    assert video.is_file() and video.stat().st_size > 10_000
    wait_until(page, "document.getElementById('video').readyState >= 1", 20)
    assert page.evaluate("document.getElementById('video').duration") > 3
    assert errors == []
