"""Output: Timeline + Storyboard -> chapters that YouTube accepts.

YouTube turns timestamps in a description into chapters only when the first is at 0:00,
there are at least three, and each lasts at least 10 seconds. One chapter per slide, with
slides too short for a chapter of their own (and slides repeating the title before them)
merged into the one before, their titles joined; a short last slide joins the one before it
too. A video that cannot have three such chapters gets none.
"""

from __future__ import annotations

from dataclasses import dataclass

from renderer.graphemes import cut, length
from renderer.storyboard_model import Storyboard
from renderer.timeline import Timeline

MIN_SECONDS = 10.0
MIN_CHAPTERS = 3


@dataclass(frozen=True)
class Chapter:
    start: float
    end: float
    title: str

    @property
    def stamp(self) -> str:
        """The start as YouTube writes it: M:SS, or H:MM:SS past an hour."""
        return clock(int(self.start))


def clock(whole: int) -> str:
    """Whole seconds as M:SS, or H:MM:SS past an hour."""
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def build_chapters(storyboard: Storyboard, timeline: Timeline) -> list[Chapter]:
    """Chapters of at least MIN_SECONDS, first at 0:00, or [] when fewer than three fit."""
    end = float(timeline.duration)
    starts = [timeline.seconds(frame) for frame in timeline.slide_starts]
    titles = [slide_title(storyboard, index) for index in range(len(starts))]
    kept: list[tuple[float, list[str]]] = []
    for start, title in zip(starts, titles, strict=True):
        if kept and (start - kept[-1][0] < MIN_SECONDS or title == kept[-1][1][-1]):
            if title not in kept[-1][1]:  # too short for a chapter: join the one before
                kept[-1][1].append(title)
        else:
            kept.append((0.0 if not kept else start, [title]))
    while len(kept) > 1 and end - kept[-1][0] < MIN_SECONDS:
        last = kept.pop()[1]
        kept[-1][1].extend(t for t in last if t not in kept[-1][1])
    if len(kept) < MIN_CHAPTERS:
        return []
    bounds = [start for start, _ in kept] + [end]
    return [Chapter(bounds[i], bounds[i + 1], _joined(names)) for i, (_, names) in enumerate(kept)]


def _joined(titles: list[str]) -> str:
    """A merged chapter's title: its slides' titles, as long as they fit (60 characters,
    counted as a reader does: by grapheme cluster)."""
    title = titles[0]
    for more in titles[1:]:
        if length(title) + 3 + length(more) > 60:
            break
        title = f"{title} · {more}"
    return title


def slide_title(storyboard: Storyboard, index: int) -> str:
    slide = storyboard.slides[index]
    title = " ".join(slide.title.split())
    return cut(title, 60)


def description_lines(chapters: list[Chapter]) -> list[str]:
    """'0:00 Title' lines, the form YouTube reads chapters from."""
    return [f"{chapter.stamp} {chapter.title}" for chapter in chapters]
