"""The bundled article rendered for real: real fonts, the real piper voice, the real encoder."""

from __future__ import annotations

import json
import re
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from PIL import Image

from renderer.check import check
from renderer.config import RenderConfig, VideoSpec
from renderer.outputs.metadata import tags_length
from renderer.pipeline import RenderResult
from renderer.presets import get_preset
from renderer.probe import probe
from renderer.raster import paint_slide
from renderer.storyboard_model import Storyboard
from renderer.theme import load_theme

from .browser import (
    ARGS,
    CHROMIUM,
    hosted,
    needs_chromium,
    open_page,
    page_data,
    wait_until,
)
from .conftest import BUNDLED
from .rendering import render_file

CINEMATIC_DARK = load_theme()

SPEC = VideoSpec(1280, 720, Fraction(30))

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    out = tmp_path_factory.mktemp("render")
    cache = tmp_path_factory.mktemp("cache")
    return render_file(
        BUNDLED, RenderConfig(out_dir=out, preset="youtube-720p", cache_dir=cache, web=True)
    )


def test_output_probes_as_h264_and_aac(rendered: RenderResult) -> None:
    info = probe(rendered.video)
    assert info.video_codec == "h264" and info.pix_fmt == "yuv420p"
    assert (info.width, info.height) == (1280, 720)
    assert info.fps == Fraction(30)
    assert info.audio_codec == "aac" and info.sample_rate == 48000 and info.channels == 2
    assert info.frames == rendered.timeline.total_frames
    assert abs(info.video_seconds - info.audio_seconds) <= 1 / 30
    assert abs(info.video_seconds - rendered.seconds) <= 1 / 30


def test_twenty_two_slides_and_nothing_else_written(rendered: RenderResult) -> None:
    assert rendered.slides == 22
    assert len(rendered.timeline.slide_starts) == 22
    assert rendered.voice == "kokoro-hi-female"
    assert sorted(p.name for p in rendered.video.parent.iterdir()) == [
        "asynchronous-job-web",
        "asynchronous-job.ass",
        "asynchronous-job.description.txt",
        "asynchronous-job.jpg",
        "asynchronous-job.json",
        "asynchronous-job.mp4",
        "asynchronous-job.srt",
        "asynchronous-job.vtt",
        "asynchronous-job.words.vtt",
    ]
    files = dict(rendered.files)
    web = files.pop("web")
    assert web == rendered.video.parent / "asynchronous-job-web" / "index.html"
    assert files.pop("web_language") == web.parent / "assets" / "hi" / "part.json"
    assert set(files.values()) | {web.parent} == set(rendered.video.parent.iterdir())


def test_the_web_pages_hold_every_slide_state_within_budget(
    rendered: RenderResult, storyboard: Storyboard
) -> None:
    folder = rendered.video.parent / "asynchronous-job-web"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size <= 20e6, f"{size / 1e6:.1f} MB"
    pictures = sorted((folder / "assets" / "slides").iterdir())
    assert len(pictures) == sum(slide.steps for slide in storyboard.slides)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert '"frames":' + str(rendered.timeline.total_frames) in html
    assert "Recording shuru hone wali hai..." in html, "the seed's phrases for Hinglish"
    assert (folder / "assets" / "fonts" / "NotoSansDevanagari-Regular.ttf").is_file() or not any(
        "\u0900" <= c <= "\u097f" for c in html
    )


def test_audio_has_speech(rendered: RenderResult) -> None:
    with av.open(str(rendered.video)) as container:
        chunks = [frame.to_ndarray() for frame in container.decode(audio=0)]
    samples = np.concatenate(chunks, axis=1)[0]
    window = 4800  # 100 ms
    usable = len(samples) // window * window
    rms = np.sqrt(np.mean(samples[:usable].reshape(-1, window) ** 2, axis=1))
    loud = rms > 10 ** (-40 / 20)
    assert loud.mean() > 0.5, "most of the video should carry speech"
    assert (~loud).mean() > 0.05, "and there should be pauses between sentences"


def test_frames_show_the_step_on_screen(rendered: RenderResult, storyboard: Storyboard) -> None:
    """Once a reveal's fade-in (0.2 s) is over, the frame is exactly that step's slide image."""
    timeline = rendered.timeline
    wanted = {span.start + 8: span for span in timeline.spans if span.slide in (3, 19)}
    found: dict[int, np.ndarray] = {}
    with av.open(str(rendered.video)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index in wanted:
                found[index] = frame.to_ndarray(format="rgb24").astype(np.int16)
            if index > max(wanted):
                break
    for index, span in wanted.items():
        slide = storyboard.slides[span.slide]
        expected = np.asarray(
            paint_slide(storyboard, slide, span.step, SPEC, CINEMATIC_DARK), dtype=np.int16
        )
        assert np.abs(found[index] - expected).mean() < 4, (slide.number, span.step)


def test_reveals_fade_in_from_the_frame_their_words_start(
    rendered: RenderResult, storyboard: Storyboard
) -> None:
    span = next(s for s in rendered.timeline.spans if s.slide == 3 and s.step == 2)
    slide = storyboard.slides[3]
    before, after = (
        np.asarray(paint_slide(storyboard, slide, step, SPEC, CINEMATIC_DARK), dtype=np.float32)
        for step in (1, 2)
    )
    with av.open(str(rendered.video)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index == span.start - 1:
                last_old = frame.to_ndarray(format="rgb24").astype(np.float32)
            if index == span.start + 2:
                middle = frame.to_ndarray(format="rgb24").astype(np.float32)
                break
    changed = np.abs(after - before).sum(axis=2) > 60
    to_before = np.abs(last_old - before)[changed].mean()
    to_after = np.abs(last_old - after)[changed].mean()
    assert to_before < 0.25 * to_after, "the old step is on screen until the words start"
    share = (middle - before)[changed].sum() / (after - before)[changed].sum()
    assert 0.2 < share < 0.8, f"half-way through the fade, got {share:.2f}"


def test_upload_checks_pass(rendered: RenderResult) -> None:
    results = check(rendered.video, get_preset("youtube-720p"))
    assert [r.name for r in results if not r.ok] == []
    assert len(results) >= 16


def test_captions_are_on_screen_while_their_words_are_heard(rendered: RenderResult) -> None:
    cues = list(srt.parse(rendered.files["captions_srt"].read_text(encoding="utf-8")))
    assert len(cues) >= len(rendered.timeline.sentences)
    with av.open(str(rendered.video)) as container:
        samples = np.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])
    for cue in cues:
        start, end = cue.start.total_seconds(), cue.end.total_seconds()
        heard = samples[int(start * 48000) : int(end * 48000)]
        assert np.sqrt(np.mean(heard**2)) > 10 ** (-35 / 20), f"silence under {cue.content!r}"
        assert all(len(line) <= 42 for line in cue.content.splitlines())
    # the first words are captioned as they are spoken: the sound rises in the last 40 ms
    # before the cue (the voice's first phoneme starts there) and not before
    start = int(cues[0].start.total_seconds() * 48000)
    lead = samples[: max(0, start - 1920)]
    assert len(lead) == 0 or np.abs(lead).max() < 10 ** (-40 / 20)
    assert np.abs(samples[start : start + 4800]).max() > 10 ** (-20 / 20), "speech at the cue"


def test_mp4_carries_captions_chapters_and_title(rendered: RenderResult) -> None:
    meta = json.loads(rendered.files["metadata"].read_text(encoding="utf-8"))
    with av.open(str(rendered.video)) as container:
        assert container.metadata.get("title") == "Asynchronous job"
        subtitles = container.streams.subtitles
        assert len(subtitles) == 1 and subtitles[0].codec_context.name == "mov_text"
        # (the muxer fills the gaps between cues with empty samples: 2 bytes, no text)
        texts = sum(1 for packet in container.demux(subtitles[0]) if packet.size > 2)
        chapters = container.chapters()
    assert texts == len(list(srt.parse(rendered.files["captions_srt"].read_text("utf-8"))))
    assert [c["metadata"]["title"] for c in chapters] == [c["title"] for c in meta["chapters"]]
    assert len(chapters) >= 3


def test_metadata_and_description_are_ready_to_paste(rendered: RenderResult) -> None:
    meta = json.loads(rendered.files["metadata"].read_text(encoding="utf-8"))
    description = rendered.files["description"].read_text(encoding="utf-8")
    assert meta["title"] == "Asynchronous job" and len(meta["title"]) <= 100
    assert description.strip() == meta["description"].strip()
    assert len(description.encode("utf-8")) <= 5000 and "<" not in description
    assert "\n0:00 " in description and "Related topics:" in description
    assert tags_length(meta["tags"]) <= 500 and len(meta["tags"]) >= 5
    assert meta["language"] == "hi" and abs(meta["duration_seconds"] - rendered.seconds) < 0.01
    assert {Path(p).name for p in meta["files"].values()} == {
        p.name for p in rendered.files.values()
    }


def test_thumbnail_is_designed_not_a_frame(rendered: RenderResult) -> None:
    path = rendered.files["thumbnail"]
    assert path.stat().st_size < 2 * 1024 * 1024
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == (1280, 720)
        picture = np.asarray(image.convert("RGB"), dtype=np.int16)
    with av.open(str(rendered.video)) as container:
        first = next(container.decode(video=0)).to_ndarray(format="rgb24").astype(np.int16)
    assert np.abs(picture - first).mean() > 10, "not the first frame scaled"


def test_sync_check_passes_the_render_and_fails_a_copy_shifted_by_300_ms(
    rendered: RenderResult, tmp_path: Path
) -> None:
    import subprocess

    import imageio_ffmpeg

    report = _sync(rendered.video)
    assert report["source"].endswith(".words.vtt")
    assert report["ok"], report
    # (the Hindi voice's words, timed from the durations Kokoro predicts, spread more than
    # piper's: p95 92 ms on this article where piper's was under 80; the check passes at 100)
    assert report["pairs"] >= 60 and abs(report["median_ms"]) <= 50 and report["p95_ms"] <= 100
    # the same file with its sound 300 ms late (remuxed, not re-encoded)
    shifted = tmp_path / "shifted.mp4"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(rendered.video),
            "-itsoffset",
            "0.3",
            "-i",
            str(rendered.video),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-c",
            "copy",
            str(shifted),
        ],
        check=True,
    )
    late = _sync(shifted, rendered.files["captions_words"])
    assert not late["ok"]
    assert 260 <= late["median_ms"] <= 340, late
    assert abs(late["drift_ms"]) < 100, "a shift, not a drift"
    early = _sync(rendered.video, _shifted_captions(rendered, tmp_path, -0.3))
    assert not early["ok"] and 260 <= early["median_ms"] <= 340, early
    # the command says so with its exit code
    cli = Path(sys.executable).with_name("render-video")
    passed = subprocess.run(  # checked against the preset its metadata records
        [str(cli), "check", str(rendered.video), "--sync"], capture_output=True, text=True
    )
    assert passed.returncode == 0 and "checks passed for youtube-720p" in passed.stdout
    failed = subprocess.run(
        [
            str(cli),
            "check",
            str(shifted),
            "--sync",
            "--preset",
            "youtube-720p",
            "--captions",
            str(rendered.files["captions_words"]),
        ],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1 and "FAIL  sync: median offset" in failed.stdout


def _sync(video: Path, captions: Path | None = None) -> dict:
    """`check_sync` in a process of its own (its detector runs on onnxruntime, whose state
    must not be in this process when later tests fork workers that speak with piper)."""
    import subprocess

    code = (
        "import json, sys; from pathlib import Path; from renderer.sync import check_sync; "
        "r, s = check_sync(Path(sys.argv[1]), Path(sys.argv[2]) if sys.argv[2] else None); "
        "print(json.dumps({'source': s, 'ok': r.ok, 'pairs': r.pairs, "
        "'median_ms': r.median_ms, 'p95_ms': r.p95_ms, 'drift_ms': r.drift_ms}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(video), str(captions or "")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _shifted_captions(rendered: RenderResult, folder: Path, seconds: float) -> Path:
    """The render's phrase captions moved by `seconds`."""
    cues = list(srt.parse(rendered.files["captions_srt"].read_text(encoding="utf-8")))
    from datetime import timedelta

    moved = [
        srt.Subtitle(
            c.index,
            max(timedelta(0), c.start + timedelta(seconds=seconds)),
            c.end + timedelta(seconds=seconds),
            c.content,
        )
        for c in cues
    ]
    path = folder / "moved.srt"
    path.write_text(srt.compose(moved), encoding="utf-8")
    return path


@needs_chromium()
def test_the_web_export_plays_the_hindi_narration(rendered: RenderResult) -> None:
    """The bundled article's pages, served as `python3 -m http.server` serves them, play
    the Hindi voice's narration, with the author's own words lit in the captions."""
    from playwright.sync_api import sync_playwright

    folder = rendered.video.parent / "asynchronous-job-web"
    data = page_data(folder)
    with sync_playwright() as driver, hosted(folder, "plain") as base:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = open_page(browser, base + "index.html")
        page.keyboard.press("c")
        page.keyboard.press("Space")
        wait_until(page, "!document.getElementById('narration').paused", seconds=15)
        wait_until(page, "document.getElementById('narration').currentTime > 1.5", seconds=15)
        cue = next(c for c in data["cues"] if len(c["words"]) >= 3)
        text, start, end = cue["words"][2]
        page.evaluate(f"renderVideo.seek({(start + end) / 2})")
        assert page.text_content("#captions .spoken") == text
        assert not re.search("[\u0900-\u097f]", page.inner_text("#captions")), "as written"
        assert not page.errors
        browser.close()
