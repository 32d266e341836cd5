"""The command line as a user meets it: help, version, storyboard, and mistakes."""

from __future__ import annotations

import json
import re
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


# -- issue 30: one option group, every command ------------------------------------------------


def test_every_command_takes_the_render_options_from_one_group(capsys) -> None:
    from renderer.commands import command_names
    from renderer.commands.options import OPTIONS

    assert {"render", "web", "preview", "batch", "validate", "storyboard"} <= command_names()
    flags = {o.flags[0] if o.flags else "--" + o.name.replace("_", "-") for o in OPTIONS}
    for command, left_out in {
        "render": set(),
        "web": {"--web", "--burn-captions", "--caption-style"},
        "batch": set(),  # (its --jobs is its own: the budget shared by the jobs)
        "validate": {"--out", "--web", "--cache-dir", "--no-cache", "--jobs"},
    }.items():
        code, out, _ = run([command, "--help"], capsys)
        assert code == 0
        shown = {flag for flag in flags if flag in out.split()}
        assert shown == flags - left_out, (command, flags - left_out - shown)


def test_web_takes_the_options_a_render_takes(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code, printed, err = run(
        [
            "web",
            "asynchronous-job",
            "--no-narration",
            "--fps",
            "25",
            "--preset",
            "youtube-720p",
            "--transition",
            "dip",
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capsys,
    )
    assert code == 0, err
    page = (out / "asynchronous-job-web" / "index.html").read_text(encoding="utf-8")
    assert '"fps":[25,1]' in page.replace(" ", ""), "the page runs at the rate asked for"
    assert "Web player:" in printed


def test_an_option_a_command_does_not_take_is_refused_by_name(tmp_path: Path, capsys) -> None:
    code, _, err = run(["preview", "asynchronous-job", "--music", "x.mp3"], capsys)
    assert code == 2 and "No such option: --music" in err


def test_a_voice_profile_with_a_parameter_its_engine_does_not_take(tmp_path: Path) -> None:
    from renderer.errors import ConfigError
    from renderer.narration.voices import load_profile

    (tmp_path / "typo.yaml").write_text("engine: piper\nparams:\n  lenght_scale: 1.1\n")
    with pytest.raises(ConfigError) as info:
        load_profile("typo", tmp_path)
    message = info.value.message
    assert "lenght_scale" in message and "length_scale" in message, message
    assert "Traceback" not in message


def test_storyboard_spoken_shows_what_the_voice_is_given(capsys) -> None:
    code, out, err = run(["storyboard", "asynchronous-job", "--spoken", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["voice"] == "kokoro-hi-female"  # the article's
    said = [line for slide in data["slides"] for line in slide["spoken"]]
    assert sum(len(slide["narration"]) > 0 for slide in data["slides"]) <= len(said)
    hinglish = next(line for line in said if " hai" in f" {line['text']}")
    assert "है" in hinglish["given"], "Hinglish reaches the Hindi voice in Devanagari"
    assert not re.search("[A-Za-z]", hinglish["given"]), hinglish
    code, out, _ = run(
        ["storyboard", "asynchronous-job", "--spoken", "--voice", "joe-hinglish"], capsys
    )
    assert code == 0 and out.startswith("voice: joe-hinglish ") and "[[" in out, "the lexicon"
    code, out, _ = run(["storyboard", "asynchronous-job", "--spoken", "--voice", "joe"], capsys)
    assert code == 0 and out.startswith("voice: joe ") and "[[" not in out, "joe has none"
