"""Re-rendering: nothing changed reuses everything; an edit redoes only what it touches."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.config import RenderConfig
from renderer.probe import probe

from .rendering import render_file

ARTICLE = """\
title: Cache test
summary: A short article to render three times.
sections:
  - title: First
    points: [Alpha point, Beta point]
  - title: Second
    points: [Gamma point]
  - title: Third
    glossary: [{term: Job, definition: background task unit}]
"""


def entries(cache: Path, kind: str) -> set[str]:
    return {p.name for p in (cache / kind).rglob("*.blob")}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, RenderConfig]:
    article = tmp_path / "cache-test.yaml"
    article.write_text(ARTICLE)
    config = RenderConfig(
        out_dir=tmp_path / "out",
        size=(640, 360),
        fps=30,
        narration=False,
        cache_dir=tmp_path / "cache",
        workers=2,
    )
    return article, config


def test_unchanged_rerender_reuses_every_picture_and_gop(setup) -> None:
    article, config = setup
    first = render_file(article, config)
    cache = config.cache_dir
    assert cache is not None
    before = {kind: entries(cache, kind) for kind in ("slides", "gop", "aac")}
    assert all(before.values())
    size = first.video.stat().st_size
    second = render_file(article, config)
    assert {kind: entries(cache, kind) for kind in before} == before, "nothing new was made"
    assert second.video.stat().st_size == size
    assert probe(second.video).frames == second.timeline.total_frames


def test_editing_one_section_redoes_only_its_pictures(setup) -> None:
    article, config = setup
    render_file(article, config)
    cache = config.cache_dir
    assert cache is not None
    slides_before = entries(cache, "slides")
    gops_before = entries(cache, "gop")
    article.write_text(ARTICLE.replace("Gamma point", "Gamma point edited"))
    result = render_file(article, config)
    new_slides = entries(cache, "slides") - slides_before
    assert len(new_slides) == 2, "the edited slide's two steps, nothing else"
    new_gops = entries(cache, "gop") - gops_before
    assert 0 < len(new_gops) < len(gops_before) / 2
    assert probe(result.video).frames == result.timeline.total_frames


def test_changing_theme_or_fps_invalidates(setup) -> None:
    article, config = setup
    render_file(article, config)
    cache = config.cache_dir
    assert cache is not None
    slides_before, gops_before = entries(cache, "slides"), entries(cache, "gop")
    light = config.with_options(theme="light")
    render_file(article, light)
    assert not (entries(cache, "slides") - slides_before) & slides_before
    assert len(entries(cache, "slides")) == 2 * len(slides_before)
    faster = config.with_options(fps=25)
    gops_light = entries(cache, "gop")
    render_file(article, faster)
    assert len(entries(cache, "slides")) == 2 * len(slides_before), "same pictures at 25 fps"
    assert len(entries(cache, "gop") - gops_light) >= len(gops_before) // 2


def test_a_translation_redraws_only_what_it_changes(setup) -> None:
    """A second language shares every picture whose text it leaves alone, and a
    translator's edit to one string redraws that slide's pictures only."""
    import polib
    from typer.testing import CliRunner

    from renderer.cli import app

    article, config = setup
    render_file(article, config)
    cache = config.cache_dir
    assert cache is not None
    source = entries(cache, "slides")
    made = CliRunner().invoke(app, ["strings", str(article), "--to", "de"])
    assert made.exit_code == 0, made.output
    path = article.with_name("cache-test.de.po")

    def translate(text: str) -> None:
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            entry.msgstr = text if entry.msgid == "Gamma point" else ""
        catalogue.save()

    german = config.with_options(lang="de")
    translate("Gamma-Punkt")
    first = render_file(article, german)
    assert first.video.name == "cache-test.de.mp4"
    after_first = entries(cache, "slides")
    assert len(after_first - source) == 2, "the translated slide's two steps, nothing else"
    translate("Gamma-Punkt, verbessert")
    render_file(article, german)
    assert len(entries(cache, "slides") - after_first) == 2, "the edited slide's, again"
