"""Faults: a killed or terminated render leaves no partial output and a usable cache; encoder
and disk failures are clear errors; the same input gives the same bytes."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from renderer.config import Pacing, RenderConfig, VideoSpec
from renderer.errors import RenderError

from .rendering import render_file

ARTICLE = """\
title: Fault test
summary: An article that gets interrupted while its pictures are being encoded.
sections:
""" + "".join(
    f"""\
  - title: Section {i}
    points: [Alpha point {i}, Beta point {i}, Gamma point {i}, Delta point {i}]
"""
    for i in range(16)
)
OUTPUTS = {".mp4", ".srt", ".vtt", ".ass", ".jpg", ".json", ".txt"}


@pytest.fixture
def fault_article(tmp_path: Path) -> Path:
    path = tmp_path / "fault-test.yaml"
    path.write_text(ARTICLE)
    return path


def start(article: Path, out: Path, cache: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "renderer",
            str(article),
            "--out",
            str(out),
            "--cache-dir",
            str(cache),
            "--no-narration",
            "--preset",
            "youtube-720p",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).parent.parent,
    )


def wait_for_encoding(process: subprocess.Popen[bytes], cache: Path) -> None:
    """Until the render has drawn slides and started encoding pictures."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if (cache / "gop").exists() and any((cache / "gop").rglob("*.blob")):
            return
        time.sleep(0.05)
    raise AssertionError("the render never reached the encoder")


def no_process_left(marker: str, wait: float = 10.0) -> bool:
    """True once no process (such as an orphaned pool worker) mentions `marker`."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        alive = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and marker in (proc / "cmdline").read_text():
                    alive.append(proc.name)
            except OSError:
                continue
        if not alive:
            return True
        time.sleep(0.2)
    return False


def finished_outputs(out: Path) -> list[Path]:
    return [p for p in out.glob("*") if not p.name.startswith(".")] if out.exists() else []


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_render_leaves_no_output_and_a_usable_cache(
    fault_article: Path, tmp_path: Path, how: signal.Signals
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    process = start(fault_article, out, cache)
    wait_for_encoding(process, cache)
    process.send_signal(how)
    code = process.wait(timeout=60)
    assert code != 0
    assert no_process_left(str(out)), "the render's worker processes died with it"
    assert finished_outputs(out) == [], "no file at any output path"
    if how != signal.SIGKILL:  # a signal we can handle also removes the scratch files
        assert code in (130, 143)
        assert not out.exists() or list(out.iterdir()) == []
        assert b"Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    # the cache survives: a new render completes and is a normal video
    again = render_file(
        fault_article,
        RenderConfig(
            out_dir=out, size=(1280, 720), preset="youtube-720p", narration=False, cache_dir=cache
        ),
    )
    assert {p.suffix for p in finished_outputs(out)} == OUTPUTS
    assert again.video.stat().st_size > 0
    assert not [p for p in out.iterdir() if "partial" in p.name], "stale partials removed"


def test_an_encoder_failure_shows_the_encoders_own_message(
    fault_article: Path, tmp_path: Path, monkeypatch
) -> None:
    import dataclasses

    from renderer.pipeline import render
    from renderer.plan import make_plan

    plan = make_plan(
        fault_article,
        RenderConfig(
            out_dir=tmp_path / "out",
            size=(320, 180),
            narration=False,
            cache_dir=tmp_path / "c",
            workers=1,
        ),
    )
    # the encoder's settings are the plan's: one made with a preset libx264 does not know
    plan = dataclasses.replace(plan, encode=dataclasses.replace(plan.encode, preset="nosuchpreset"))
    with pytest.raises(RenderError) as info:
        render(plan)
    assert "libx264" in info.value.message and "nosuchpreset" in info.value.message
    assert finished_outputs(tmp_path / "out") == []


def test_a_full_disk_is_a_clear_error(fault_article: Path, tmp_path: Path, monkeypatch) -> None:
    import renderer.encode.video as compose

    def full(*args: object, **kwargs: object) -> None:
        path = args[4]
        Path(str(path)).write_bytes(b"partial")  # the muxer got part way
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(compose, "mux", full)
    with pytest.raises(RenderError) as info:
        render_file(
            fault_article,
            RenderConfig(
                out_dir=tmp_path / "out", size=(320, 180), narration=False, cache_dir=tmp_path / "c"
            ),
        )
    assert "the disk is full" in info.value.message and info.value.hint
    assert list((tmp_path / "out").iterdir()) == [], "the partial file is gone"


def test_same_input_gives_the_same_pictures_and_samples(storyboard, tmp_path: Path) -> None:
    from renderer.audio import mix
    from renderer.narration.speak import narrate
    from renderer.narration.voices import resolve_voice
    from renderer.raster import rasterize
    from renderer.storyboard_model import Storyboard
    from renderer.theme import load_theme
    from renderer.timeline import build_timeline

    spec = VideoSpec(640, 360)
    first = rasterize(storyboard, spec, load_theme(), tmp_path / "a", workers=2)
    second = rasterize(storyboard, spec, load_theme(), tmp_path / "b", workers=1)
    for row_a, row_b in zip(first.paths, second.paths, strict=True):
        for a, b in zip(row_a, row_b, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name
    small = Storyboard(
        storyboard.title,
        storyboard.slug,
        storyboard.language,
        storyboard.brand,
        storyboard.narrator,
        storyboard.slides[:3],
    )
    voice = resolve_voice("joe-hinglish", Path(__file__).parent.parent / "voices")
    spoken = [narrate(small, voice, None) for _ in range(2)]
    samples = [
        [s.speech.samples for sl in n.slides for c in sl.cues for s in c.sentences] for n in spoken
    ]
    assert all(np.array_equal(a, b) for a, b in zip(*samples, strict=True))
    tracks = [
        mix(n, build_timeline(small, n, Fraction(30), Pacing()), tmp_path / f"{i}.wav")
        for i, n in enumerate(spoken)
    ]
    assert tracks[0].path.read_bytes() == tracks[1].path.read_bytes()


def test_a_signal_whose_exception_was_swallowed_stops_the_render_at_its_next_step() -> None:
    """Python only prints an exception raised in an at-fork hook or a finaliser ("Exception
    ignored"); the render must still stop, at its next progress step."""
    import io

    from rich.console import Console

    from renderer.progress import RichReporter
    from renderer.signals import SignalGuard, Terminated

    guard = SignalGuard()
    reporter = RichReporter(Console(file=io.StringIO()), guard)
    with pytest.raises(Terminated):
        guard._handle(signal.SIGTERM, None)  # raised where nobody will see it
    with pytest.raises(Terminated), reporter.stage("encoding", 3) as advance:
        advance(1)
