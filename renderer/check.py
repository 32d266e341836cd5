"""`render-video check`: does an MP4 (ours or anyone's) meet a platform's upload settings?

Every property is read from the file itself: the MP4 box layout (moov before mdat, edit
lists), the H.264 parameter sets and slice headers (profile, CABAC, IDR keyframes, B-frame
runs), packet timestamps (GOP length, constant frame rate, where each stream ends) and the
audio stream's codec parameters. Nothing is decoded but the first picture.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from renderer.encode.h264 import Bits, rbsp
from renderer.errors import ConfigError
from renderer.presets import Preset


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    found: str
    expected: str


@dataclass
class _Video:
    profile: str = ""
    pix_fmt: str = ""
    width: int = 0
    height: int = 0
    interlaced: bool = False
    cabac: bool | None = None
    fps: Fraction | None = None
    frames: int = 0
    keyframes: int = 0
    non_idr_keyframes: int = 0
    leading_after_key: int = 0
    longest_gop: int = 0
    longest_b_run: int = 0
    steps: frozenset[int] = frozenset()
    end: float = 0.0


def _boxes(data: bytes, start: int, end: int) -> list[tuple[str, int, int]]:
    """(type, payload start, box end) of the boxes in data[start:end]."""
    out = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, at + 8)[0]
            header = 16
        elif size == 0:
            size = end - at
        if size < header:
            break
        out.append((kind.decode("latin-1"), at + header, min(at + size, end)))
        at += size
    return out


def _top_level(path: Path) -> tuple[list[str], bytes]:
    """Top-level box types in order, and the moov box's bytes (read without loading mdat)."""
    order, moov = [], b""
    with path.open("rb") as f:
        while True:
            head = f.read(8)
            if len(head) < 8:
                break
            size, kind = struct.unpack(">I4s", head)
            header = 8
            if size == 1:
                size = struct.unpack(">Q", f.read(8))[0]
                header = 16
            name = kind.decode("latin-1")
            order.append(name)
            if name == "moov":
                moov = f.read(size - header)
            elif size == 0:
                break
            else:
                f.seek(size - header, 1)
    return order, moov


def _edit_lists(moov: bytes) -> int:
    count = 0
    for kind, start, end in _boxes(moov, 0, len(moov)):
        if kind != "trak":
            continue
        for sub, s2, e2 in _boxes(moov, start, end):
            if sub == "edts":
                count += sum(1 for k, _, _ in _boxes(moov, s2, e2) if k == "elst")
    return count


def _cabac(extradata: bytes | None) -> bool | None:
    """entropy_coding_mode_flag of the first PPS in an avcC record."""
    if not extradata or len(extradata) < 7 or extradata[0] != 1:
        return None
    at = 6
    for _ in range(extradata[5] & 31):
        at += 2 + int.from_bytes(extradata[at : at + 2], "big")
    if at >= len(extradata) or extradata[at] == 0:
        return None
    size = int.from_bytes(extradata[at + 1 : at + 3], "big")
    bits = Bits(rbsp(extradata[at + 3 : at + 3 + size]))
    bits.ue()  # pps id
    bits.ue()  # sps id
    return bool(bits.bit())


def _slices(packet: bytes, length_size: int = 4) -> list[tuple[int, int]]:
    """(NAL type, slice type) of each coded slice in an AVCC packet."""
    out, at = [], 0
    while at + length_size <= len(packet):
        size = int.from_bytes(packet[at : at + length_size], "big")
        nal = packet[at + length_size : at + length_size + size]
        at += length_size + size
        if nal and nal[0] & 31 in (1, 5):
            bits = Bits(rbsp(nal[:8]))
            bits.ue()  # first_mb_in_slice
            out.append((nal[0] & 31, bits.ue() % 5))
    return out


def _video(container: av.container.InputContainer) -> _Video | None:
    if not container.streams.video:
        return None
    stream = container.streams.video[0]
    info = _Video()
    ctx = stream.codec_context
    info.profile = str(ctx.profile or "")
    info.pix_fmt = ctx.pix_fmt or ""
    info.width, info.height = ctx.width, ctx.height
    info.cabac = _cabac(ctx.extradata)
    length_size = (ctx.extradata[4] & 3) + 1 if ctx.extradata else 4
    base = stream.time_base or Fraction(1, 1)
    pts_list: list[int] = []
    since_key = 0
    b_run = 0
    last_key_pts: int | None = None
    for packet in container.demux(stream):
        if packet.size == 0 or packet.pts is None:
            continue
        info.frames += 1
        pts_list.append(packet.pts)
        slices = _slices(bytes(packet), length_size)
        if packet.is_keyframe:
            info.keyframes += 1
            info.longest_gop = max(info.longest_gop, since_key)
            since_key = 0
            last_key_pts = packet.pts
            if not any(nal == 5 for nal, _ in slices):
                info.non_idr_keyframes += 1
        elif last_key_pts is not None and packet.pts < last_key_pts:
            info.leading_after_key += 1
        since_key += 1
        if slices and all(kind == 1 for _, kind in slices):
            b_run += 1
            info.longest_b_run = max(info.longest_b_run, b_run)
        else:
            b_run = 0
    info.longest_gop = max(info.longest_gop, since_key)
    pts_list.sort()
    steps = {b - a for a, b in itertools.pairwise(pts_list)}
    info.steps = frozenset(steps)
    if len(steps) == 1:
        info.fps = 1 / (steps.pop() * base)
    if pts_list:
        step = min(info.steps) if info.steps else 0
        info.end = float((pts_list[-1] + step) * base)
    container.seek(0)
    for frame in container.decode(stream):
        info.interlaced = bool(frame.interlaced_frame)
        break
    return info


def check(path: Path, preset: Preset) -> list[Result]:
    """Every upload property of `path` against `preset`, in a fixed order."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such file", hint="give the path of an MP4 file")
    order, moov = _top_level(path)
    try:
        container = av.open(str(path))
    except av.error.FFmpegError as exc:
        raise ConfigError(f"{path}: not a media file ({exc})") from None
    with container:
        results = _container_checks(order, moov, container)
        video = _video(container)
        container.seek(0)
        audio = _audio(container)
    results += _video_checks(video, preset)
    results += _audio_checks(audio, video)
    return results


def _container_checks(
    order: list[str], moov: bytes, container: av.container.InputContainer
) -> list[Result]:
    first_media = next((kind for kind in order if kind in ("moov", "mdat")), "none")
    brand = order[0] if order else "none"
    edits = _edit_lists(moov)
    return [
        Result(
            "container",
            brand == "ftyp" and "moov" in order,
            f"{container.format.name}",
            "MP4 (ftyp, moov)",
        ),
        Result(
            "moov before mdat (fast start)",
            first_media == "moov",
            " ".join(kind for kind in order if kind in ("moov", "mdat")),
            "moov mdat",
        ),
        Result("no edit lists", edits == 0, f"{edits} edit list(s)", "0"),
    ]


def _video_checks(video: _Video | None, preset: Preset) -> list[Result]:
    if video is None:
        return [Result("video stream", False, "none", "H.264")]
    fps = video.fps or Fraction(0)
    gop_min, gop_max = preset.gop_range(fps) if fps else (0, 0)
    gop_seconds = f"{video.longest_gop} frames" + (
        f" ({float(video.longest_gop / fps):.2f} s)" if fps else ""
    )
    results = [
        Result(
            "video codec H.264 High profile", video.profile == "High", video.profile or "?", "High"
        ),
        Result(
            "frame size",
            (video.width, video.height) == (preset.width, preset.height),
            f"{video.width}x{video.height}",
            f"{preset.width}x{preset.height}",
        ),
        Result(
            "progressive",
            not video.interlaced,
            "interlaced" if video.interlaced else "progressive",
            "progressive",
        ),
        Result("chroma 4:2:0 (yuv420p)", video.pix_fmt == "yuv420p", video.pix_fmt, "yuv420p"),
        Result(
            "CABAC",
            video.cabac is True,
            {True: "CABAC", False: "CAVLC", None: "?"}[video.cabac],
            "CABAC",
        ),
        Result(
            "constant frame rate",
            len(video.steps) == 1,
            f"{float(fps):.3f} fps" if video.fps else f"{len(video.steps)} frame durations",
            "one frame duration",
        ),
        Result(
            "closed GOPs (IDR keyframes, no leading frames)",
            video.keyframes > 0 and video.non_idr_keyframes == 0 and video.leading_after_key == 0,
            f"{video.non_idr_keyframes} non-IDR keyframes, {video.leading_after_key} "
            "frames before their keyframe",
            "0 and 0",
        ),
        Result(
            "GOP length",
            gop_min <= video.longest_gop <= gop_max,
            gop_seconds,
            f"{gop_min}-{gop_max} frames" if gop_min != gop_max else f"{gop_max} frames",
        ),
        Result(
            "2 consecutive B-frames",
            video.longest_b_run == 2,
            f"longest run {video.longest_b_run}",
            "2",
        ),
    ]
    if preset.max_seconds is not None:
        results.append(
            Result(
                "duration",
                video.end <= preset.max_seconds + 1e-6,
                f"{video.end:.1f} s",
                f"at most {preset.max_seconds:.0f} s",
            )
        )
    return results


@dataclass
class _Audio:
    codec: str
    profile: str
    rate: int
    channels: int
    end: float


def _audio(container: av.container.InputContainer) -> _Audio | None:
    if not container.streams.audio:
        return None
    stream = container.streams.audio[0]
    ctx = stream.codec_context
    end = 0.0
    base = stream.time_base or Fraction(1, 1)
    for packet in container.demux(stream):
        if packet.pts is not None and packet.size:
            end = max(end, float((packet.pts + (packet.duration or 0)) * base))
    return _Audio(ctx.name, str(ctx.profile or ""), ctx.sample_rate, ctx.channels, end)


def _audio_checks(audio: _Audio | None, video: _Video | None) -> list[Result]:
    if audio is None:
        return [Result("audio stream", False, "none", "AAC-LC 48 kHz stereo")]
    results = [
        Result(
            "audio codec AAC-LC",
            audio.codec == "aac" and audio.profile == "LC",
            f"{audio.codec} {audio.profile}".strip(),
            "aac LC",
        ),
        Result("audio 48 kHz", audio.rate == 48_000, f"{audio.rate} Hz", "48000 Hz"),
        Result("audio stereo", audio.channels == 2, f"{audio.channels} channel(s)", "2"),
    ]
    if video is not None and video.fps:
        frame = 1 / float(video.fps)
        gap = audio.end - video.end
        results.append(
            Result(
                "audio and video end together",
                abs(gap) <= frame + 1e-6,
                f"audio ends {gap * 1000:+.0f} ms from video",
                f"within one frame ({frame * 1000:.0f} ms)",
            )
        )
    return results


def report(results: list[Result]) -> list[str]:
    width = max(len(result.name) for result in results)
    return [
        f"{'PASS' if r.ok else 'FAIL'}  {r.name:<{width}}  {r.found}"
        + ("" if r.ok else f"  (expected {r.expected})")
        for r in results
    ]
