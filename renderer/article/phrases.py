"""Words render-video adds itself, by language: the slides' labels (the pill in the top
bar), the facts and quiz slides' titles, the related-topics and closing slides' narration,
labels, titles and badges, a quiz's answer and its options' letters, a diagram's arrows as
narrated, the title slide's and the quiz's pills, a long code listing's pager, the
thumbnail's length, the upload description's headings. An article may give its own
(`phrases:`), and a translation catalogue carries them (`phrases.*`) to be translated."""

from __future__ import annotations

import string
from typing import Any

from renderer.article.phrases_world import TRADITIONAL, WORLD

ENGLISH = {
    "related": "Related topics.",
    "complete": "You have reached the end of {title}.",
    "complete_title": "{title}",
    "up_next": "Up next: {topic}",
    "answer": "The answer is {letter}: {option}",
    "see_also_label": "Related Topics",
    "see_also_title": "See Also",
    "complete_label": "Complete! 🎉",
    "complete_badge": "COMPLETE",
    "up_next_label": "UP NEXT",
    "title_label": "Wiki Article · Cinematic",
    "facts_label": "Overview",
    "facts_title": "{title} — Quick Facts",
    "topic_label": "Topic {number}",
    "diagram_label": "Diagram",
    "quiz_label": "Quick Quiz",
    "quiz_title": "Quiz — Question {number}",
    "chapters_heading": "Chapters:",
    "related_heading": "Related topics:",
    "now_playing": "Now Playing",
    "quiz_badge": "QUIZ TIME",
    "code_lines": "lines {first}-{last} of {total}",
    "length_badge": "{minutes} min explainer",
    "letters": "A B C D E F",
    "flow_edge": "{source} to {target}",
}

PHRASES: dict[str, dict[str, str]] = {
    "en": ENGLISH,
    "hi": {
        **ENGLISH,  # the seed's labels are English; what it says is Hinglish
        "related": "Related topics bhi dekhiye.",
        "complete": "{title} complete!",
        "complete_title": "{title} Complete!",
        "answer": "Sahi jawab: {letter}. {option}",
    },
}
"""By article language (Hinglish for "hi", as the seed has them: its labels are English).
In English the closing slide's title is the title alone: its "COMPLETE" badge says the
rest, where "How HTTPS keeps you safe Complete!" would not read."""
PHRASES.update(WORLD)

PLACES = {key: sorted(_names) for key, _names in (
    ("related", set()),
    ("complete", {"title"}),
    ("complete_title", {"title"}),
    ("up_next", {"topic"}),
    ("answer", {"letter", "option"}),
    ("see_also_label", set()),
    ("see_also_title", set()),
    ("complete_label", set()),
    ("complete_badge", set()),
    ("up_next_label", set()),
    ("title_label", set()),
    ("facts_label", set()),
    ("facts_title", {"title"}),
    ("topic_label", {"number"}),
    ("diagram_label", set()),
    ("quiz_label", set()),
    ("quiz_title", {"number"}),
    ("chapters_heading", set()),
    ("related_heading", set()),
    ("now_playing", set()),
    ("quiz_badge", set()),
    ("code_lines", {"first", "last", "total"}),
    ("length_badge", {"minutes"}),
    ("letters", set()),
    ("flow_edge", {"source", "target"}),
)}  # fmt: skip
"""Each phrase's placeholders: what the storyboard fills in."""


def builtin(language: str) -> dict[str, str] | None:
    """The phrases render-video has for a language tag ("hi-IN" -> "hi"; "zh-Hant" and
    "zh-TW" -> traditional Chinese), if any."""
    parts = language.lower().split("-")
    if parts[0] == "zh" and TRADITIONAL & set(parts[1:]):
        return PHRASES["zh-hant"]
    return PHRASES.get(parts[0])


def phrases(language: str, own: dict[str, str] | None = None) -> dict[str, str]:
    """The phrases for a language (English when it has none), the article's own over them."""
    return {**(builtin(language) or PHRASES["en"]), **(own or {})}


def placeholders(text: str) -> list[str]:
    """The `{name}`s of a phrase (raises ValueError on a stray brace)."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})


def used(data: dict[str, Any]) -> set[str]:
    """The phrases an article's slides use (a catalogue lists only these): the title and
    closing slides' always, the others where the article has what they go with."""
    keys = {"title_label", "complete", "complete_title", "complete_label", "complete_badge"}
    keys |= {"now_playing", "length_badge"}  # the title slide's pill, the thumbnail's
    keys.add("chapters_heading")  # the upload's description
    sections = [s for s in data.get("sections") or [] if isinstance(s, dict)]
    if any(s.get("flow") is None for s in sections):
        keys.add("topic_label")
    if any(s.get("flow") is not None for s in sections):
        keys |= {"diagram_label", "flow_edge"}
    if any(s.get("code") is not None for s in sections):
        keys.add("code_lines")
    facts = data.get("facts")
    if facts:
        keys |= {"facts_label"} | ({"facts_title"} if not _titled(facts) else set())
    if data.get("see_also"):
        keys |= {"related", "see_also_label", "see_also_title", "related_heading"}
    if data.get("up_next"):
        keys |= {"up_next", "up_next_label"}
    if data.get("quiz"):
        keys |= {"answer", "quiz_label", "quiz_title", "quiz_badge", "letters"}
    return keys


def _titled(facts: Any) -> bool:
    return isinstance(facts, dict) and bool(facts.get("title"))
