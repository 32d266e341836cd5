"""The article model (format v1): what every reader (YAML today, Markdown next) produces.

Frozen pydantic models with a description per field; rules across fields that a schema
cannot say live in `rules.py`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from renderer.article.fields import Icon, Text, scalar_to_str, visible
from renderer.article.phrases import PHRASES, PLACES, placeholders
from renderer.article.slugs import slugify
from renderer.config import LANGUAGE_TAG
from renderer.errors import SettingError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Point(_Model):
    """One bullet of a points section."""

    text: Text = Field(description="What the slide shows.")
    icon: Icon | None = Field(None, description="Emoji drawn in the bullet's badge.")
    say: Text | None = Field(None, description="Spoken form, when it differs from the text.")
    reveal_at: Text | None = Field(
        None,
        description="A word or phrase of the section's "
        "narration: the point appears as it is spoken.",
    )


def _point_from_str(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


PointItem = Annotated[Point, BeforeValidator(_point_from_str)]


class Table(_Model):
    """A table section: a header row and rows of cells."""

    columns: list[Text] = Field(min_length=1, max_length=6, description="Header cells.")
    rows: list[list[Text]] = Field(min_length=1, max_length=12, description="Body rows.")


class GlossaryEntry(_Model):
    """A term and its definition."""

    term: Text
    definition: Text


class FlowNode(_Model):
    """A box of a flow diagram."""

    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
    label: Text
    icon: Icon | None = None


class FlowEdge(_Model):
    """An arrow between two nodes of a flow diagram."""

    source: str = Field(alias="from", description="Id of the node the arrow leaves.")
    target: str = Field(alias="to", description="Id of the node the arrow points at.")
    label: Text | None = None


class Flow(_Model):
    """A diagram of boxes and arrows, laid out automatically."""

    nodes: list[FlowNode] = Field(min_length=2, max_length=12)
    edges: list[FlowEdge] = Field(default_factory=list, max_length=24)


class Fit(StrEnum):
    """How a picture fills its box."""

    CONTAIN = "contain"
    """All of it shows; the box's spare room stays empty."""
    COVER = "cover"
    """It fills the box; what overflows is cropped evenly."""


class Motion(StrEnum):
    """A slow move over a picture while its slide is shown (Ken Burns)."""

    NONE = "none"
    ZOOM_IN = "zoom-in"
    ZOOM_OUT = "zoom-out"
    PAN_LEFT = "pan-left"
    PAN_RIGHT = "pan-right"


MediaPath = Annotated[str, Field(min_length=1, max_length=500)]
"""A file relative to the article's folder (it must sit inside that folder)."""


class ImageBody(_Model):
    """A picture: PNG, JPEG, WebP or GIF (its first frame)."""

    src: MediaPath = Field(description="The picture file, relative to the article.")
    fit: Fit = Field(Fit.CONTAIN, description="contain (all of it) or cover (fill the box).")
    caption: Text | None = Field(None, description="Shown under the picture.")
    alt: Text | None = Field(
        None, description="What the picture shows; spoken when the section gives no narration."
    )
    motion: Motion | None = Field(
        None, description="A slow move over the picture; default: the theme's."
    )


def _image_from_str(value: Any) -> Any:
    return {"src": value} if isinstance(value, str) else value


ImageItem = Annotated[ImageBody, BeforeValidator(_image_from_str)]


class CodeStep(_Model):
    """A step of a code slide: lines highlighted while their words are spoken."""

    lines: Annotated[str, Field(pattern=r"^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$")] = (
        Field(description="Line numbers from 1: '3', '3-5' or '1-2, 6'.")
    )
    say: Text | None = Field(None, description="Spoken while these lines are highlighted.")


class CodeBody(_Model):
    """Source code, highlighted in the theme's colours."""

    source: Annotated[str, Field(min_length=1, max_length=20_000), AfterValidator(visible)]
    language: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        None, description="A Pygments language name (python, bash, yaml, ...); none: plain."
    )
    steps: list[CodeStep] | None = Field(None, min_length=1, max_length=12)


def _code_from_str(value: Any) -> Any:
    return {"source": value} if isinstance(value, str) else value


CodeItem = Annotated[CodeBody, BeforeValidator(_code_from_str)]


class ClipSound(StrEnum):
    """What happens to a clip's own sound."""

    MUTE = "mute"
    DUCK = "duck"
    """Kept under the narration, like music (15 dB down while anyone speaks)."""
    KEEP = "keep"
    """Kept at its own level, the narration over it."""


class VideoBody(_Model):
    """A clip (MP4, MOV, WebM, MKV...), trimmed, in the slide's frame."""

    src: MediaPath = Field(description="The clip file, relative to the article.")
    start: float = Field(0.0, ge=0, description="Seconds into the file where the clip starts.")
    end: float | None = Field(
        None, gt=0, description="Seconds into the file where it ends (default: the file's end)."
    )
    audio: ClipSound = Field(
        ClipSound.MUTE, description="mute, duck (under the narration) or keep."
    )
    caption: Text | None = Field(None, description="Shown under the clip.")
    alt: Text | None = Field(
        None, description="What the clip shows; spoken when the section gives no narration."
    )


def _video_from_str(value: Any) -> Any:
    return {"src": value} if isinstance(value, str) else value


VideoItem = Annotated[VideoBody, BeforeValidator(_video_from_str)]


class Reveal(StrEnum):
    """How a table's rows or a diagram's boxes appear."""

    ALL = "all"
    """All at once (the default)."""
    MENTIONED = "mentioned"
    """Each as the narration mentions it: a row by its first cell, a box by its label."""


class Section(_Model):
    """One slide of content. Exactly one body: points, table, glossary, flow, image, code
    or video (an image may stand beside points)."""

    title: Text
    icon: Icon | None = Field(None, description="Section icon shown in the slide header.")
    icons: list[Icon] | None = Field(None, max_length=6, description="Several header icons.")
    points: list[PointItem] | None = Field(None, min_length=1, max_length=6)
    table: Table | None = None
    glossary: list[GlossaryEntry] | None = Field(None, min_length=1, max_length=8)
    flow: Flow | None = None
    image: ImageItem | None = None
    code: CodeItem | None = None
    video: VideoItem | None = None
    intro: Text | None = Field(
        None,
        description="Spoken after the title, before the body "
        "(a Markdown section's lead-in paragraphs).",
    )
    narration: Text | None = Field(
        None, description="Replaces the narration made from the title and body."
    )
    notes: Text | None = Field(None, description="Speaker notes (not shown, not spoken).")
    reveal: Reveal | None = Field(
        None,
        description="Tables and diagrams: 'mentioned' shows "
        "each row or box as the narration mentions it.",
    )

    @property
    def body_kind(self) -> str:
        """Which body this section has: points (with or without an image beside them),
        table, glossary, flow, image or code."""
        for name in BODY_FIELDS:
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated sections always have a body")

    @property
    def header_icons(self) -> tuple[str, ...]:
        """All icons of the header, `icon` first."""
        icons = [self.icon] if self.icon else []
        return tuple(icons + list(self.icons or []))


BODY_FIELDS = ("points", "table", "glossary", "flow", "image", "code", "video")


class Fact(_Model):
    """One card of the quick-facts slide."""

    label: Text
    value: Text
    icon: Icon | None = None


class Facts(_Model):
    """The quick-facts slide."""

    title: Text | None = None
    items: list[Fact] = Field(min_length=1, max_length=6)


class QuizQuestion(_Model):
    """A multiple-choice question; one slide with a think pause and a reveal."""

    question: Text
    options: list[Text] = Field(min_length=2, max_length=6)
    answer: int = Field(description="The correct option, counted from 1.")
    explanation: Text | None = None


def _phrase_for(key: str) -> Any:
    def check(value: str) -> str:
        try:
            given = placeholders(value)
        except ValueError:
            raise SettingError(
                "has a { or } that is not a placeholder", hint="write {{ or }} for a brace"
            ) from None
        if given != PLACES[key]:
            wanted = " and ".join("{" + name + "}" for name in PLACES[key]) or "no {name}"
            raise SettingError(
                f"has {', '.join('{' + n + '}' for n in given) or 'no placeholder'}; "
                f"this phrase takes {wanted}",
                hint=f"render-video's own: {PHRASES['en'][key]!r}",
            )
        return value

    return Annotated[Text | None, AfterValidator(lambda v: v if v is None else check(v))]


def _six_letters(value: str) -> str:
    """A quiz's letters: six marks, apart, one for each option a question may have."""
    marks = value.split()
    if len(marks) != 6 or len(set(marks)) != 6:
        raise SettingError(
            f"has {len(marks)} letters{' (some twice)' if len(set(marks)) != len(marks) else ''}",
            hint="write six different letters with spaces between them: A B C D E F",
        )
    return value


class Phrases(_Model):
    """Words the storyboard adds itself, in the article's own words (each keeps its
    placeholders): the slides' labels, what it says and shows on the facts, quiz,
    related-topics and closing slides, a quiz's answer."""

    related: _phrase_for("related") = None  # type: ignore[valid-type]
    complete: _phrase_for("complete") = None  # type: ignore[valid-type]
    complete_title: _phrase_for("complete_title") = None  # type: ignore[valid-type]
    up_next: _phrase_for("up_next") = None  # type: ignore[valid-type]
    answer: _phrase_for("answer") = None  # type: ignore[valid-type]
    see_also_label: _phrase_for("see_also_label") = None  # type: ignore[valid-type]
    see_also_title: _phrase_for("see_also_title") = None  # type: ignore[valid-type]
    complete_label: _phrase_for("complete_label") = None  # type: ignore[valid-type]
    complete_badge: _phrase_for("complete_badge") = None  # type: ignore[valid-type]
    up_next_label: _phrase_for("up_next_label") = None  # type: ignore[valid-type]
    title_label: _phrase_for("title_label") = None  # type: ignore[valid-type]
    facts_label: _phrase_for("facts_label") = None  # type: ignore[valid-type]
    facts_title: _phrase_for("facts_title") = None  # type: ignore[valid-type]
    topic_label: _phrase_for("topic_label") = None  # type: ignore[valid-type]
    diagram_label: _phrase_for("diagram_label") = None  # type: ignore[valid-type]
    quiz_label: _phrase_for("quiz_label") = None  # type: ignore[valid-type]
    quiz_title: _phrase_for("quiz_title") = None  # type: ignore[valid-type]
    chapters_heading: _phrase_for("chapters_heading") = None  # type: ignore[valid-type]
    related_heading: _phrase_for("related_heading") = None  # type: ignore[valid-type]
    now_playing: _phrase_for("now_playing") = None  # type: ignore[valid-type]
    quiz_badge: _phrase_for("quiz_badge") = None  # type: ignore[valid-type]
    code_lines: _phrase_for("code_lines") = None  # type: ignore[valid-type]
    length_badge: _phrase_for("length_badge") = None  # type: ignore[valid-type]
    letters: Annotated[
        _phrase_for("letters"),  # type: ignore[valid-type]
        AfterValidator(lambda v: v if v is None else _six_letters(v)),
    ] = None

    def given(self) -> dict[str, str]:
        """The phrases set (the others are the language's own)."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Article(_Model):
    """A whole article: the input of one video."""

    title: Annotated[
        str,
        BeforeValidator(scalar_to_str),
        Field(min_length=1, max_length=200),
        AfterValidator(visible),
    ]
    summary: Text
    language: Annotated[str, Field(pattern=LANGUAGE_TAG)] = "en"
    voice: str | None = Field(None, description="Voice profile name from voices/.")
    phrases: Phrases | None = Field(
        None, description="The words render-video adds itself, in your own: {related: ...}."
    )
    voices: dict[Annotated[str, Field(pattern=LANGUAGE_TAG)], str] | None = Field(
        None,
        description="The voice for each language it is translated into (--lang): {en: joe}.",
    )
    brand: Text | None = None
    tagline: Text | None = None
    narrator: Text | None = None
    facts: Facts | None = None
    sections: list[Section] = Field(min_length=1, max_length=60)
    see_also: list[Text] | None = Field(None, max_length=8)
    quiz: list[QuizQuestion] | None = Field(None, max_length=10)
    up_next: Text | None = None
    tags: list[Text] | None = Field(
        None, max_length=30, description="Search tags for the upload metadata."
    )
    music: str | None = Field(
        None, max_length=500, description="Background music file, relative to the article."
    )

    @property
    def slug(self) -> str:
        """File-name friendly form of the title."""
        return slugify(self.title)
