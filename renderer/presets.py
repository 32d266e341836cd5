"""Platform presets: frame size, GOP and length limits of each place users upload to.

youtube follows YouTube's recommended upload settings (1080p, closed GOP of half the frame
rate); shorts is the vertical 1080x1920 format, at most 3 minutes; facebook asks for a
closed GOP of 2 to 5 seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from renderer.errors import ConfigError


@dataclass(frozen=True)
class Preset:
    name: str
    width: int
    height: int
    description: str
    gop_seconds: tuple[float, float] | None = None
    """Allowed GOP length (min, max) in seconds; None: exactly half the frame rate."""
    max_seconds: float | None = None
    """Longest video the platform takes in this format."""

    @property
    def vertical(self) -> bool:
        return self.height > self.width

    def gop_range(self, fps: Fraction) -> tuple[int, int]:
        """Allowed length of the longest GOP, in frames."""
        if self.gop_seconds is None:
            half = max(1, round(fps / 2))
            return half, half
        low, high = self.gop_seconds
        return max(1, round(low * fps)), max(1, round(high * fps))

    def gop_length(self, fps: Fraction) -> int:
        """The GOP length to encode with: the shortest allowed."""
        return self.gop_range(fps)[0]


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset("youtube", 1920, 1080, "YouTube 1080p (default)"),
        Preset("youtube-720p", 1280, 720, "YouTube 720p, smaller and faster"),
        Preset(
            "shorts",
            1080,
            1920,
            "YouTube Shorts / Reels, vertical, at most 3 minutes",
            max_seconds=180.0,
        ),
        Preset(
            "facebook", 1920, 1080, "Facebook 1080p, closed GOP of 2-5 s", gop_seconds=(2.0, 5.0)
        ),
    )
}

PHONE_SAFE = (0.07, 0.06, 0.86, 0.76)
"""Where text goes in a vertical frame (left, top, right, bottom, as fractions of it): the
Shorts, Reels and TikTok players lay their title, channel, subscribe and caption over
about the bottom fifth to quarter (YouTube Shorts: about 480 px of 1920), a column of
buttons (like, comment, share) over the right edge of the lower half, and their tabs and
search over the top few percent. See docs/vertical.md for the sources."""

CAPTION_BAND = (0.56, 0.715)
"""Where burned-in captions go in a vertical frame (top, bottom, as fractions of its
height): below the slide's content, which then ends above it, and above the progress row
and the players' bottom overlay."""

DEFAULT_PRESET = "youtube"


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        import difflib

        close = difflib.get_close_matches(name, PRESETS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ConfigError(f"unknown preset {name!r}", hint=hint + "presets: " + ", ".join(PRESETS))
    return PRESETS[name]
