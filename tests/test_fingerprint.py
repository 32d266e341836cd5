"""The fingerprint is derived from the plan: every option that changes the output changes it,
the machine-only ones (named once, in config.MACHINE_ONLY) do not, and so does the content
of what the options point at (a theme file, the voices), not its path."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

from renderer.config import MACHINE_ONLY, CaptionStyle, Pacing, RenderConfig, Transition
from renderer.plan import make_plan

from .conftest import ROOT

ARTICLE = """\
title: Fingerprints
summary: What a batch compares.
sections:
  - title: One
    points: [A first point, A second point]
"""


def _changes(tmp_path: Path) -> dict[str, Any]:
    """A value other than the default for every RenderConfig field."""
    music = tmp_path / "music.wav"
    music.write_bytes(b"RIFF")  # a plan only checks it is there
    (tmp_path / "article.fr.po").write_text(  # a catalogue with no translations yet
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n', encoding="utf-8"
    )
    voices = tmp_path / "voices-copy"
    shutil.copytree(ROOT / "voices", voices)
    return {
        "preset": "youtube-720p",
        "fps": Fraction(25),
        "voice": "joe-hinglish",
        "allow_fallback": True,
        "narration": False,
        "theme": "light",
        "transition": Transition.DIP,
        "music": music,
        "burn_captions": True,
        "caption_style": CaptionStyle.KARAOKE,
        "web": True,
        "lang": "fr",
        "size": (1280, 720),
        "pacing": Pacing(tail=1.5),
        # machine-only: where and with what the render runs
        "out_dir": tmp_path / "elsewhere",
        "work_dir": tmp_path / "scratch",
        "cache_dir": tmp_path / "cache",
        "use_cache": False,
        "workers": 3,
        "voices_dir": voices,
        "strict": True,  # how strictly the input is checked, not what is made
    }


def test_every_option_changes_the_fingerprint_unless_machine_only(tmp_path: Path) -> None:
    article = tmp_path / "article.yaml"
    article.write_text(ARTICLE, encoding="utf-8")
    changes = _changes(tmp_path)
    assert set(changes) == set(RenderConfig.model_fields), (
        "a new RenderConfig field: add a changed value here (or to MACHINE_ONLY)"
    )
    assert MACHINE_ONLY < set(RenderConfig.model_fields)
    base = RenderConfig(out_dir=tmp_path / "out")
    before = make_plan(article, base, check=False).inputs
    for name, value in changes.items():
        changed = base.model_copy(update={name: value})
        assert getattr(changed, name) != getattr(base, name), name
        after = make_plan(article, changed, check=False).inputs
        if name in MACHINE_ONLY:
            assert after == before, f"{name} is machine-only but changed the fingerprint"
        else:
            assert after != before, f"{name} changed the output but not the fingerprint"


def test_what_an_option_names_counts_by_its_content(tmp_path: Path) -> None:
    article = tmp_path / "article.yaml"
    article.write_text(ARTICLE, encoding="utf-8")
    theme = tmp_path / "mine.yaml"
    bundled = ROOT / "renderer" / "assets" / "themes" / "light.yaml"
    theme.write_text(bundled.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    config = RenderConfig(out_dir=tmp_path / "out", narration=False)

    def inputs(**changes: Any) -> str:
        return make_plan(article, config.model_copy(update=changes), check=False).inputs

    light = inputs(theme="light")
    assert light != inputs(theme=None)  # other colours
    # the same values in another file, with a comment: the same pictures, the same inputs
    assert inputs(theme=str(theme)) == light
    article.write_text(ARTICLE.replace("A second point", "Another point"), encoding="utf-8")
    assert inputs(theme="light") != light
