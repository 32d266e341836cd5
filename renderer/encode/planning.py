"""GOP planning: which closed GOPs a video is made of, and where each one starts.

Almost every frame of an explainer repeats the one before, so the cost should follow the
number of distinct pictures, not the length of the video: a held picture becomes GOPs of
lengths that cost no encoding beyond its first (see `held_pieces`), an animation GOPs of
nearly equal length. Equal jobs are shared: each is encoded once and muxed many times.
"""

from __future__ import annotations

from collections.abc import Mapping

from renderer.encode.gop import GopJob, is_prefix
from renderer.raster import SlideImages
from renderer.raster.motion import Moving
from renderer.timeline import Segment, Still


def plan_jobs(
    segments: tuple[Segment, ...],
    images: SlideImages,
    gop: int,
    motions: Mapping[int, Moving] | None = None,
    ends: Mapping[int, tuple[str, str]] | None = None,
) -> list[tuple[int, GopJob]]:
    """(start frame, job) for every GOP of the video, in order; equal jobs are shared.

    A moving slide's held frames are an animation instead (its picture moves from the first
    of them to the last); transitions start from its last frame and end on its first
    (`ends`: the paths of those two pictures)."""
    motions, ends = motions or {}, ends or {}
    reach: dict[int, tuple[int, int]] = {}  # moving slide -> its first and end held frame
    for segment in segments:
        if isinstance(segment, Still) and segment.slide in motions:
            first, end = reach.get(segment.slide, (segment.start, segment.start))
            reach[segment.slide] = (
                min(first, segment.start),
                max(end, segment.start + segment.frames),
            )
    placed: list[tuple[int, GopJob]] = []
    for segment in segments:
        if isinstance(segment, Still) and segment.slide in motions:
            first, end = reach[segment.slide]
            path = str(images.paths[segment.slide][segment.step])  # captions burnt in, too
            offset = segment.start - first
            for count in even_pieces(segment.frames, gop):
                placed.append(
                    (
                        first + offset,
                        GopJob(
                            path,
                            None,
                            offset,
                            count,
                            end - first,
                            segment.slide,
                            motions[segment.slide],
                        ),
                    )
                )
                offset += count
        elif isinstance(segment, Still):
            path = str(images.paths[segment.slide][segment.step])
            caption = images.overlays.get(path)
            brief = caption is not None and caption.highlight >= 0  # a karaoke word
            start = segment.start
            for length in held_pieces(segment.frames, gop):
                placed.append(
                    (start, GopJob(path, None, 0, length, gop, segment.slide, brief=brief))
                )
                start += length
        else:
            a = (
                ends[segment.a[0]][1]
                if segment.a[0] in ends
                else str(images.paths[segment.a[0]][segment.a[1]])
            )
            b = (
                ends[segment.b[0]][0]
                if segment.b[0] in ends
                else str(images.paths[segment.b[0]][segment.b[1]])
            )
            first = 0
            for count in even_pieces(segment.frames, gop):
                placed.append(
                    (
                        segment.start + first,
                        GopJob(
                            None,
                            (a, b, segment.through_black),
                            segment.offset + first,
                            count,
                            segment.whole,
                            segment.a[0],
                        ),
                    )
                )
                first += count
    return placed


def held_pieces(frames: int, gop: int) -> list[int]:
    """Split a held picture's frames into GOP lengths, longest first.

    With 2 B-frames the decode order of a held picture's GOP is I0 P3 B1 B2 P6 B4 B5 ...,
    so its first n packets are themselves a complete closed GOP when n is 1 mod 3: such
    lengths (and the whole GOP) cost no encoding at all. A GOP of one frame is avoided:
    two IDR pictures in a row would both carry idr_pic_id 0, which H.264 forbids (7.4.3).
    Lengths nothing cheap adds up to (5, 6, 9 frames...) are encoded as GOPs of their own.
    """
    if frames <= gop:
        borrowed, head = frames, 0
    else:  # leave the last two whole GOPs to be split with the remainder
        head = max(0, frames // gop - 2)
        borrowed = frames - head * gop
    cheap = {n for n in range(2, gop + 1) if is_prefix(n, gop)}

    def cost(n: int) -> int:
        return 1 if n in cheap else 10 if n > 1 else 1000

    best: list[tuple[int, list[int]]] = [(0, [])]
    for total in range(1, borrowed + 1):
        best.append(
            min(
                (
                    (best[total - n][0] + cost(n), [n, *best[total - n][1]])
                    for n in range(1, min(gop, total) + 1)
                ),
                key=lambda option: (option[0], len(option[1])),
            )
        )
    return [gop] * head + sorted(best[borrowed][1], reverse=True)


def even_pieces(frames: int, gop: int) -> list[int]:
    """Split an animation's frames into GOPs of nearly equal length (none of one frame
    where it can be helped: see `held_pieces`)."""
    count = -(-frames // gop)
    return [frames // count + (1 if i < frames % count else 0) for i in range(count)]
