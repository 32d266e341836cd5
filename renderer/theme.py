"""Colours, fonts and sizes of the slides, loaded from theme files a user can copy and edit.

Bundled themes live in `renderer/assets/themes/*.yaml`; `--theme NAME` picks one by name and
`--theme path/to/my-theme.yaml` loads a user's file. Colours are hex strings: `#rrggbb` or
`#rrggbbaa` (alpha for overlays). Layout sizes are fractions of the frame, in the painters.
Every field is declared once, in `Theme`: its type says how the file's text is read.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from renderer.article.yaml_reader import load_plain
from renderer.config import ASSETS_DIR
from renderer.errors import ConfigError

FONTS_DIR = ASSETS_DIR / "fonts"
THEMES_DIR = ASSETS_DIR / "themes"
DEFAULT_THEME = "cinematic-dark"


def _hex(value: Any) -> Any:
    """`#rrggbb` or `#rrggbbaa` -> a tuple of 3 or 4 ints (other values pass to pydantic)."""
    if not isinstance(value, str):
        return value
    text = value.strip().lstrip("#")
    if len(text) not in (6, 8) or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"{value!r} is not a colour; use #rrggbb or #rrggbbaa")
    return tuple(int(text[i : i + 2], 16) for i in range(0, len(text), 2))


def _bundled(name: str) -> str:
    if not (FONTS_DIR / name).is_file():
        raise ValueError(f"font file {name!r} is not bundled (fonts live in {FONTS_DIR})")
    return name


RGB = Annotated[tuple[int, int, int], BeforeValidator(_hex)]
"""An opaque colour: `#rrggbb` in a theme file."""
RGBA = Annotated[tuple[int, int, int, int], BeforeValidator(_hex)]
"""A colour with alpha: `#rrggbbaa` in a theme file."""
Font = Annotated[str, AfterValidator(_bundled)]
"""A font file name in `renderer/assets/fonts/`."""

MOTION_FIELDS = frozenset({"transition", "reveal_fade", "motion"})
"""Fields that change how pictures follow each other, not the pictures themselves."""


class Theme(BaseModel):
    """The look of every slide."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    background_top: RGB
    background_bottom: RGB
    glow: RGBA
    """Soft radial light behind the content (colour with alpha)."""
    accent: RGB
    accent_soft: RGBA
    """Accent as a translucent fill (badges, pills, table header)."""
    text: RGB
    muted: RGB
    card: RGBA
    card_border: RGBA
    shadow: RGBA
    good: RGB
    """Correct quiz answer."""
    dim: RGBA
    """Fill of wrong quiz answers after the reveal."""
    on_accent: RGB = (12, 14, 30)
    """Text drawn on a solid accent fill (quiz letters)."""
    label_fill: RGBA = (20, 22, 48, 255)
    """Background of edge labels in diagrams."""
    transition: Literal["crossfade", "dip", "none"] = "crossfade"
    """Between slides: crossfade, dip or none (--transition overrides it)."""
    reveal_fade: float = Field(0.2, ge=0, le=1)
    """Seconds a newly revealed bullet takes to fade in (0 for a cut)."""
    motion: Literal["none", "zoom-in", "zoom-out", "pan-left", "pan-right"] = "none"
    """A slow move over pictures (a section's `motion` wins over it)."""
    font_regular: Font = "Inter-Regular.otf"
    font_medium: Font = "Inter-Medium.otf"
    font_semibold: Font = "Inter-SemiBold.otf"
    font_bold: Font = "Inter-Bold.otf"
    font_black: Font = "Inter-ExtraBold.otf"
    font_devanagari: Font = "NotoSansDevanagari-Regular.ttf"
    font_devanagari_bold: Font = "NotoSansDevanagari-Bold.ttf"
    font_arabic: Font = "NotoSansArabic-Regular.ttf"
    """Arabic and Persian."""
    font_arabic_bold: Font = "NotoSansArabic-Bold.ttf"
    font_urdu: Font = "NotoNastaliqUrdu-Regular.ttf"
    """Urdu's Arabic script, in the Nastaliq style its readers expect."""
    font_urdu_bold: Font = "NotoNastaliqUrdu-Bold.ttf"
    font_hebrew: Font = "NotoSansHebrew-Regular.ttf"
    font_hebrew_bold: Font = "NotoSansHebrew-Bold.ttf"
    font_cjk: Font = "NotoSansCJKsc-Regular.otf"
    """Chinese, Japanese and Korean (one font; raqm picks each language's forms)."""
    font_cjk_bold: Font = "NotoSansCJKsc-Bold.otf"
    font_emoji: Font = "NotoColorEmoji.ttf"
    font_mono: Font = "JetBrainsMono-Regular.ttf"
    """Code slides."""
    font_mono_bold: Font = "JetBrainsMono-Bold.ttf"
    code_background: RGBA = (6, 8, 20, 225)
    """The panel behind code."""
    code_function: RGB = (125, 211, 252)
    """Names of functions and classes in code (keywords take the accent, strings `good`,
    comments `muted`)."""
    font_symbols: tuple[Font, ...] = ("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Regular.ttf")
    """Fonts tried in order for symbols the text font lacks."""

    @model_validator(mode="before")
    @classmethod
    def _fonts_block(cls, data: Any) -> Any:
        """A theme file names fonts in a `fonts:` block (`regular: Inter-Regular.otf`)."""
        if isinstance(data, dict) and "fonts" in data:
            data = dict(data)
            fonts = data.pop("fonts") or {}
            if not isinstance(fonts, dict):
                raise ValueError("fonts: expected a mapping of role: file name")
            data.update({f"font_{role}": name for role, name in fonts.items()})
        return data

    def picture_fields(self) -> dict[str, Any]:
        """Every field that changes how a slide looks (for cache keys of pictures)."""
        return self.model_dump(exclude=set(MOTION_FIELDS))


def available_themes() -> list[str]:
    """Names of the bundled themes."""
    return sorted(p.stem for p in THEMES_DIR.glob("*.yaml"))


def load_theme(name_or_path: str | None = None) -> Theme:
    """A bundled theme by name, or a theme file by path; errors raise ConfigError."""
    name = name_or_path or DEFAULT_THEME
    path = Path(name)
    if not (path.suffix in (".yaml", ".yml") and path.is_file()):
        path = THEMES_DIR / f"{name}.yaml"
    if not path.is_file():
        known = available_themes()
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "bundled themes: " + ", ".join(known)
        raise ConfigError(f"unknown theme '{name}'", hint=hint)
    try:
        data = load_plain(path.read_text(encoding="utf-8")) or {}
        return Theme.model_validate(data)
    except (yaml.YAMLError, ValidationError, OSError, ValueError) as exc:
        raise ConfigError(
            f"theme file {path} is invalid: {exc}",
            hint="copy a bundled theme from renderer/assets/themes/ and edit it",
        ) from None
