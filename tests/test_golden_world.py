"""Golden images of the world's scripts (issue 33): every slide kind of one short article in
Arabic, Urdu, Hebrew, Chinese, Japanese and Korean (`fixtures/media/world-*.yaml`), at each
frame shape, compared with a tolerance as `test_golden` does. Right-to-left articles' slides
are mirrored; each golden was looked at whole before it was kept.

Regenerate after an intended design change with:
    pytest tests/test_golden_world.py --update-goldens
Pictures are kept small (320 pixels wide, lossless WebP: 20 KB a picture)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from renderer.article import load_article
from renderer.config import VideoSpec
from renderer.media import check_media
from renderer.raster import paint_slide
from renderer.reveals import PHONE_PAGE
from renderer.storyboard import build_storyboard
from renderer.storyboard_model import SlideKind, Storyboard
from renderer.theme import load_theme

from .test_golden import GOLDEN, matches_golden

WORLD = GOLDEN / "world"

FIXTURES = Path(__file__).parent / "fixtures" / "media"
LANGUAGES = ("ar", "ur", "he", "zh", "ja", "ko")
SHAPES = {
    "landscape": VideoSpec(1920, 1080),
    "small": VideoSpec(1280, 720),
    "vertical": VideoSpec(1080, 1920),
}
CASES = [kind.value for kind in SlideKind] + ["points-image"]
"""Each slide kind, and the points beside a picture."""
WIDTH = 320


@cache
def _board(language: str, vertical: bool) -> Storyboard:
    path = FIXTURES / f"world-{language}.yaml"
    article = load_article(path)
    return build_storyboard(
        article, check_media(article, path), **({"page": PHONE_PAGE} if vertical else {})
    )


def golden_picture(language: str, case: str, shape: str) -> Image.Image:
    """The slide of `case` (its last step) in `language` at `shape`, as a small picture."""
    spec = SHAPES[shape]
    board = _board(language, spec.vertical)
    kind = SlideKind(case.split("-")[0])
    with_picture = case == "points-image"
    slide = next(
        s
        for s in board.slides
        if s.kind is kind and (kind is not SlideKind.POINTS or bool(s.media) == with_picture)
    )
    image = paint_slide(board, slide, slide.steps - 1, spec, load_theme())
    height = round(WIDTH * image.height / image.width)
    return image.resize((WIDTH, height), Image.Resampling.BOX)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_world_slide_matches_golden(
    language: str, case: str, shape: str, request: pytest.FixtureRequest
) -> None:
    image = golden_picture(language, case, shape)
    path = WORLD / language / f"{case}-{shape}.webp"
    matches_golden(image, path, request, lossless=True, quality=100, method=6)
