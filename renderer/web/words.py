"""The web pages' own words by language: the player's and the Live Class's buttons, the
shortcut help, what a screen reader hears, the recording flow. A page holds every language's
(`page_data`'s "phrases") and shows the one of the language on screen; a site's index and
article pages (`renderer.site`) use them too (`[data-word]`
elements, `link.js`'s `rvWords`).

`{name}` is filled in by the page; `[[key]]` is drawn as that key of the keyboard (`<kbd>`).
"""

from __future__ import annotations

import json
from importlib import resources

ENGLISH = {
    "skip": "Skip to the controls",
    "now_playing": "Now Playing",
    "narrated_by": "Narrated by {voice}",
    "start": "Play [[Space]]",
    "help_hint": "Press [[?]] for the keyboard shortcuts",
    "shortcuts": "Keyboard Shortcuts",
    "next_slide": "Next slide",
    "previous_slide": "Previous slide",
    "play_pause": "Play / Pause",
    "narration_help": "Narration on/off (off: the slides keep their timing, silently, and the "
    "captions come on)",
    "captions_help": "Captions on/off (the word being spoken is highlighted)",
    "live_help": "Live Class (presenter view in a new window)",
    "record_help": "Record a take ([[R]] again to finish, [[Esc]] to cancel)",
    "help_help": "Show/hide this",
    "close_hint": "Press any key to close",
    "chapters": "Chapters",
    "fullscreen": "Fullscreen",
    "play": "Play",
    "pause": "Pause",
    "progress": "Progress",
    "narration": "Narration",
    "narration_on": "Narration on",
    "narration_off": "Narration off",
    "captions": "CC",
    "captions_title": "Captions",
    "live": "Live Class",
    "record": "Record",
    "language": "Language",
    "help": "Shortcuts",
    "rec_cancel": "ESC=Cancel",
    "slide_of": "Slide {number} of {total}: {title}",
    "live_counter": "Slide {number} / {total}",
    "timer": "Timer",
    "timer_start": "Start",
    "timer_pause": "Pause",
    "timer_reset": "Reset",
    "audience_off": "Audience window: not connected",
    "audience_on": "Audience window: connected",
    "current_slide": "Current slide",
    "previous": "Previous",
    "play_narration": "Play narration",
    "pause_narration": "Pause narration",
    "next": "Next",
    "record_microphone": "Record with microphone",
    "speaker_notes": "Speaker Notes",
    "up_next": "Up Next",
    "all_slides": "All Slides",
    "the_end": "The end",
    "countdown": "Recording starts in...",
    "complete": "Recording complete",
    "processing": "Preparing the video...",
    "cancelled": "Recording cancelled",
    "see_also": "See Also",
    "downloads": "Downloads",
    "download_video": "Video (MP4)",
    "download_captions": "Captions (SRT)",
    "download_webvtt": "Captions (WebVTT)",
    "up_next_in": "Up next: {title} in {seconds} s",
    "cancel": "Cancel",
    "play_now": "Play now",
    "all_articles": "All articles",
    "search": "Search articles",
    "article_count": "{count} articles",
    "articles_shown": "{shown} of {count} articles",
    "no_match": "No article matches your search.",
    "not_found": "This page does not exist.",
}

WORLD: dict[str, dict[str, str]] = json.loads(
    (resources.files("renderer.web") / "words_world.json").read_text(encoding="utf-8")
)
"""The same words in the languages of the world's scripts: Arabic, Persian, Urdu, Hebrew,
Chinese (simplified and traditional), Japanese and Korean (data, for translators)."""

WORDS: dict[str, dict[str, str]] = {
    "en": ENGLISH,
    "hi": {
        **ENGLISH,  # the seed's buttons are English; its recording flow speaks Hinglish
        "countdown": "Recording shuru hone wali hai...",
        "complete": "Recording Complete",
        "processing": "Video process ho rahi hai...",
        "cancelled": "Recording cancel ho gayi",
    },
    **{code: {**ENGLISH, **words} for code, words in WORLD.items()},
}
"""By page language (the seed's Hinglish recording phrases for "hi"; English where a
language has no word of its own)."""

TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})


def words(language: str) -> dict[str, str]:
    """The pages' words for a language tag ("ur-PK" -> "ur"; "zh-TW" -> traditional)."""
    parts = language.lower().split("-")
    if parts[0] == "zh" and TRADITIONAL & set(parts[1:]):
        return WORDS["zh-hant"]
    return WORDS.get(parts[0], ENGLISH)
