"""--burn-captions: each cue is in the frames while it is on, and only then."""

from __future__ import annotations

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
    plain = render_file(article, RenderConfig(out_dir=folder / "plain", size=(640, 360),
                                              narration=False, cache_dir=folder / "cache"))
    burned = render_file(article, RenderConfig(out_dir=folder / "burned", size=(640, 360),
                                               narration=False, cache_dir=folder / "cache",
                                               burn_captions=True))
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

    spans = [(10, 40, 0), (45, 80, 1)]  # cue 0 on frames 10-39, cue 1 on 45-79
    pieces = _pieces(0, 100, spans)
    assert pieces == [(0, 10, None), (10, 30, 0), (40, 5, None), (45, 35, 1), (80, 20, None)]
    assert _pieces(50, 10, spans) == [(50, 10, 1)]
    assert sum(frames for _, frames, _ in _pieces(5, 50, spans)) == 50
