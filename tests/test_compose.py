"""Composition: animated spans match MoviePy's effects; GOP prefixes; a short encode probed."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from renderer.encode.frames import blend_frames, blend_yuv, to_yuv
from renderer.encode.planning import even_pieces, held_pieces


@pytest.fixture(scope="module")
def pictures() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    a = rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)
    b = np.zeros_like(a)
    b[:, 80:] = (250, 180, 60)
    return a, b


def moviepy_reference(
    a: np.ndarray, b: np.ndarray, total: int, dip: bool, fps: Fraction
) -> list[np.ndarray]:
    """The same animation rendered by MoviePy's own effects (the reference)."""
    from moviepy import ImageClip, concatenate_videoclips, vfx
    from moviepy.video.compositing.CompositeVideoClip import CompositeVideoClip

    duration = float(total / fps)
    if dip:
        half = duration / 2
        clip = concatenate_videoclips(
            [
                ImageClip(a).with_duration(half).with_effects([vfx.FadeOut(half)]),
                ImageClip(b).with_duration(half).with_effects([vfx.FadeIn(half)]),
            ]
        )
    else:
        clip = CompositeVideoClip(
            [
                ImageClip(a).with_duration(duration),
                ImageClip(b).with_duration(duration).with_effects([vfx.CrossFadeIn(duration)]),
            ]
        )
    times = [duration * (i + 1) / (total + 1) for i in range(total)]
    return [np.asarray(clip.get_frame(t)).astype(np.uint8) for t in times]


@pytest.mark.parametrize("dip", [False, True], ids=["crossfade", "dip"])
def test_animations_match_moviepy_frame_by_frame(pictures, dip: bool) -> None:
    a, b = pictures
    total = 12
    ours = blend_frames(a, b, 0, total, total, dip)
    reference = moviepy_reference(a, b, total, dip, Fraction(30))
    assert len(ours) == len(reference) == total
    for index, (mine, theirs) in enumerate(zip(ours, reference, strict=True)):
        diff = np.abs(mine.astype(np.int16) - theirs.astype(np.int16))
        assert diff.max() <= 2, f"frame {index} differs by {diff.max()}"
    assert ours[0].mean() != ours[-1].mean()


@pytest.mark.parametrize("dip", [False, True], ids=["crossfade", "dip"])
def test_animations_blended_in_yuv_match_moviepy(pictures, dip: bool) -> None:
    """The encoder's path blends yuv420p pictures; it must equal MoviePy's RGB frames
    converted to yuv420p, within rounding."""
    a, b = pictures
    ours = blend_yuv(to_yuv(a), to_yuv(b), 0, 12, 12, dip)
    reference = moviepy_reference(a, b, 12, dip, Fraction(30))
    for index, (mine, theirs) in enumerate(zip(ours, reference, strict=True)):
        diff = np.abs(mine.astype(np.int16) - to_yuv(theirs).astype(np.int16))
        assert diff.max() <= 3, f"frame {index} differs by {diff.max()}"
        assert mine.shape == (a.shape[0] * 3 // 2, a.shape[1])


def test_a_slice_of_an_animation_is_the_same_frames(pictures) -> None:
    a, b = pictures
    whole = blend_frames(a, b, 0, 18, 18, True)
    tail = blend_frames(a, b, 15, 3, 18, True)
    for mine, theirs in zip(whole[15:], tail, strict=True):
        assert np.array_equal(mine, theirs)


@pytest.mark.parametrize("gop", [15, 60, 5])
def test_held_pictures_split_into_cheap_gops_and_never_one_frame(gop: int) -> None:
    cheap = {gop} | set(range(4, gop, 3))
    for frames in range(1, 6 * gop):
        pieces = held_pieces(frames, gop)
        assert sum(pieces) == frames and all(0 < piece <= gop for piece in pieces)
        assert 1 not in pieces or frames == 1, (frames, pieces)
        assert pieces == sorted(pieces, reverse=True)
        assert len(pieces) <= -(-frames // gop) + 3
        if frames >= 10 and gop >= 15:
            assert set(pieces) <= cheap, (frames, pieces)


def test_animations_split_into_even_gops() -> None:
    for frames in range(1, 100):
        pieces = even_pieces(frames, 15)
        assert sum(pieces) == frames and max(pieces) <= 15
        assert max(pieces) - min(pieces) <= 1 and (frames == 1 or min(pieces) > 1)


@pytest.mark.parametrize("transition", ["crossfade", "dip", "none"])
def test_encode_probes_like_a_normal_encode(tmp_path, transition: str) -> None:
    import subprocess

    import av
    import imageio_ffmpeg

    from renderer.config import RenderConfig, Transition

    from .rendering import render_file

    article = tmp_path / "short.yaml"
    article.write_text(
        "title: Short\nsummary: A short article for the encoder.\n"
        "sections:\n  - title: One\n    points: [Alpha, Beta, Gamma]\n"
        "quiz:\n  - question: Which?\n    options: [A, B]\n    answer: 2\n"
    )
    config = RenderConfig(
        out_dir=tmp_path / "out",
        size=(640, 360),
        fps=30,
        narration=False,
        use_cache=False,
        transition=Transition(transition),
    )
    result = render_file(article, config)
    with av.open(str(result.video)) as container:
        packets = [p for p in container.demux(video=0) if p.size]
        tb = container.streams.video[0].time_base
    pts = sorted(int(p.pts) for p in packets)
    step = int(1 / (Fraction(30) * tb))
    assert len(pts) == result.timeline.total_frames
    assert pts[0] == 0 and all(b - a == step for a, b in itertools.pairwise(pts))
    keys = sorted(int(p.pts) // step for p in packets if p.is_keyframe)
    assert keys[0] == 0 and all(b - a <= 15 for a, b in itertools.pairwise(keys))
    assert any(p.pts != p.dts for p in packets), "B-frames reorder"
    in_decode_order = [p.is_keyframe for p in packets]
    assert not any(a and b for a, b in itertools.pairwise(in_decode_order)), (
        "an IDR picture right after another (both would have idr_pic_id 0)"
    )
    check = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "warning",
            "-i",
            str(result.video),
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0 and check.stderr.strip() == "", check.stderr[-500:]
