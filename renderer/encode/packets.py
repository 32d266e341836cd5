"""Encoded media as one typed packet, and the one format packets are cached in.

Video GOPs (timestamps in frames, relative to the GOP's first frame) and AAC chunks
(timestamps in samples of the whole track) are both lists of `Packet`, stored in the blob
store as `pack` writes them. Cache keys include `FORMAT`, so a change of layout is a miss,
never a misread.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

FORMAT = "packets-v2"
"""Version of the layout below (part of every key of encoded media in the store)."""

_HEADER = struct.Struct("<qqBI")  # pts, dts, keyframe, size


@dataclass(frozen=True, slots=True)
class Packet:
    """One compressed frame of video or audio, ready to mux."""

    data: bytes
    pts: int
    """Presentation time, in the stream's unit (frames of video, samples of audio)."""
    dts: int
    """Decode time, in the same unit."""
    keyframe: bool = False
    """An IDR picture (video) or an independently decodable frame (every AAC frame)."""


def pack(packets: list[Packet]) -> bytes:
    """Packets as one blob for the store."""
    return b"".join(_HEADER.pack(p.pts, p.dts, p.keyframe, len(p.data)) + p.data for p in packets)


def unpack(blob: bytes) -> list[Packet]:
    """The packets `pack` made (a truncated blob raises ValueError)."""
    out: list[Packet] = []
    offset = 0
    while offset < len(blob):
        try:
            pts, dts, key, size = _HEADER.unpack_from(blob, offset)
        except struct.error as exc:
            raise ValueError("truncated packet header") from exc
        offset += _HEADER.size
        if offset + size > len(blob):
            raise ValueError("truncated packet")
        out.append(Packet(blob[offset : offset + size], pts, dts, bool(key)))
        offset += size
    return out
