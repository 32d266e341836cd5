"""The command line as a user meets it: help, version, storyboard, and mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renderer import __version__
from renderer.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
        raise SystemExit(0)
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


def test_version(capsys) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and __version__ in out


def test_help_explains_every_option(capsys) -> None:
    code, out, _ = run(["render", "--help"], capsys)
    assert code == 0
    for option in ("--out", "--voice", "--no-narration", "--preset", "--fps", "--debug"):
        assert option in out


def test_storyboard_lines_and_json(capsys) -> None:
    code, out, _ = run(["storyboard", "asynchronous-job.yaml"], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 22
    assert lines[0].split()[0] == "1/22" and "Asynchronous job" in lines[0]
    code, out, _ = run(["storyboard", "asynchronous-job", "--json"], capsys)
    data = json.loads(out)
    assert [s["number"] for s in data["slides"]] == list(range(1, 23))
    assert data["slides"][19]["kind"] == "quiz"


def test_bad_article_is_one_clear_message(tmp_path: Path, capsys) -> None:
    article = tmp_path / "bad.yaml"
    article.write_text("title: X\nsummary: Y\nsections:\n  - title: A\n    pointz: [a]\n")
    out_dir = tmp_path / "out"
    code, _, err = run([str(article), "--out", str(out_dir)], capsys)
    assert code == 2
    assert err.startswith(f"error: {article}:5:5 [sections[0].pointz]: unknown key 'pointz'")
    assert "did you mean 'points'?" in err
    assert "Traceback" not in err
    assert not out_dir.exists() or not any(out_dir.iterdir())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["asynchronous-job.yaml", "--voice", "jo"], "did you mean 'joe'?"),
        (["asynchronous-job.yaml", "--preset", "youtub"], "did you mean 'youtube'?"),
        (["asynchronous-job.yaml", "--fps", "abc"], "not a number"),
        (["no-such-article.yaml"], "file not found"),
    ],
)
def test_option_mistakes(args: list[str], expected: str, tmp_path: Path, capsys) -> None:
    code, _, err = run([*args, "--out", str(tmp_path / "o")], capsys)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_voices_lists_availability(capsys) -> None:
    code, out, _ = run(["voices"], capsys)
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:] if line[:1].strip()}
    assert "yes" in rows["joe"] and "[default]" in rows["joe"]
    assert rows["hien"].split()[1] == "gtts"


def test_cache_info_and_clear(tmp_path: Path, capsys) -> None:
    entry = tmp_path / "speech-piper" / "ab" / "abc.blob"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"x" * 10)
    code, out, _ = run(["cache", "info", "--cache-dir", str(tmp_path)], capsys)
    assert code == 0 and "entries:  1 " in out
    code, out, _ = run(["cache", "clear", "--cache-dir", str(tmp_path)], capsys)
    assert code == 0 and "removed 1" in out
    assert not entry.exists()


def test_explicit_offline_voice_is_a_clear_error(tmp_path: Path, capsys) -> None:
    code, _, err = run(
        [
            "asynchronous-job.yaml",
            "--voice",
            "hien",
            "--out",
            str(tmp_path),
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capsys,
    )
    if code == 0:
        pytest.skip("the online voice is reachable from this machine")
    assert code == 1
    assert "voice 'hien' is not available" in err and "--allow-fallback" in err
    assert not any(tmp_path.glob("*.mp4"))


@pytest.mark.parametrize("args", [["--transition", "wipe"], ["--bogus-option"], ["--preset"]])
def test_usage_errors_are_short(args: list[str], tmp_path: Path, capsys) -> None:
    code, _, err = run(["asynchronous-job.yaml", *args, "--out", str(tmp_path / "o")], capsys)
    assert code == 2
    assert "Traceback" not in err and "╭" not in err
    assert err.strip()


def test_shorts_refuse_a_long_article_before_any_work(tmp_path: Path, capsys) -> None:
    code, _, err = run(
        [
            "asynchronous-job.yaml",
            "--preset",
            "shorts",
            "--no-narration",
            "--out",
            str(tmp_path / "o"),
        ],
        capsys,
    )
    assert code == 2
    assert "shorts takes at most 3 min" in err and "--preset youtube" in err
    assert "cut sections (longest:" in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
