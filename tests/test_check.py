"""`render-video check`: passes a file made to YouTube's settings, fails each violation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest

from renderer.check import check
from renderer.presets import get_preset

from .test_cli import run

GOOD = [
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-profile:v",
    "high",
    "-pix_fmt",
    "yuv420p",
    "-x264-params",
    "keyint=15:min-keyint=15:scenecut=0:bframes=2:b-adapt=0:open-gop=0",
    "-c:a",
    "aac",
    "-ar",
    "48000",
    "-ac",
    "2",
    "-movflags",
    "+faststart",
    "-use_editlist",
    "0",
]


def make(path: Path, *changes: tuple[str, str], drop: tuple[str, ...] = ()) -> Path:
    """A 2-second 720p test video encoded with GOOD settings, some replaced or dropped."""
    args = list(GOOD)
    for option, value in changes:
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    for option in drop:
        at = args.index(option)
        del args[at : at + 2]
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=1280x720:rate=30:duration=2",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=48000:duration=2",
        *args,
        "-shortest",
        str(path),
    ]
    subprocess.run(command, check=True, capture_output=True)
    return path


def failures(path: Path, preset: str = "youtube-720p") -> set[str]:
    return {r.name for r in check(path, get_preset(preset)) if not r.ok}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("check")


def test_a_file_made_to_the_recommended_settings_passes(folder: Path) -> None:
    assert failures(make(folder / "good.mp4")) == set()


@pytest.mark.parametrize(
    ("name", "changes", "drop", "failing"),
    [
        (
            "open-gop",
            [("-x264-params", "keyint=15:min-keyint=15:scenecut=0:bframes=2:b-adapt=0:open-gop=1")],
            (),
            "closed GOPs",
        ),
        ("moov-at-end", [], ("-movflags",), "moov before mdat"),
        ("yuv444", [("-pix_fmt", "yuv444p"), ("-profile:v", "high444")], (), "chroma 4:2:0"),
        ("mono-44k", [("-ar", "44100"), ("-ac", "1")], (), "audio 48 kHz"),
        ("edit-list", [("-use_editlist", "1")], (), "no edit lists"),
        (
            "long-gop",
            [("-x264-params", "keyint=60:min-keyint=60:scenecut=0:bframes=2")],
            (),
            "GOP length",
        ),
        (
            "no-b-frames",
            [("-x264-params", "keyint=15:min-keyint=15:scenecut=0:bframes=0")],
            (),
            "2 consecutive B-frames",
        ),
        (
            "cavlc",
            [("-x264-params", "keyint=15:min-keyint=15:scenecut=0:bframes=2:b-adapt=0:cabac=0")],
            (),
            "CABAC",
        ),
    ],
)
def test_each_violation_fails_its_check(
    folder: Path, name: str, changes: list[tuple[str, str]], drop: tuple[str, ...], failing: str
) -> None:
    found = failures(make(folder / f"{name}.mp4", *changes, drop=drop))
    assert any(item.startswith(failing) for item in found), found


def test_check_command_prints_a_line_per_property_and_exits_non_zero(folder: Path, capsys) -> None:
    bad = make(folder / "cli-bad.mp4", ("-ar", "44100"), ("-ac", "1"))
    code, out, _ = run(["check", str(bad), "--preset", "youtube-720p"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith("FAIL  audio 48 kHz") and "44100 Hz" in line for line in lines)
    assert any(line.startswith("FAIL  audio stereo") for line in lines)
    assert sum(line.startswith(("PASS", "FAIL")) for line in lines) >= 15
    code, out, _ = run(
        ["check", str(make(folder / "cli-good.mp4")), "--preset", "youtube-720p"], capsys
    )
    assert code == 0, out
    assert "FAIL" not in out and "all 16 checks passed" in out


def test_check_a_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    code, _, err = run(["check", str(tmp_path / "nope.mp4")], capsys)
    assert code == 2
    assert "no such file" in err and "Traceback" not in err
