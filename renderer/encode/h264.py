"""H.264 bitstream: reading headers (`Bits`), and a picture's I-frame made of slices from
two encodes (`splice`).

A captioned picture over a still slide differs from the slide only in the caption's band.
Encoded in slices of `SLICE_ROWS` macroblock rows, its I-frame is the slide's slices with
those of the band replaced by the slices of an encode of the band alone (a picture as wide
as the frame and a few slices high). A slice predicts nothing from another slice, so only
its first macroblock's number changes (`first_mb_in_slice`, rewritten here); the decoder's
deblocking across slice edges sees the real neighbours. A karaoke word then costs an encode
of the band (about a quarter of the frame) instead of the whole frame.

Only what x264 writes for an IDR picture in CABAC is handled (the only kind spliced); anything
else raises `SpliceError`, and the caller encodes the picture whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SLICE_ROWS = 4
"""Macroblock rows per slice (64 px): the band is rounded out to whole slices. Smaller
slices fit the band closer; each costs a little compression (4 rows: about 7% more bytes
on a slide's I-frame, 8 rows: 4%)."""

_START = re.compile(b"\x00\x00\x01")
_NEEDS_ESCAPE = re.compile(b"\x00\x00(?=[\x00-\x03])")


class SpliceError(ValueError):
    """The stream is not of the kind this module splices."""


def x264_slicing(width: int) -> str:
    """x264 parameter for slices of `SLICE_ROWS` whole macroblock rows."""
    return f"slice-max-mbs={_mbs(width) * SLICE_ROWS}"


def band_rows(top: int, bottom: int, height: int) -> tuple[int, int]:
    """Pixel rows [first, end) of the whole slices that cover rows [top, bottom) of a
    picture `height` high (`end` is at most `height`)."""
    span = 16 * SLICE_ROWS
    return top // span * span, min(height, -(-bottom // span) * span)


def splice(whole: bytes, band: bytes, rows: tuple[int, int], width: int) -> bytes:
    """The I-frame `whole` (Annex B, one access unit) with its slices covering pixel rows
    `rows` (from `band_rows`) replaced by `band`'s slices, an encode of those rows alone."""
    units = _units(whole)
    params = _params(units)
    first, end = (row // 16 * _mbs(width) for row in (rows[0], rows[1] + 15))
    slices = [(_first_mb(unit), unit) for unit in units if _is_slice(unit)]
    starts = {mb for mb, _ in slices}
    pieces = [(_first_mb(unit), unit) for unit in _units(band) if _is_slice(unit)]
    if (
        first not in starts
        or not (end in starts or end > max(starts))
        or not pieces
        or pieces[0][0] != 0
    ):
        raise SpliceError("the band does not cover whole slices of the picture")
    moved = [(mb + first, _with_first_mb(unit, mb + first, params)) for mb, unit in pieces]
    kept = [(mb, unit) for mb, unit in slices if mb < first or mb >= end]
    ordered = [unit for _, unit in sorted(kept + moved, key=lambda item: item[0])]
    head = [unit for unit in units if not _is_slice(unit)]
    return b"".join(b"\x00\x00\x00\x01" + unit for unit in head + ordered)


@dataclass(frozen=True)
class _Params:
    frame_num_bits: int = 0
    poc_type: int = 0
    poc_bits: int = 0
    bottom_field_poc: bool = False
    redundant_pic_cnt: bool = False
    deblocking_control: bool = False
    cabac: bool = False


def _mbs(width: int) -> int:
    return -(-width // 16)


def _units(stream: bytes) -> list[bytes]:
    """The NAL units of an Annex B stream, without start codes."""
    starts = [m.end() for m in _START.finditer(stream)]
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 3 if i + 1 < len(starts) else len(stream)
        out.append(stream[start:end].rstrip(b"\x00"))  # a unit never ends in a zero
    return out


def _is_slice(unit: bytes) -> bool:
    return unit[0] & 0x1F in (1, 5)


def _escaped(payload: bytes) -> bytes:
    out = _NEEDS_ESCAPE.sub(b"\x00\x00\x03", payload)
    return out + b"\x03" if out.endswith(b"\x00\x00") else out


class Bits:
    """Reads fixed-width and Exp-Golomb fields from an RBSP (see `rbsp`); past its end it
    reads zeros, and `overrun` tells."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    @property
    def overrun(self) -> bool:
        return self.at > 8 * len(self.data)

    def bit(self) -> int:
        index = self.at >> 3
        byte = self.data[index] if index < len(self.data) else 0
        self.at += 1
        return (byte >> (7 - ((self.at - 1) & 7))) & 1

    def u(self, count: int) -> int:
        value = 0
        for _ in range(count):
            value = (value << 1) | self.bit()
        return value

    def ue(self) -> int:
        zeros = 0
        while self.bit() == 0 and zeros < 32:
            zeros += 1
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        code = self.ue()
        return (code + 1) // 2 if code % 2 else -(code // 2)

    def span(self, start: int, end: int) -> str:
        """Bits [start, end) as a string of 0 and 1."""
        return "".join(str((self.data[i >> 3] >> (7 - (i & 7))) & 1) for i in range(start, end))


def rbsp(unit: bytes) -> bytes:
    """A NAL unit's payload (its header byte dropped) with the emulation prevention bytes
    taken out."""
    return unit[1:].replace(b"\x00\x00\x03", b"\x00\x00")


def _ue_bits(value: int) -> str:
    code = f"{value + 1:b}"
    return "0" * (len(code) - 1) + code


def _params(units: list[bytes]) -> _Params:
    """What a slice header's layout depends on, from the access unit's SPS and PPS."""
    sps = next((u for u in units if u[0] & 0x1F == 7), None)
    pps = next((u for u in units if u[0] & 0x1F == 8), None)
    if sps is None or pps is None:
        raise SpliceError("the I-frame carries no SPS and PPS")
    bits = Bits(rbsp(sps))
    profile = bits.u(8)
    bits.u(16)  # constraint flags, level
    bits.ue()  # sps id
    if profile in (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135):
        if bits.ue() == 3:  # chroma_format_idc
            bits.u(1)
        bits.ue(), bits.ue(), bits.u(1)  # bit depths, transform bypass
        if bits.u(1):
            raise SpliceError("scaling matrices in the SPS")
    frame_num_bits = bits.ue() + 4
    poc_type = bits.ue()
    if poc_type != 0 and poc_type != 2:
        raise SpliceError(f"picture order count type {poc_type}")
    poc_bits = bits.ue() + 4 if poc_type == 0 else 0
    bits.ue(), bits.u(1), bits.ue(), bits.ue()  # refs, gaps, width, height
    if not bits.u(1):
        raise SpliceError("interlaced coding")
    bits = Bits(rbsp(pps))
    bits.ue(), bits.ue()  # pps id, sps id
    cabac = bool(bits.u(1))
    bottom_field_poc = bool(bits.u(1))
    if bits.ue():
        raise SpliceError("slice groups")
    bits.ue(), bits.ue(), bits.u(1), bits.u(2), bits.se(), bits.se(), bits.se()
    deblocking_control = bool(bits.u(1))
    bits.u(1)  # constrained intra prediction
    return _Params(
        frame_num_bits,
        poc_type,
        poc_bits,
        bottom_field_poc,
        bool(bits.u(1)),
        deblocking_control,
        cabac,
    )


def _first_mb(unit: bytes) -> int:
    return Bits(rbsp(unit[:12])).ue()


def _with_first_mb(unit: bytes, first_mb: int, params: _Params) -> bytes:
    """An IDR I-slice NAL unit with another first macroblock."""
    if unit[0] & 0x1F != 5 or not params.cabac:
        raise SpliceError("only CABAC IDR slices are spliced")
    payload = rbsp(unit)
    bits = Bits(payload)
    bits.ue()
    start = bits.at
    if bits.ue() % 5 != 2:
        raise SpliceError("not an I slice")
    bits.ue()  # pps id
    bits.u(params.frame_num_bits)
    bits.ue()  # idr_pic_id
    if params.poc_type == 0:
        bits.u(params.poc_bits)
        if params.bottom_field_poc:
            bits.se()
    if params.redundant_pic_cnt:
        bits.ue()
    if unit[0] & 0x60:  # nal_ref_idc: an IDR's reference marking
        bits.u(2)
    bits.se()  # slice_qp_delta
    if params.deblocking_control and bits.ue() != 1:
        bits.se(), bits.se()
    end = bits.at
    data_at = -(-end // 8)
    if bits.overrun or bits.span(end, data_at * 8) != "1" * (data_at * 8 - end):
        raise SpliceError("no CABAC alignment after the slice header")
    header = _ue_bits(first_mb) + bits.span(start, end)
    header += "1" * (-len(header) % 8)
    rewritten = int(header, 2).to_bytes(len(header) // 8, "big") + payload[data_at:]
    return unit[:1] + _escaped(rewritten)
