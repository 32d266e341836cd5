"""Golden images: the first slide of every kind, at each frame shape, compared with a tolerance.

Regenerate after an intended design change with:  pytest tests/test_golden.py --update-goldens
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from renderer.config import VideoSpec
from renderer.raster import paint_slide
from renderer.raster.text import Script, segment
from renderer.storyboard_model import SlideKind, Storyboard
from renderer.theme import load_theme

GOLDEN = Path(__file__).parent / "golden"
SHAPES = {
    "landscape": VideoSpec(1920, 1080),
    "small": VideoSpec(1280, 720),
    "vertical": VideoSpec(1080, 1920),
}
THUMB_WIDTH = 480


def _thumb(image: Image.Image) -> Image.Image:
    height = round(THUMB_WIDTH * image.height / image.width)
    return image.resize((THUMB_WIDTH, height), Image.Resampling.BOX)


CASES = [kind.value for kind in SlideKind] + ["points-image", "code-step"]
"""A golden image per slide kind, the points beside a picture, and code mid-step."""


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("case", CASES)
def test_slide_matches_golden(
    storyboard: Storyboard,
    media_storyboard: Storyboard,
    phone_storyboards: tuple[Storyboard, Storyboard],
    case: str,
    shape: str,
    request: pytest.FixtureRequest,
) -> None:
    boards = phone_storyboards if shape == "vertical" else (storyboard, media_storyboard)
    board = boards[0]
    step = None
    if case in ("image", "code", "video", "points-image", "code-step"):
        board = boards[1]
    kind = SlideKind(case.split("-")[0])
    slide = next(
        s for s in board.slides if s.kind is kind and (case != "points" or s.body.image is None)
    )  # type: ignore[union-attr]
    if case == "code-step":
        step = 1
    step = slide.steps - 1 if step is None else step
    image = _thumb(paint_slide(board, slide, step, SHAPES[shape], load_theme()))
    path = GOLDEN / f"{case}-{shape}.png"
    matches_golden(image, path, request, optimize=True)


def matches_golden(
    image: Image.Image, path: Path, request: pytest.FixtureRequest, **saving: object
) -> None:
    """The picture against its golden, with a tolerance (rasterising differs by a few
    levels across machines); with --update-goldens, saved as the golden (`saving`: the
    format's options)."""
    if request.config.getoption("--update-goldens"):
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, **saving)
        return
    if not path.exists():
        pytest.fail(f"no golden image {path.relative_to(GOLDEN)}; run pytest --update-goldens")
    with Image.open(path) as golden:
        expected = np.asarray(golden.convert("RGB"), dtype=np.int16)
    actual = np.asarray(image, dtype=np.int16)
    assert actual.shape == expected.shape
    diff = np.abs(actual - expected)
    name = path.relative_to(GOLDEN)
    assert diff.mean() < 1.5, f"{name} differs: mean {diff.mean():.2f}"
    assert np.percentile(diff, 99.5) < 60, f"{name} differs locally"


def test_bundled_glyphs_are_never_placeholders(storyboard: Storyboard) -> None:
    theme = load_theme()
    texts = [
        storyboard.title,
        *(s.title for s in storyboard.slides),
        *(s.label for s in storyboard.slides),
        *(s.narration for s in storyboard.slides),
        *(i for s in storyboard.slides for i in s.icons),
        "क्षत्रिय श्रृंगार द्वितीय हिन्दी",
        "👩‍💻 🇮🇳 👍🏽 ➡️ 🎉 ⏳ ☠️ 🗄️",
    ]
    for text in texts:
        missing = [r.text for r in segment(text, theme) if r.script is Script.MISSING]
        assert not missing, f"{missing} in {text!r}"
