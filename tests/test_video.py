"""Clips in slides: bad clips are one clear error, a clip longer than the narration sets its
slide's length, its frames play in order inside its box, and its sound (keep, duck, mute)
starts on the frame its picture does."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from renderer.article import load_article
from renderer.errors import ArticleError
from renderer.media import check_media
from renderer.storyboard import SlideKind, build_storyboard

from .clips import make_clip
from .test_cli import run

ARTICLE = """\
title: Clips
summary: A clip in a slide.
sections:
  - title: The clip
    video: {video}
"""


def article(tmp_path: Path, video: str) -> Path:
    path = tmp_path / "clips.yaml"
    path.write_text(ARTICLE.format(video=video), encoding="utf-8")
    return path


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return make_clip(tmp_path / "clip.mp4", 3.0)


@pytest.mark.parametrize(
    ("video", "says", "field"),
    [
        (
            "{src: clip.mp4, start: 5}",
            "start 5 s is past the clip's end",
            "sections[0].video.start",
        ),
        ("{src: clip.mp4, end: 9}", "end 9 s is past the clip's end", "sections[0].video.end"),
        ("{src: clip.mp4, start: 2, end: 1}", "is not after start", "sections[0].video.end"),
        ("{src: notes.txt}", "not a video PyAV can read", "sections[0].video.src"),
        ("{src: ../clip.mp4}", "outside the article's folder", "sections[0].video.src"),
        ("{src: clip.mp4, audio: loud}", "is not one of", "sections[0].video.audio"),
    ],
)
def test_bad_clips_are_one_clear_error(
    tmp_path: Path, clip: Path, video: str, says: str, field: str
) -> None:
    (tmp_path / "notes.txt").write_text("not a video")
    path = article(tmp_path, video)
    with pytest.raises(ArticleError) as caught:
        found = load_article(path)
        check_media(found, path)
    assert says in caught.value.message and caught.value.field == field
    assert caught.value.location.line == 5 and caught.value.hint


def test_a_clip_longer_than_its_narration_sets_the_slides_length(
    tmp_path: Path, clip: Path
) -> None:
    path = article(tmp_path, "{src: clip.mp4, start: 0.5}")
    found = load_article(path)
    board = build_storyboard(found, check_media(found, path))
    slide = board.slides[1]
    assert slide.kind is SlideKind.VIDEO and slide.cues[0].min_seconds == pytest.approx(2.5)


def _bar_and_tone(video: Path) -> tuple[list[int], np.ndarray, float]:
    """The white bar's x in every frame (-1: none), the sound, and the frame rate."""
    xs = []
    with av.open(str(video)) as container:
        fps = float(container.streams.video[0].average_rate)
        for frame in container.decode(video=0):
            rgb = frame.to_ndarray(format="rgb24")
            white = (rgb > 245).all(axis=2)
            columns = np.flatnonzero(white.sum(axis=0) > 60)
            xs.append(int(columns.mean()) if columns.size else -1)
    with av.open(str(video)) as container:
        sound = np.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])
    return xs, sound, fps


@pytest.mark.parametrize("mode", ["keep", "mute"])
def test_a_clip_plays_in_order_with_its_sound_on_time(
    tmp_path: Path, clip: Path, mode: str, capsys
) -> None:
    path = article(tmp_path, f"{{src: clip.mp4, audio: {mode}}}")
    code, _, err = run(
        [
            str(path),
            "--out",
            str(tmp_path / "out"),
            "--no-narration",
            "--preset",
            "youtube-720p",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capsys,
    )
    assert code == 0, err
    xs, sound, fps = _bar_and_tone(tmp_path / "out" / "clips.mp4")
    playing = [i for i, x in enumerate(xs) if x >= 0]
    moves = [xs[i] for i in playing]
    steps = np.diff(moves)
    assert len(playing) >= 3.0 * fps * 0.9, "the whole clip is shown"
    assert (steps >= 0).all() and steps.max() < 30, "frames in order, none skipped far ahead"
    assert moves[-1] - moves[0] > 300, "the bar crosses its box"
    first = next(i for i, step in enumerate(steps) if step > 0)  # the clip starts moving
    start = playing[first] / fps
    loud = np.flatnonzero(np.abs(sound) > 0.05)
    if mode == "mute":
        assert loud.size == 0, "a muted clip adds no sound"
        return
    onset = loud[0] / 48000
    assert abs(onset - start) < 2 / fps + 0.03, f"sound at {onset:.3f} s, picture at {start:.3f} s"
    assert abs(loud[-1] / 48000 - (onset + 3.0)) < 0.1, "the whole clip's sound"


def test_a_markdown_link_to_a_clip_is_a_clip_slide(tmp_path: Path, clip: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Demo\n\nA demo page.\n\n## Watch\n\n[The demo](clip.mp4)\n\n"
        "## Missing\n\n![](gone.mp4)\n\n- a point\n",
        encoding="utf-8",
    )
    from renderer.article import read_article

    found = load_article(page, warn=False)
    assert found.sections[0].video and found.sections[0].video.src == "clip.mp4"
    assert found.sections[0].video.alt == "The demo"
    warnings = read_article(page)[2]
    assert any("clip 'gone.mp4' not found" in w for w in warnings)
