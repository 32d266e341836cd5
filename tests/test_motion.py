"""Pictures that move (Ken Burns): the window over the picture, the frames drawn from the
slide as painted, GOP planning of a moving slide, and a render whose picture grows smoothly
from frame to frame."""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import pytest

from renderer.config import VideoSpec
from renderer.encode.planning import plan_jobs
from renderer.raster import paint_slide, rasterize
from renderer.raster.motion import ZOOM, motion_frame, slide_motions, window
from renderer.storyboard_model import Storyboard
from renderer.theme import load_theme
from renderer.timeline import Blend, Still

SPEC = VideoSpec(640, 360)


@pytest.mark.parametrize(
    ("kind", "t", "expected"),
    [
        ("zoom-in", 0.0, (0.0, 0.0, 1000.0, 500.0)),
        ("zoom-out", 1.0, (0.0, 0.0, 1000.0, 500.0)),
        (
            "pan-right",
            0.0,
            (
                0.0,
                500 * ZOOM / (1 + ZOOM) / 2,
                1000 / (1 + ZOOM),
                500 - 500 * ZOOM / (1 + ZOOM) / 2,
            ),
        ),
    ],
)
def test_the_window_over_the_picture(kind: str, t: float, expected: tuple[float, ...]) -> None:
    assert window(kind, t, 1000, 500) == pytest.approx(expected)


def test_windows_move_steadily() -> None:
    widths = [
        window("zoom-in", i / 99, 1000, 500)[2] - window("zoom-in", i / 99, 1000, 500)[0]
        for i in range(100)
    ]
    steps = np.diff(widths)
    assert (steps < 0).all() and np.ptp(steps) < 1e-9, "the same step every frame"
    lefts = [window("pan-left", i / 99, 1000, 500)[0] for i in range(100)]
    assert (np.diff(lefts) < 0).all()


def test_only_opaque_pictures_move(media_storyboard: Storyboard) -> None:
    moving = slide_motions(media_storyboard, SPEC, load_theme())
    kinds = {media_storyboard.slides[i].title: m.kind for i, m in moving.items()}
    assert kinds == {"A picture": "zoom-in"}, "the transparent logo stays still"
    assert slide_motions(media_storyboard, SPEC, load_theme("light")) == {}


def test_the_first_frame_is_the_slide_as_painted(media_storyboard: Storyboard) -> None:
    index, motion = next(iter(slide_motions(media_storyboard, SPEC, load_theme()).items()))
    slide = media_storyboard.slides[index]
    painted = np.asarray(paint_slide(media_storyboard, slide, 0, SPEC, load_theme()), dtype=int)
    first = motion_frame(painted.astype(np.uint8), motion, 0.0).astype(int)
    last = motion_frame(painted.astype(np.uint8), motion, 1.0).astype(int)
    x0, y0, x1, y1 = motion.box
    box = (slice(y0, y1), slice(x0, x1))
    assert np.abs(first[box] - painted[box]).mean() < 1.5, "no jump into the move"
    assert np.abs(last[box] - painted[box]).mean() > 5.0, "the picture has moved by the end"
    outside = np.ones(painted.shape[:2], bool)
    outside[y0:y1, x0:x1] = False
    assert (last[outside] == painted[outside]).all(), "only the picture's box changes"


def test_a_moving_slide_is_planned_as_an_animation(
    media_storyboard: Storyboard, tmp_path: Path
) -> None:
    images = rasterize(media_storyboard, SPEC, load_theme(), tmp_path)
    moving = slide_motions(media_storyboard, SPEC, load_theme())
    index = next(iter(moving))
    ends = {index: ("first.png", "last.png")}
    segments = (
        Still(index - 1, 0, 0, 40),
        Blend((index - 1, 0), (index, 0), 40, 10),
        Still(index, 0, 50, 100),
        Blend((index, 0), (index + 1, 0), 150, 10),
        Still(index + 1, 0, 160, 30),
    )
    placed = plan_jobs(segments, images, 15, moving, ends)
    motion_jobs = [(start, job) for start, job in placed if job.motion is not None]
    assert motion_jobs[0][0] == 50 and all(
        b[0] == a[0] + a[1].frames for a, b in itertools.pairwise(motion_jobs)
    )
    assert sum(job.frames for _, job in motion_jobs) == 100
    assert {job.total for _, job in motion_jobs} == {100}
    assert [job.first for _, job in motion_jobs][:2] == [0, motion_jobs[0][1].frames]
    blends = [job.blend for _, job in placed if job.blend]
    assert blends[0] is not None and blends[0][1] == "first.png"
    assert blends[-1] is not None and blends[-1][0] == "last.png"


def test_a_rendered_picture_grows_smoothly(media_video: Path) -> None:
    areas = []
    with av.open(str(media_video)) as container:
        for frame in container.decode(video=0):
            rgb = frame.to_ndarray(format="rgb24").astype(int)
            sun = (rgb[..., 0] > 220) & (rgb[..., 1] > 170) & (rgb[..., 2] < 140)
            areas.append(int(sun.sum()))
    start = next(i for i, area in enumerate(areas) if area > 5000)  # the picture slide's sun
    end = next(i for i in range(start, len(areas)) if areas[i] <= 5000)
    run_ = areas[start + 15 : end - 15]  # away from the transitions
    steps = np.diff(run_)
    assert len(run_) > 60 and (steps >= -15).all(), "the sun never shrinks back (judder)"
    assert run_[-1] > run_[0] * (1 + ZOOM) ** 2 * 0.9, "it grows about 12% in width"
    assert np.percentile(np.abs(steps), 95) < 4 * max(1, np.median(np.abs(steps))), (
        "no frame leaps ahead"
    )
