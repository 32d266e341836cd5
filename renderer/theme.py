"""Colours, fonts and sizes of the slides. Sizes are fractions of the frame (`Theme.unit`)."""

from __future__ import annotations

from dataclasses import dataclass

from renderer.config import ASSETS_DIR

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]

FONTS_DIR = ASSETS_DIR / "fonts"


@dataclass(frozen=True)
class Theme:
    """The look of every slide."""

    name: str
    background_top: RGB
    background_bottom: RGB
    glow: RGBA
    """Soft radial light behind the content (colour with alpha)."""
    accent: RGB
    accent_soft: RGBA
    text: RGB
    muted: RGB
    card: RGBA
    card_border: RGBA
    shadow: RGBA
    good: RGB
    """Correct quiz answer."""
    dim: RGBA
    """Wrong quiz answers after the reveal."""
    font_regular: str = "Inter-Regular.otf"
    font_medium: str = "Inter-Medium.otf"
    font_semibold: str = "Inter-SemiBold.otf"
    font_bold: str = "Inter-Bold.otf"
    font_black: str = "Inter-ExtraBold.otf"
    font_devanagari: str = "NotoSansDevanagari-Regular.ttf"
    font_devanagari_bold: str = "NotoSansDevanagari-Bold.ttf"
    font_emoji: str = "NotoColorEmoji.ttf"
    font_symbols: tuple[str, ...] = ("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Regular.ttf")


CINEMATIC_DARK = Theme(
    name="cinematic-dark",
    background_top=(9, 12, 28),
    background_bottom=(27, 16, 56),
    glow=(124, 92, 255, 70),
    accent=(255, 183, 77),
    accent_soft=(255, 183, 77, 40),
    text=(244, 245, 250),
    muted=(160, 166, 196),
    card=(255, 255, 255, 16),
    card_border=(255, 255, 255, 34),
    shadow=(0, 0, 0, 110),
    good=(74, 222, 128),
    dim=(255, 255, 255, 6),
)

THEMES = {CINEMATIC_DARK.name: CINEMATIC_DARK, "dark": CINEMATIC_DARK}
