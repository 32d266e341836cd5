"""Right-to-left slides run from the right (issue 33, item 2): the slide is mirrored, what
reads one way (text, pictures, code, clips) is not, the progress bar fills from the right,
and a picture's move and a clip play exactly where the mirrored slide shows them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from renderer.article import load_article
from renderer.config import VideoSpec
from renderer.media import check_media
from renderer.raster import paint_slide
from renderer.raster.canvas import Canvas
from renderer.raster.clips import slide_clips
from renderer.raster.motion import motion_frame, slide_motions
from renderer.raster.painters.image import picture_box
from renderer.reveals import PHONE_PAGE
from renderer.storyboard import build_storyboard
from renderer.storyboard_model import SlideKind, Storyboard
from renderer.theme import load_theme

WORLD = Path(__file__).parent / "fixtures" / "media" / "world-en.yaml"
LANDSCAPE = VideoSpec(960, 540)
VERTICAL = VideoSpec(540, 960)
THEME = load_theme()


def _boards(spec: VideoSpec) -> tuple[Storyboard, Storyboard]:
    """The world fixture as an English (left-to-right) and an Arabic (mirrored) article:
    the same words, so only the direction differs."""
    article = load_article(WORLD)
    board = build_storyboard(
        article, check_media(article, WORLD), **({"page": PHONE_PAGE} if spec.vertical else {})
    )
    return board, replace(board, language="ar")


def _paint(board: Storyboard, kind: SlideKind, spec: VideoSpec) -> tuple[np.ndarray, Canvas]:
    slide = next(s for s in board.slides if s.kind is kind)
    canvases: list[Canvas] = []
    image = paint_slide(board, slide, slide.steps - 1, spec, THEME, inspect=canvases.append)
    return np.asarray(image, dtype=np.int16), canvases[0]


def _bar_row(image: np.ndarray, spec: VideoSpec) -> np.ndarray:
    """The pixels along the progress bar's middle, from the content's left to its right."""
    y = round(spec.height * (1 - 0.065))
    return image[y, round(spec.width * 0.15) : round(spec.width * 0.85)]


def test_the_progress_bar_fills_from_the_right() -> None:
    english, arabic = _boards(LANDSCAPE)
    for board, fills_from_right in ((english, False), (arabic, True)):
        image, _ = _paint(board, SlideKind.TABLE, LANDSCAPE)
        warmth = _bar_row(image, LANDSCAPE)[:, 0] - _bar_row(image, LANDSCAPE)[:, 2]  # accent
        left, right = warmth[: len(warmth) // 8].mean(), warmth[-len(warmth) // 8 :].mean()
        assert bool(right > left + 40) is fills_from_right, (board.language, left, right)


def test_text_aligned_to_the_start_stands_at_the_right() -> None:
    english, arabic = _boards(LANDSCAPE)
    for board in (english, arabic):
        image, canvas = _paint(board, SlideKind.POINTS, LANDSCAPE)
        box = next(b for b, f in canvas.placed if f.lines == ("Why a queue?",))
        x0, y0, x1, y1 = (round(v) for v in box)
        ink = np.flatnonzero((image[y0:y1, x0:x1].min(axis=2) > 200).any(axis=0))
        gap_left, gap_right = ink[0], (x1 - x0) - ink[-1]
        if board.language == "ar":
            assert gap_right < 20 < gap_left, "the title ends at the right"
        else:
            assert gap_left < 20 < gap_right, "the title starts at the left"


def test_a_picture_is_not_mirrored() -> None:
    english, arabic = _boards(LANDSCAPE)
    images = []
    for board in (english, arabic):
        image, _ = _paint(board, SlideKind.IMAGE, LANDSCAPE)
        slide = next(s for s in board.slides if s.kind is SlideKind.IMAGE)
        media = slide.media[0]
        x0, y0, x1, y1 = picture_box(
            LANDSCAPE, slide, media.width, media.height, board.language == "ar"
        )
        images.append(image[y0:y1, x0:x1])
    ltr, rtl = images
    assert ltr.shape == rtl.shape
    assert np.abs(rtl - ltr).mean() < 1.0
    assert np.abs(rtl - ltr[:, ::-1]).mean() > 8.0, "not flipped"


def test_code_reads_left_to_right() -> None:
    """The code panel of the mirrored slide is the English slide's, its lines starting
    at the left (in landscape the panel stands in the middle of the frame)."""
    english, arabic = _boards(LANDSCAPE)
    ltr, _ = _paint(english, SlideKind.CODE, LANDSCAPE)
    rtl, _ = _paint(arabic, SlideKind.CODE, LANDSCAPE)
    band = slice(round(LANDSCAPE.height * 0.34), round(LANDSCAPE.height * 0.8))
    ink = ltr[band].max(axis=2) > 170  # the code's letters
    assert ink.sum() > 2000
    assert (rtl[band].max(axis=2) > 170)[ink].mean() > 0.95
    assert (rtl[band][:, ::-1].max(axis=2) > 170)[ink].mean() < 0.5, "not flipped"


@pytest.mark.parametrize("spec", [LANDSCAPE, VERTICAL], ids=["landscape", "vertical"])
def test_a_moving_picture_moves_where_the_mirrored_slide_shows_it(spec: VideoSpec) -> None:
    _, arabic = _boards(spec)
    index, motion = next(iter(slide_motions(arabic, spec, THEME).items()))
    slide = arabic.slides[index]
    painted = np.asarray(paint_slide(arabic, slide, 0, spec, THEME), dtype=np.int16)
    first = motion_frame(painted.astype(np.uint8), motion, 0.0).astype(np.int16)
    x0, y0, x1, y1 = motion.box
    assert np.abs(first[y0:y1, x0:x1] - painted[y0:y1, x0:x1]).mean() < 1.5, "no jump"


@pytest.mark.parametrize("spec", [LANDSCAPE, VERTICAL], ids=["landscape", "vertical"])
def test_a_clip_plays_where_the_mirrored_slide_shows_its_first_frame(spec: VideoSpec) -> None:
    _, arabic = _boards(spec)
    index, clip = next(iter(slide_clips(arabic, spec).items()))
    painted = np.asarray(paint_slide(arabic, arabic.slides[index], 0, spec, THEME), np.int16)
    x0, y0, x1, y1 = clip.box
    first = clip.first_frame().astype(np.int16)[: y1 - y0, : x1 - x0]
    assert np.abs(painted[y0:y1, x0:x1] - first).mean() < 1.5
    assert np.abs(painted[y0:y1, x0:x1] - first[:, ::-1]).mean() > 1.5, "and is not flipped"


def test_a_vertical_mirrored_slide_keeps_clear_of_the_players_buttons() -> None:
    """The phone players' buttons are at the right whichever way the video reads: the
    mirrored slide's content ends where the English one's does."""
    english, arabic = _boards(VERTICAL)
    for kind in (SlideKind.POINTS, SlideKind.TABLE, SlideKind.GLOSSARY):
        rights = []
        for board in (english, arabic):
            _, canvas = _paint(board, kind, VERTICAL)
            rights.append(max(box[2] for box, _ in canvas.placed if box[1] > 0.2 * 960))
        assert abs(rights[0] - rights[1]) < 2, (kind, rights)
