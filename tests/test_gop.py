"""GOPs: a held picture is its I-frame and repeating frames; every encoder shares one SPS/PPS."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from PIL import Image, ImageDraw

from renderer.check import _Bits
from renderer.encode.gop import (
    EncodeSettings,
    GopJob,
    _decode,
    blend_frames,
    encode_gop,
    held_tail,
    to_yuv,
)

FPS = Fraction(30)
GOP = 15


def slide(width: int, height: int, seed: int) -> np.ndarray:
    """A slide-like picture: a gradient, text-like bars and noise, as yuv420p."""
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", (width, height), (20, 30, 60))
    draw = ImageDraw.Draw(image)
    for row in range(8):
        y = 20 + row * height // 10
        draw.rectangle((30, y, 30 + int(rng.integers(40, width - 60)), y + height // 30),
                       fill=tuple(int(v) for v in rng.integers(120, 255, 3)))
    rgb = np.asarray(image).astype(np.int16) + rng.integers(-6, 7, (height, width, 3))
    return to_yuv(rgb.clip(0, 255).astype(np.uint8))


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    error = np.mean((a.astype(np.float64) - b) ** 2)
    return float(10 * np.log10(255 ** 2 / max(error, 1e-9)))


@pytest.mark.parametrize("size", [(320, 180), (180, 320), (200, 120)],
                         ids=["landscape", "vertical", "not-16-aligned"])
def test_a_held_picture_repeats_its_i_frame_exactly(size: tuple[int, int]) -> None:
    settings = EncodeSettings(workers=1)
    tail = held_tail(*size, FPS, GOP, settings)
    assert tail is not None and len(tail) == GOP - 1
    assert all(not packet.keyframe for packet in tail)
    assert all(len(packet.data) < 200 for packet in tail), "every macroblock skipped"
    for seed in range(3):
        picture = slide(*size, seed)
        packets = encode_gop(GopJob("p", None, 0, GOP, GOP), FPS, GOP, settings,
                             lambda _: picture, tail)  # noqa: B023 - used at once
        frames = _decode(packets)
        assert len(frames) == GOP
        assert all(np.array_equal(frames[0], frame) for frame in frames[1:])
        assert psnr(frames[0], picture) > 40
        # the same stream as a whole GOP from x264, frame for frame in timing
        whole = encode_gop(GopJob("p", None, 0, GOP, GOP), FPS, GOP, settings,
                           lambda _: picture)  # noqa: B023
        assert [(p.pts, p.dts, p.keyframe) for p in packets] == \
            [(p.pts, p.dts, p.keyframe) for p in whole]


def test_a_brief_picture_is_faster_made_and_still_repeats_exactly() -> None:
    """A karaoke word's picture: its I-frame from the animations' encoder, the repeating
    frames spliced after it as after any held picture; same SPS and PPS."""
    size = (320, 180)
    settings = EncodeSettings(workers=1)
    tail = held_tail(*size, FPS, GOP, settings)
    picture = slide(*size, 4)
    brief = encode_gop(GopJob("p", None, 0, 7, GOP, brief=True), FPS, GOP, settings,
                       lambda _: picture, tail)
    frames = _decode(brief)
    assert len(frames) == 7 and all(np.array_equal(frames[0], f) for f in frames[1:])
    assert psnr(frames[0], picture) > 38
    held = encode_gop(GopJob("p", None, 0, 7, GOP), FPS, GOP, settings, lambda _: picture,
                      tail)
    assert parameter_sets(brief[0].data) == parameter_sets(held[0].data)
    assert brief[0].data != held[0].data, "made by the other encoder"


def parameter_sets(data: bytes) -> dict[int, bytes]:
    """SPS (7) and PPS (8) NAL units of an Annex B packet."""
    found = {}
    for unit in data.split(b"\x00\x00\x01"):
        unit = unit.rstrip(b"\x00")
        if unit and unit[0] & 31 in (7, 8):
            found[unit[0] & 31] = unit
    return found


def test_every_kind_of_gop_writes_the_same_sps_and_pps() -> None:
    """Held pictures (finer quality, `preset`) and animations (`moving_preset`) come from
    differently tuned encoders but must share one SPS and PPS: the MP4 has one avcC."""
    size = (320, 180)
    a, b = slide(*size, 1), slide(*size, 2)
    settings = EncodeSettings(workers=1)
    still = encode_gop(GopJob("a", None, 0, GOP, GOP), FPS, GOP, settings, lambda _: a,
                       held_tail(*size, FPS, GOP, settings))
    moving = encode_gop(GopJob(None, ("a", "b", False), 0, 6, 6), FPS, GOP, settings,
                        lambda path: a if path == "a" else b)
    first, second = parameter_sets(still[0].data), parameter_sets(moving[0].data)
    assert set(first) == {7, 8} and first == second
    pps = _Bits(first[8][1:])
    pps.ue(), pps.ue()
    assert pps.bit() == 1, "CABAC"


def test_a_crossfade_blends_only_what_changes_and_equals_a_whole_frame_blend() -> None:
    rng = np.random.default_rng(3)
    a = rng.integers(0, 256, (90, 160), dtype=np.uint8)
    b = a.copy()
    b[40:52, 30:100] = rng.integers(0, 256, (12, 70), dtype=np.uint8)  # a new bullet
    b[65:70, 10:20] = 7  # and a few rows further down (as chroma rows would be)
    ours = blend_frames(a, b, 0, 6, 6, False)
    for i, frame in enumerate(ours):
        whole = np.asarray(Image.blend(Image.fromarray(a), Image.fromarray(b), (i + 1) / 7))
        assert np.array_equal(frame, whole)
    assert blend_frames(a, a, 0, 2, 2, False)[1].tobytes() == a.tobytes()


def test_the_encoder_options_stay_stitchable() -> None:
    """x264 must not put the quality into the PPS (`stitchable`): held pictures and
    animations use different CRFs."""
    settings = EncodeSettings(workers=1)
    assert settings.still_crf != settings.crf
    size = (320, 180)
    picture = slide(*size, 5)
    low = encode_gop(GopJob("p", None, 0, 1, 1), FPS, GOP, settings, lambda _: picture)
    high = encode_gop(GopJob("p", None, 0, 1, 1), FPS, GOP,
                      EncodeSettings(workers=1, still_crf=30), lambda _: picture)
    assert parameter_sets(low[0].data) == parameter_sets(high[0].data)
    assert len(low[0].data) > len(high[0].data)
