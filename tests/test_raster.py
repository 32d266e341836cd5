"""Slides drawn with the real fonts: every kind, every reveal step, three frame sizes."""

from __future__ import annotations

import itertools
import logging

import numpy as np
import pytest
from PIL import Image

from renderer.article import Flow
from renderer.config import VideoSpec
from renderer.raster import PAINTERS, paint_slide
from renderer.raster.painters.flow import layout, rank_nodes
from renderer.raster.text import Fonts, Script, TextStyle, Weight, draw_line, segment
from renderer.raster.wrap import fit
from renderer.storyboard_model import SlideKind, Storyboard
from renderer.theme import load_theme

CINEMATIC_DARK = load_theme()

SPECS = [VideoSpec(1280, 720), VideoSpec(1920, 1080), VideoSpec(1080, 1920)]


def test_every_kind_has_a_painter() -> None:
    assert set(PAINTERS) == set(SlideKind)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.width}x{s.height}")
def test_each_slide_draws_at_frame_size(storyboard: Storyboard, spec: VideoSpec) -> None:
    seen_kinds = set()
    for slide in storyboard.slides:
        if slide.kind in seen_kinds and spec.width != 1280:
            continue
        seen_kinds.add(slide.kind)
        image = paint_slide(storyboard, slide, slide.steps - 1, spec, CINEMATIC_DARK)
        assert image.size == (spec.width, spec.height)
        assert image.mode == "RGB"
        pixels = np.asarray(image, dtype=np.float32)
        assert pixels.std() > 10, f"slide {slide.number} looks empty"


def test_reveal_steps_differ_and_accumulate(storyboard: Storyboard) -> None:
    slide = storyboard.slides[3]
    spec = VideoSpec(1280, 720)
    frames = [
        np.asarray(paint_slide(storyboard, slide, s, spec, CINEMATIC_DARK), dtype=np.int16)
        for s in range(slide.steps)
    ]
    for before, after in itertools.pairwise(frames):
        assert np.abs(after - before).mean() > 0.5


def test_painting_is_deterministic(storyboard: Storyboard) -> None:
    spec = VideoSpec(1280, 720)
    slide = storyboard.slides[17]
    first = paint_slide(storyboard, slide, 0, spec, CINEMATIC_DARK).tobytes()
    assert paint_slide(storyboard, slide, 0, spec, CINEMATIC_DARK).tobytes() == first


def test_segments_emoji_devanagari_and_latin() -> None:
    runs = segment("Job 👩‍💻 नमस्ते ✅ 🇮🇳", CINEMATIC_DARK)
    scripts = [(r.text.strip(), r.script) for r in runs if r.text.strip()]
    assert ("👩\u200d💻", Script.EMOJI) in scripts
    assert ("नमस्ते", Script.DEVANAGARI) in scripts
    assert ("✅", Script.EMOJI) in scripts
    assert ("🇮🇳", Script.EMOJI) in scripts
    assert scripts[0] == ("Job", Script.LATIN)


def test_missing_glyph_is_reported_and_drawn_as_box(caplog: pytest.LogCaptureFixture) -> None:
    runs = segment("ก", CINEMATIC_DARK)  # Thai: finding it is pure, validate refuses it quietly
    assert runs[0].script is Script.MISSING
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 255))
    style = TextStyle(Fonts(CINEMATIC_DARK), 48, Weight.REGULAR, (255, 255, 255))
    with caplog.at_level(logging.WARNING):
        width = draw_line(image, (10, 10), "ก", style)
    assert "U+0E01" in caplog.text and "drawn as a box" in caplog.text
    assert width > 0 and np.asarray(image)[..., 0].max() == 255, "a box is drawn"


def test_fit_always_fits_and_ellipsizes_as_last_resort() -> None:
    style = TextStyle(Fonts(CINEMATIC_DARK), 40)
    text = "Asynchronous job ek aisa kaam hota hai " * 40
    fitted = fit(text, style, 600, 200)
    assert fitted.ellipsized and fitted.lines[-1].endswith("…")
    assert fitted.height <= 200
    assert fitted.width <= 600
    short = fit("Queue", style, 600, 200)
    assert not short.ellipsized and short.style.size == 40


def test_flow_ranks_and_back_edges() -> None:
    flow = Flow.model_validate(
        {
            "nodes": [{"id": i, "label": i} for i in ("queue", "worker", "done", "retry", "dlq")],
            "edges": [
                {"from": "queue", "to": "worker"},
                {"from": "worker", "to": "done"},
                {"from": "worker", "to": "retry"},
                {"from": "retry", "to": "queue"},
                {"from": "worker", "to": "dlq"},
            ],
        }
    )
    rank, back = rank_nodes(flow)
    assert rank == {"queue": 0, "worker": 1, "done": 2, "retry": 2, "dlq": 2}
    assert back == frozenset({3})
    plan = layout(flow, (0, 0, 1600, 600), (300, 150), 90, horizontal=True)
    boxes = list(plan.boxes.values())
    for i, a in enumerate(boxes):
        assert 0 <= a[0] and a[2] <= 1600 and 0 <= a[1] and a[3] <= 600
        for b in boxes[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap
    assert plan.boxes["retry"][1] > plan.boxes["dlq"][1], "back-edge source sits by the lane"


def test_pictures_round_trip_exactly(storyboard: Storyboard, tmp_path) -> None:
    """A render's own pictures are TIFF and a preview's PNG, both the painted pixels."""
    import numpy as np

    from renderer.raster import paint_slide, rasterize

    spec = VideoSpec(640, 360)
    images = rasterize(storyboard, spec, CINEMATIC_DARK, tmp_path / "render")
    shown = rasterize(storyboard, spec, CINEMATIC_DARK, tmp_path / "preview", suffix=".png")
    assert len(images.paths) == storyboard.total
    assert [len(p) for p in images.paths] == [s.steps for s in storyboard.slides]
    painted = np.asarray(paint_slide(storyboard, storyboard.slides[1], 0, spec, CINEMATIC_DARK))
    for path, kind in ((images.paths[1][0], "TIFF"), (shown.paths[1][0], "PNG")):
        with Image.open(path) as image:
            assert image.format == kind and image.size == (640, 360)
            assert np.array_equal(np.asarray(image.convert("RGB")), painted), "lossless"
    assert images.keys != shown.keys, "the two kinds of file are cached apart"


def test_long_code_lines_wrap_under_themselves_and_nothing_is_cut() -> None:
    from renderer.raster.painters.code import _wrapped, lines_of

    source = "def f():\n    return some_function_with_a_long_name(argument_one, argument_two)\n"
    lines = lines_of(source, "python")
    rows = _wrapped(lines, 10, 30)
    assert [(number, first) for number, first, _ in rows] == [
        (11, True),
        (12, True),
        (12, False),
        (12, False),
    ]
    texts = ["".join(text for _, text in row) for _, _, row in rows]
    assert all(len(text) <= 30 for text in texts)
    assert texts[2].startswith(" " * 6) and not texts[2].startswith(" " * 7), "hangs under"
    kept = "".join(t.replace(" ", "") for t in texts[1:])
    assert kept == source.splitlines()[1].replace(" ", ""), "every character is kept"


@pytest.mark.parametrize("fit", ["contain", "cover"])
def test_a_picture_thinner_than_its_corners_is_drawn_as_it_is(tmp_path, fit: str, capsys) -> None:
    """A 5000x1 strip and a 1x5000 one (beside points) fit to a line one pixel thick: no room
    for rounded corners and a shadow, which crashed the painter."""
    from .test_cli import run

    Image.new("RGB", (5000, 1), "green").save(tmp_path / "flat.png")
    Image.new("RGB", (1, 5000), "blue").save(tmp_path / "thin.png")
    (tmp_path / "a.yaml").write_text(
        "title: Slivers\nsummary: Short.\nsections:\n"
        f"  - title: Flat\n    image: {{src: flat.png, fit: {fit}}}\n"
        f"  - title: Thin\n    image: {{src: thin.png, fit: {fit}}}\n    points: [one]\n"
    )
    code, _, err = run(["preview", str(tmp_path / "a.yaml"), "--out", str(tmp_path / "p")], capsys)
    assert code == 0, err
    flat = np.asarray(
        Image.open(next((tmp_path / "p").rglob("slide-002-00.png"))).convert("RGB")
    ).astype(int)
    green = (flat[..., 1] > 100) & (flat[..., 0] < 50) & (flat[..., 2] < 50)
    assert green.sum() > 100, "the strip is on the slide"


def test_code_in_a_narrow_panel_wraps_between_words() -> None:
    """A phone's code panel breaks a long line after a space, and moves a word that fits a
    row of its own down whole ("exponential", never "expone / ntial")."""
    from renderer.raster.painters.code import _wrapped, lines_of

    source = (
        'def f():\n    """Run a job, retrying with exponential backoff."""  # 1, 2, 4 seconds\n'
    )
    rows = [
        "".join(text for _, text in row)
        for _, _, row in _wrapped(lines_of(source, "python"), 0, 38)
    ]
    assert all(len(row) <= 38 for row in rows)
    assert any(row.strip().startswith("exponential") for row in rows), rows
    words = " ".join(rows).split()
    assert "exponential" in words and "seconds" in words, "no word cut in two"
    long = _wrapped(lines_of("x = '" + "W" * 90 + "'\n", "python"), 0, 38)
    assert len(long) == 3, "a word longer than a row is still cut between characters"


def test_a_point_without_an_icon_gets_one_no_other_point_has() -> None:
    from renderer.raster.painters.points import point_icons

    assert point_icons(["⚡", "🔁", None]) == ["⚡", "🔁", "💡"]
    assert point_icons([None, None, None]) == ["💡", "🔑", "⚡"], "defaults as ever"
