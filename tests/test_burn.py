"""--burn-captions: each cue is in the frames while it is on, and only then."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import av
import numpy as np
import pytest

from renderer.config import RenderConfig
from renderer.outputs.captions import build_captions
from renderer.probe import probe

from .rendering import render_file

ARTICLE = """\
title: Burned captions
summary: A short article whose narration appears as text in the picture.
sections:
  - title: One
    points: [Captions help people who watch without sound, They also help search]
  - title: Two
    points: [A cue comes and goes with its words]
"""


@pytest.fixture(scope="module")
def burned(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("burn")
    article = folder / "burn.yaml"
    article.write_text(ARTICLE)
    plain = render_file(
        article,
        RenderConfig(
            out_dir=folder / "plain", size=(640, 360), narration=False, cache_dir=folder / "cache"
        ),
    )
    burned = render_file(
        article,
        RenderConfig(
            out_dir=folder / "burned",
            size=(640, 360),
            narration=False,
            cache_dir=folder / "cache",
            burn_captions=True,
        ),
    )
    return plain, burned


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24").astype(np.int16) for f in container.decode(video=0)]


def test_captions_are_in_the_picture_while_their_cue_is_on(burned) -> None:
    plain, captioned = burned
    assert probe(captioned.video).frames == probe(plain.video).frames
    cues = build_captions(captioned.timeline)
    a, b = frames(plain.video), frames(captioned.video)
    fps = captioned.timeline.fps
    lower = slice(int(360 * 0.6), int(360 * 0.9))
    for cue in cues:
        middle = int((cue.start + cue.end) / 2 * fps)
        changed = (np.abs(a[middle][lower] - b[middle][lower]).max(axis=2) > 30).mean()
        assert changed > 0.01, (cue, changed)
        assert np.abs(a[middle][:100] - b[middle][:100]).mean() < 1.5, "top untouched"
    # before the first cue and after the last, the frames are the plain ones
    first = int(cues[0].start * fps) - 2
    assert first < 0 or np.abs(a[first] - b[first]).mean() < 1.5
    last = int(cues[-1].end * fps) + 3
    assert last >= len(a) or np.abs(a[last] - b[last]).mean() < 1.5


def test_segments_are_cut_at_cue_edges_and_tile_the_same_frames() -> None:
    from renderer.encode.burn import _pieces

    spans = [(10, 40, (0, -1)), (45, 80, (1, -1))]  # cue 0 on frames 10-39, cue 1 on 45-79
    firsts = [10, 45]
    pieces = _pieces(0, 100, spans, firsts)
    assert pieces == [
        (0, 10, None),
        (10, 30, (0, -1)),
        (40, 5, None),
        (45, 35, (1, -1)),
        (80, 20, None),
    ]
    assert _pieces(50, 10, spans, firsts) == [(50, 10, (1, -1))]
    assert sum(frames for _, frames, _ in _pieces(5, 50, spans, firsts)) == 50


@pytest.fixture(scope="module")
def karaoke(tmp_path_factory: pytest.TempPathFactory, burned):
    folder = tmp_path_factory.mktemp("karaoke")
    article = folder / "burn.yaml"
    article.write_text(ARTICLE)
    return render_file(
        article,
        RenderConfig(
            out_dir=folder / "out",
            size=(640, 360),
            narration=False,
            cache_dir=folder / "cache",
            caption_style="karaoke",
        ),
    )


def test_karaoke_states_start_on_the_frames_their_words_start(karaoke) -> None:
    from renderer.config import CaptionStyle
    from renderer.encode.burn import caption_states

    cues = build_captions(karaoke.timeline)
    states = caption_states(cues, karaoke.timeline, CaptionStyle.KARAOKE, 15)
    fps = karaoke.timeline.fps
    for cue_index, cue in enumerate(cues):
        mine = [(a, b, word) for a, b, (c, word) in states if c == cue_index]
        assert mine[0][0] == round(cue.start * fps) or mine[0][0] >= cue.start * fps - 1
        words = [word for _, _, word in mine if word >= 0]
        assert words == list(range(len(cue.words))), "every word highlighted once, in order"
        for a, _, word in mine:  # on its word's first frame, or one either side
            if word >= 0:
                assert abs(a - math.ceil(cue.words[word].start * fps - 1e-6)) <= 1
    assert all(a2 >= b1 for (_, b1, _), (a2, _, _) in itertools.pairwise(states)), (
        "states never overlap"
    )


def test_karaoke_changes_only_the_caption_band_between_words(burned, karaoke) -> None:
    plain, _ = burned
    cues = build_captions(karaoke.timeline)
    fps = karaoke.timeline.fps
    a, k = frames(plain.video), frames(karaoke.video)
    assert len(a) == len(k)
    cue = next(c for c in cues if len(c.words) >= 3)
    first = k[int((cue.words[0].start + cue.words[0].end) / 2 * fps)]
    third = k[int((cue.words[2].start + cue.words[2].end) / 2 * fps)]
    rows = np.flatnonzero(np.abs(first - third).max(axis=(1, 2)) > 30)
    assert rows.size, "the highlight moved"
    assert rows.min() > 360 * 0.55 and rows.max() < 360 * 0.9, "only in the caption band"
    # outside the band the picture is the plain one
    middle = int((cue.words[0].start + cue.words[0].end) / 2 * fps)
    assert np.abs(a[middle][:150] - first[:150]).mean() < 1.5
    # the highlighted word is drawn on the accent colour
    accent = np.array([0xFF, 0xB7, 0x4D])
    near = (np.abs(first[int(360 * 0.55) :] - accent).max(axis=2) < 40).sum()
    assert near > 50


def test_captions_burn_into_a_video_whose_pictures_move(tmp_path: Path) -> None:
    """A picture under a Ken Burns move and a clip beside burned-in captions: the moving
    slides' end frames once dropped the captions' pictures, and the render failed."""
    import shutil

    from .conftest import MEDIA

    for name in ("media.yaml", "photo.jpg", "logo.png", "clip.mp4"):
        shutil.copy(MEDIA.parent / name, tmp_path / name)
    result = render_file(
        tmp_path / "media.yaml",
        RenderConfig(
            out_dir=tmp_path / "out",
            size=(640, 360),
            narration=False,
            cache_dir=tmp_path / "cache",
            burn_captions=True,
        ),
    )
    info = probe(result.video)
    assert info.frames == result.timeline.total_frames and info.video_seconds > 5
