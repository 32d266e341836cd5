"""GOPs: a held picture is its I-frame and repeating frames; every encoder shares one SPS/PPS."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw

from renderer.encode.frames import blend_frames, to_yuv
from renderer.encode.gop import (
    EncodeSettings,
    GopJob,
    _decode,
    encode_gop,
    held_tail,
)
from renderer.encode.h264 import Bits, rbsp
from renderer.encode.packets import Packet

FPS = Fraction(30)
GOP = 15


def slide(width: int, height: int, seed: int) -> np.ndarray:
    """A slide-like picture: a gradient, text-like bars and noise, as yuv420p."""
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", (width, height), (20, 30, 60))
    draw = ImageDraw.Draw(image)
    for row in range(8):
        y = 20 + row * height // 10
        draw.rectangle(
            (30, y, 30 + int(rng.integers(40, width - 60)), y + height // 30),
            fill=tuple(int(v) for v in rng.integers(120, 255, 3)),
        )
    rgb = np.asarray(image).astype(np.int16) + rng.integers(-6, 7, (height, width, 3))
    return to_yuv(rgb.clip(0, 255).astype(np.uint8))


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    error = np.mean((a.astype(np.float64) - b) ** 2)
    return float(10 * np.log10(255**2 / max(error, 1e-9)))


@pytest.mark.parametrize(
    "size", [(320, 180), (180, 320), (200, 120)], ids=["landscape", "vertical", "not-16-aligned"]
)
def test_a_held_picture_repeats_its_i_frame_exactly(size: tuple[int, int]) -> None:
    settings = EncodeSettings(gop=15, workers=1)
    tail = held_tail(*size, FPS, GOP, settings)
    assert tail is not None and len(tail) == GOP - 1
    assert all(not packet.keyframe for packet in tail)
    assert all(len(packet.data) < 200 for packet in tail), "every macroblock skipped"
    for seed in range(3):
        picture = slide(*size, seed)
        packets = encode_gop(
            GopJob("p", None, 0, GOP, GOP),
            FPS,
            GOP,
            settings,
            lambda _: picture,  # noqa: B023 - used at once
            tail,
        )
        frames = _decode(packets)
        assert len(frames) == GOP
        assert all(np.array_equal(frames[0], frame) for frame in frames[1:])
        assert psnr(frames[0], picture) > 40
        # the same stream as a whole GOP from x264, frame for frame in timing
        whole = encode_gop(GopJob("p", None, 0, GOP, GOP), FPS, GOP, settings, lambda _: picture)  # noqa: B023
        assert [(p.pts, p.dts, p.keyframe) for p in packets] == [
            (p.pts, p.dts, p.keyframe) for p in whole
        ]


def test_a_brief_picture_is_faster_made_and_still_repeats_exactly() -> None:
    """A karaoke word's picture: its I-frame from the animations' encoder, the repeating
    frames spliced after it as after any held picture; same SPS and PPS."""
    size = (320, 180)
    settings = EncodeSettings(gop=15, workers=1)
    tail = held_tail(*size, FPS, GOP, settings)
    picture = slide(*size, 4)
    brief = encode_gop(
        GopJob("p", None, 0, 7, GOP, brief=True), FPS, GOP, settings, lambda _: picture, tail
    )
    frames = _decode(brief)
    assert len(frames) == 7 and all(np.array_equal(frames[0], f) for f in frames[1:])
    assert psnr(frames[0], picture) > 38
    held = encode_gop(GopJob("p", None, 0, 7, GOP), FPS, GOP, settings, lambda _: picture, tail)
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
    settings = EncodeSettings(gop=15, workers=1)
    still = encode_gop(
        GopJob("a", None, 0, GOP, GOP),
        FPS,
        GOP,
        settings,
        lambda _: a,
        held_tail(*size, FPS, GOP, settings),
    )
    moving = encode_gop(
        GopJob(None, ("a", "b", False), 0, 6, 6),
        FPS,
        GOP,
        settings,
        lambda path: a if path == "a" else b,
    )
    first, second = parameter_sets(still[0].data), parameter_sets(moving[0].data)
    assert set(first) == {7, 8} and first == second
    pps = Bits(rbsp(first[8]))
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
    settings = EncodeSettings(gop=15, workers=1)
    assert settings.still_crf != settings.crf
    size = (320, 180)
    picture = slide(*size, 5)
    low = encode_gop(GopJob("p", None, 0, 1, 1), FPS, GOP, settings, lambda _: picture)
    high = encode_gop(
        GopJob("p", None, 0, 1, 1),
        FPS,
        GOP,
        EncodeSettings(gop=15, workers=1, still_crf=30),
        lambda _: picture,
    )
    assert parameter_sets(low[0].data) == parameter_sets(high[0].data)
    assert len(low[0].data) > len(high[0].data)


@pytest.mark.parametrize(
    ("size", "brief"),
    [((640, 360), True), ((360, 640), False), ((200, 120), True)],
    ids=["landscape-word", "vertical-cue", "not-16-aligned"],
)
def test_a_caption_state_is_its_slide_with_the_band_s_slices_spliced_in(
    tmp_path, size: tuple[int, int], brief: bool
) -> None:
    """A captioned picture over a still slide: the slide's slices, those under the caption
    from an encode of the band alone. It decodes as well as a whole encode, the slide's
    rows as the slide's own slices and the band's as the band's own encode."""
    from renderer.config import CaptionStyle
    from renderer.encode.frames import Pictures, crop_rows
    from renderer.encode.h264 import band_rows
    from renderer.raster.caption import CaptionOverlay
    from renderer.theme import load_theme

    below = tmp_path / "slide.png"
    rgb = av.VideoFrame.from_ndarray(slide(*size, 7), format="yuv420p").to_ndarray(format="rgb24")
    Image.fromarray(rgb).save(below)
    overlay = CaptionOverlay(
        str(below),
        ("Every word on time,", "spliced in"),
        1,
        CaptionStyle.KARAOKE,
        load_theme(),
        size,
    )
    pictures = Pictures({"word": overlay})
    settings = EncodeSettings(gop=15, workers=1)
    tail = held_tail(*size, FPS, GOP, settings)
    packets = encode_gop(
        GopJob("word", None, 0, 7, GOP, brief=brief), FPS, GOP, settings, pictures, tail
    )
    assert pictures.sliced, "made of slices"
    frames = _decode(packets)
    picture = pictures("word")
    assert len(frames) == 7 and all(np.array_equal(frames[0], f) for f in frames[1:])
    whole = _decode(
        encode_gop(
            GopJob("word", None, 0, 7, GOP, brief=brief),
            FPS,
            GOP,
            settings,
            lambda _: picture,
            tail,
        )
    )[0]
    assert psnr(frames[0], picture) > psnr(whole, picture) - 1.5
    top, bottom = band_rows(*pictures.rows["word"], size[1])
    assert 0 < bottom - top < size[1], "a band, not the frame"
    # away from the band's edges (where the decoder deblocks across them), each part
    # decodes exactly as the encode it came from
    height = size[1]
    slide_alone = _decode([pictures.sliced[str(below)]])[0][:height]
    shown = frames[0][:height]
    inside = slice(top + 4, bottom - 4)
    keep = np.ones(height, bool)
    keep[max(0, top - 4) : bottom + 4] = False
    assert np.array_equal(shown[keep], slide_alone[keep])
    from renderer.encode.gop import _encoder, _run_encoder

    band = _run_encoder(
        _encoder(size[0], bottom - top, FPS, GOP, settings, brief=brief, sliced=True),
        [crop_rows(picture, top, bottom)],
        1,
    )
    band_alone = _decode(band)[0][: bottom - top]
    assert np.array_equal(shown[inside], band_alone[4 : bottom - top - 4])


def test_a_band_is_rounded_out_to_whole_slices_and_escapes_survive() -> None:
    from renderer.encode.h264 import SpliceError, _escaped, band_rows, rbsp, splice

    assert band_rows(70, 100, 360) == (64, 128)
    assert band_rows(300, 350, 360) == (256, 360)
    assert band_rows(0, 64, 360) == (0, 64)
    for payload in (
        b"\x00\x00\x00\x01",
        b"\x05\x00\x00\x03\x00\x00",
        b"\x00\x00\x02\x00\x00",
        bytes(range(4)) * 3 + b"\x00\x00",
    ):
        escaped = _escaped(payload)
        assert b"\x00\x00\x00" not in escaped and b"\x00\x00\x01" not in escaped
        assert rbsp(b"\x65" + escaped) == payload
    settings = EncodeSettings(gop=15, workers=1)
    picture = slide(320, 192, 3)
    from renderer.encode.frames import crop_rows
    from renderer.encode.gop import _encoder, _run_encoder

    whole = _run_encoder(_encoder(320, 192, FPS, GOP, settings, sliced=True), [picture], 1)
    band = _run_encoder(
        _encoder(320, 64, FPS, GOP, settings, sliced=True), [crop_rows(picture, 64, 128)], 1
    )
    unsliced = _run_encoder(_encoder(320, 192, FPS, GOP, settings), [picture], 1)
    with pytest.raises(SpliceError):  # a picture in one slice has no band's slices to swap
        splice(unsliced[0].data, band[0].data, (64, 128), 320)
    with pytest.raises(SpliceError):  # a band that does not start on a slice
        splice(whole[0].data, band[0].data, (32, 96), 320)
    spliced = _decode([Packet(splice(whole[0].data, band[0].data, (64, 128), 320), 0, -1, True)])[0]
    assert psnr(spliced, picture) > 40
    alone = _decode(whole)[0]
    assert np.array_equal(spliced[:60], alone[:60]) and np.array_equal(
        spliced[132:192], alone[132:192]
    )
