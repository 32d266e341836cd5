"""Words the storyboard adds itself, by language: the related-topics and closing slides'
narration, labels and titles, a quiz's answer. An article may give its own
(`phrases:`), and a translation catalogue carries them (`phrases.*`) to be translated."""

from __future__ import annotations

import string

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "related": "Related topics.",
        "complete": "You have reached the end of {title}.",
        "complete_title": "{title}",
        "up_next": "Up next: {topic}",
        "answer": "The answer is {letter}: {option}",
        "see_also_label": "Related Topics",
        "see_also_title": "See Also",
        "complete_label": "Complete! 🎉",
    },
    "hi": {
        "related": "Related topics bhi dekhiye.",
        "complete": "{title} complete!",
        "complete_title": "{title} Complete!",
        "up_next": "Up next: {topic}",
        "answer": "Sahi jawab: {letter}. {option}",
        "see_also_label": "Related Topics",
        "see_also_title": "See Also",
        "complete_label": "Complete! 🎉",
    },
}
"""By article language (Hinglish for "hi", as the seed has them). In English the closing
slide's title is the title alone: its "COMPLETE" badge says the rest, where "How HTTPS keeps
you safe Complete!" would not read."""

PLACES = {key: sorted(_names) for key, _names in (
    ("related", set()),
    ("complete", {"title"}),
    ("complete_title", {"title"}),
    ("up_next", {"topic"}),
    ("answer", {"letter", "option"}),
    ("see_also_label", set()),
    ("see_also_title", set()),
    ("complete_label", set()),
)}  # fmt: skip
"""Each phrase's placeholders: what the storyboard fills in."""


def builtin(language: str) -> dict[str, str] | None:
    """The phrases render-video has for a language tag ("hi-IN" -> "hi"), if any."""
    return PHRASES.get(language.split("-")[0].lower())


def phrases(language: str, own: dict[str, str] | None = None) -> dict[str, str]:
    """The phrases for a language (English when it has none), the article's own over them."""
    return {**(builtin(language) or PHRASES["en"]), **(own or {})}


def placeholders(text: str) -> list[str]:
    """The `{name}`s of a phrase (raises ValueError on a stray brace)."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})
