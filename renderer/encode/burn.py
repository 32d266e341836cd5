"""Encoding (optional): caption cues drawn into the pictures (`--burn-captions`).

The video stays a sequence of held pictures and short animations: every segment is cut where
a caption state begins or ends (a cue appears or goes; in karaoke, a word starts), and each
(slide state, caption state) pair becomes one more picture, encoded once like any other. A
caption over an animation is exact too: laying the same caption over both ends of a blend
gives the caption over the blend, since blending is linear.

Only the caption's rectangle differs between those pictures, so only it is drawn, and not
here: a captioned picture is a caption state over a slide picture (`SlideImages.overlays`),
drawn by the encoder's worker as it loads the picture. A slide whose picture moves gets
whole pictures instead, since its frames are drawn from them.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
from collections.abc import Callable, Collection
from pathlib import Path

from PIL import Image

from renderer.config import CaptionStyle
from renderer.encode.gop import is_prefix
from renderer.outputs.captions import Caption
from renderer.raster import SlideImages, save_picture
from renderer.raster.caption import CaptionOverlay, caption_layer
from renderer.theme import Theme
from renderer.timeline import Blend, Segment, Still, Timeline
from renderer.wordsplit import in_lines

State = tuple[int, int]
"""(cue index, word highlighted or -1)."""


def caption_states(
    cues: list[Caption], timeline: Timeline, style: CaptionStyle, gop: int
) -> list[tuple[int, int, State]]:
    """(first frame, end frame, state) of every caption state, on whole frames: a cue, or
    in karaoke each of its words from the frame it starts. A word's highlight may move by a
    frame (33 ms at 30 fps) so that it lasts a number of frames that costs one intra
    picture (see `planning.held_pieces`; `gop` is the video's GOP length)."""
    cheap = _cheap_lengths(gop)
    fps, total = timeline.fps, timeline.total_frames
    out: list[tuple[int, int, State]] = []
    for index, cue in enumerate(cues):
        first = math.ceil(cue.start * fps - 1e-6)
        end = min(max(first + 1, math.ceil(cue.end * fps - 1e-6)), total)
        texts = [w.text for w in cue.words]
        words = cue.words if in_lines(cue.lines, texts) is not None else ()
        if style is CaptionStyle.PHRASE or not words:
            out.append((first, end, (index, -1)))
            continue
        edges = [(first, -1)]
        for k, timed in enumerate(words):
            edges.append((math.ceil(timed.start * fps - 1e-6), k))
        edges.append((end, -1))  # the last word stays lit while the cue is held
        cut = [(max(first, min(frame, end)), k) for frame, k in edges]
        for i in range(1, len(cut) - 1):
            before, (frame, k), after = cut[i - 1][0], cut[i], cut[i + 1][0]
            for moved in (frame, frame + 1, frame - 1):
                if before < moved < after and (moved - before in cheap or moved - before > 4 * gop):
                    cut[i] = (moved, k)
                    break
        for (a, k), (b, _) in itertools.pairwise(cut):
            if b > a:
                out.append((a, b, (index, k)))
    return out


def _cheap_lengths(gop: int) -> set[int]:
    """Lengths of a held picture that cost one intra picture: sums of whole GOPs and of
    lengths that are 1 mod 3 (up to 4 GOPs; longer ones are split the same way)."""
    parts = [n for n in range(2, gop + 1) if is_prefix(n, gop)]
    made = {0}
    for total in range(1, 4 * gop + 1):
        if any(total - part in made for part in parts):
            made.add(total)
    return made - {0}


def _pieces(
    start: int, frames: int, spans: list[tuple[int, int, State]], firsts: list[int]
) -> list[tuple[int, int, State | None]]:
    """[start, start+frames) cut at state edges: (start, frames, state or None). `spans` do
    not overlap and are in order; `firsts` are their first frames."""
    end = start + frames
    low = max(0, bisect.bisect_right(firsts, start) - 1)
    high = bisect.bisect_left(firsts, end)
    cuts = {start, end}
    for first, last, _ in spans[low:high]:
        cuts.update(edge for edge in (first, last) if start < edge < end)
    out: list[tuple[int, int, State | None]] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        at = bisect.bisect_right(firsts, a) - 1
        showing = spans[at][2] if at >= 0 and spans[at][0] <= a < spans[at][1] else None
        out.append((a, b - a, showing))
    return out


class _Painter:
    """Makes the captioned pictures, each once: bands over still slides, whole pictures
    over moving ones."""

    def __init__(
        self,
        images: SlideImages,
        cues: list[Caption],
        theme: Theme,
        style: CaptionStyle,
        folder: Path,
        moving: Collection[int],
        progress: Callable[[int], None] | None,
        language: str = "en",
    ) -> None:
        self.images, self.cues, self.theme, self.style = images, cues, theme, style
        self.language = language
        self.folder, self.moving, self.progress = folder, moving, progress
        self.paths = [list(row) for row in images.paths]
        self.keys = (
            [list(row) for row in images.keys]
            if images.keys
            else [[str(p) for p in row] for row in images.paths]
        )
        self.overlays: dict[str, CaptionOverlay] = dict(images.overlays)
        self.made: dict[tuple[int, int, State], tuple[int, int]] = {}

    def picture(self, picture: tuple[int, int], state: State | None) -> tuple[int, int]:
        """The (slide, index) of `picture` with the caption state over it."""
        if state is None:
            return picture
        slide, step = picture
        if (slide, step, state) not in self.made:
            self.made[(slide, step, state)] = self._paint(slide, step, state)
            if self.progress:
                self.progress(1)
        return self.made[(slide, step, state)]

    def _paint(self, slide: int, step: int, state: State) -> tuple[int, int]:
        size = (self.images.spec.width, self.images.spec.height)
        cue, word = state
        lines = self.cues[cue].lines
        words = tuple(w.text for w in self.cues[cue].words) if word >= 0 else ()
        source = self.paths[slide][step]
        spaced = list(words) == " ".join(lines).split(" ")  # words as spaces part them
        key = hashlib.sha256(
            (
                f"{self.keys[slide][step]}|{lines}|{word}|{self.style}|{size}|{self.language}"
                + (f"|{words}" if words and not spaced else "")
            ).encode()
        ).hexdigest()
        name = f"s{slide:02d}-{step:02d}-c{cue:04d}" + (f"-w{word:03d}" if word >= 0 else "")
        path = self.folder / f"{name}{source.suffix}"
        if slide in self.moving:  # its frames are drawn from this picture: a whole one
            layer, at = caption_layer(
                lines, size, self.theme, self.style, word, self.language, words
            )
            with Image.open(source) as image:
                frame = image.convert("RGBA")
            frame.alpha_composite(layer, at)
            save_picture(frame.convert("RGB"), path)
        else:  # drawn by the encoder as it loads the picture (no file)
            self.overlays[str(path)] = CaptionOverlay(
                str(source), lines, word, self.style, self.theme, size, self.language, words
            )
        self.paths[slide].append(path)
        self.keys[slide].append(key)
        return slide, len(self.paths[slide]) - 1

    def result(self) -> SlideImages:
        return SlideImages(
            tuple(tuple(row) for row in self.paths),
            self.images.spec,
            tuple(tuple(row) for row in self.keys),
            self.overlays,
        )


def burn_captions(
    segments: tuple[Segment, ...],
    images: SlideImages,
    cues: list[Caption],
    timeline: Timeline,
    theme: Theme,
    folder: Path,
    style: CaptionStyle,
    moving: Collection[int],
    gop: int,
    progress: Callable[[int], None] | None = None,
    language: str = "en",
) -> tuple[tuple[Segment, ...], SlideImages]:
    """Segments and pictures with the captions in them (`moving`: the slides whose picture
    moves; `gop`: the video's GOP length)."""
    spans = caption_states(cues, timeline, style, gop)
    firsts = [first for first, _, _ in spans]
    folder.mkdir(parents=True, exist_ok=True)
    painter = _Painter(images, cues, theme, style, folder, moving, progress, language)
    out: list[Segment] = []
    for segment in segments:
        for start, frames, state in _pieces(segment.start, segment.frames, spans, firsts):
            if isinstance(segment, Still):
                slide, step = painter.picture((segment.slide, segment.step), state)
                out.append(Still(slide, step, start, frames))
            else:
                out.append(
                    Blend(
                        painter.picture(segment.a, state),
                        painter.picture(segment.b, state),
                        start,
                        frames,
                        segment.through_black,
                        segment.offset + start - segment.start,
                        segment.whole,
                    )
                )
    return tuple(out), painter.result()
