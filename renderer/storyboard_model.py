"""The storyboard as data: the slides in order, each with its kind, body, reveal steps and the
narration cues bound to them. `storyboard.build_storyboard` makes it from an article; the
painters, the timeline, narration and the outputs read it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from renderer.article import Facts, QuizQuestion, Section
from renderer.media import MediaFile

QUIZ_THINK_SECONDS = 3
"""Length of the quiz countdown (one reveal step per second)."""

POINT_ICONS = ("💡", "🔑", "⚡", "🎯", "📌", "🚀")
"""Badges for points that have no icon of their own, in order."""


class SlideKind(StrEnum):
    """Which painter draws a slide."""

    TITLE = "title"
    FACTS = "facts"
    POINTS = "points"
    TABLE = "table"
    GLOSSARY = "glossary"
    FLOW = "flow"
    IMAGE = "image"
    CODE = "code"
    VIDEO = "video"
    SEE_ALSO = "see_also"
    QUIZ = "quiz"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Cue:
    """A piece of narration bound to the reveal step it belongs to."""

    step: int
    """Reveal step (0-based) that appears when these words start."""
    text: str
    """What is spoken; empty for a silent beat."""
    min_seconds: float = 0.0
    """The step lasts at least this long (quiz countdown beats)."""
    marks: tuple[tuple[int, int], ...] = ()
    """(step, word): later steps that appear as a word of this cue starts (word: index
    among the cue's words)."""


@dataclass(frozen=True)
class TitleBody:
    """Content of the opening slide."""

    summary: str
    tagline: str | None
    narrator: str | None


@dataclass(frozen=True)
class SeeAlsoBody:
    """Related topics, one card each."""

    topics: tuple[str, ...]


@dataclass(frozen=True)
class CompleteBody:
    """The closing slide."""

    up_next: str | None
    tagline: str | None
    badge: str = "COMPLETE"
    """The badge over the title (phrase `complete_badge`)."""
    up_next_label: str = "UP NEXT"
    """Over the next topic (phrase `up_next_label`)."""


SlideBody = TitleBody | Facts | Section | SeeAlsoBody | QuizQuestion | CompleteBody


@dataclass(frozen=True)
class Slide:
    """One slide of the video."""

    number: int
    """1-based position in the video."""
    kind: SlideKind
    label: str
    """Chrome label, e.g. "Topic 3", "Diagram", "Quick Quiz"."""
    title: str
    icons: tuple[str, ...]
    body: SlideBody
    steps: int
    """Number of reveal states; the painter draws one image per step."""
    cues: tuple[Cue, ...]
    notes: str | None = None
    media: tuple[MediaFile, ...] = ()
    """The checked files the slide shows (a picture), when the plan gave them."""
    words: tuple[tuple[str, str], ...] = ()
    """render-video's own words the slide draws besides its label and title (phrase key,
    text): the title slide's "Now Playing", the quiz's badge, the code's pager."""

    def word(self, key: str) -> str:
        """One of `words` (the phrase key itself if the slide has none: a bug shows)."""
        return dict(self.words).get(key, key)

    @property
    def narration(self) -> str:
        """All spoken text of the slide."""
        return " ".join(cue.text for cue in self.cues if cue.text)

    @property
    def word_count(self) -> int:
        """Number of spoken words."""
        return len(self.narration.split())


@dataclass(frozen=True)
class Storyboard:
    """The slides of one article, with the article-wide chrome."""

    title: str
    slug: str
    language: str
    brand: str | None
    narrator: str | None
    slides: tuple[Slide, ...]

    @property
    def total(self) -> int:
        """Number of slides."""
        return len(self.slides)

    @property
    def byline(self) -> str:
        """ "Aliens Wiki · HIEN" (whichever of brand and narrator the article has), else the
        title."""
        return " · ".join(part for part in (self.brand, self.narrator) if part) or self.title

    def progress(self, slide: Slide) -> int:
        """Percent shown in the progress bar: 0 on the first slide, 100 on the last."""
        if self.total <= 1:
            return 100
        return round(100 * (slide.number - 1) / (self.total - 1))
