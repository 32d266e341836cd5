"""Colours, fonts and sizes of the slides, loaded from theme files a user can copy and edit.

Bundled themes live in `renderer/assets/themes/*.yaml`; `--theme NAME` picks one by name and
`--theme path/to/my-theme.yaml` loads a user's file. Colours are hex strings: `#rrggbb` or
`#rrggbbaa` (alpha for overlays). Layout sizes are fractions of the frame, in the painters.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from renderer.config import ASSETS_DIR
from renderer.errors import ConfigError

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]

FONTS_DIR = ASSETS_DIR / "fonts"
THEMES_DIR = ASSETS_DIR / "themes"
DEFAULT_THEME = "cinematic-dark"


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
    label_fill: RGBA = (20, 22, 48, 235)
    """Background of edge labels in diagrams."""
    transition: str = "crossfade"
    """Between slides: crossfade, dip or none (--transition overrides it)."""
    reveal_fade: float = 0.2
    """Seconds a newly revealed bullet takes to fade in (0 for a cut)."""
    font_regular: str = "Inter-Regular.otf"
    font_medium: str = "Inter-Medium.otf"
    font_semibold: str = "Inter-SemiBold.otf"
    font_bold: str = "Inter-Bold.otf"
    font_black: str = "Inter-ExtraBold.otf"
    font_devanagari: str = "NotoSansDevanagari-Regular.ttf"
    font_devanagari_bold: str = "NotoSansDevanagari-Bold.ttf"
    font_emoji: str = "NotoColorEmoji.ttf"
    font_symbols: tuple[str, ...] = ("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Regular.ttf")


def _hex(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip().lstrip("#")
    if len(text) not in (6, 8) or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"{value!r} is not a colour; use #rrggbb or #rrggbbaa")
    return tuple(int(text[i:i + 2], 16) for i in range(0, len(text), 2))


class _ThemeFile(BaseModel):
    """The YAML form of a theme: colours as hex strings, font file names."""

    model_config = ConfigDict(extra="forbid")

    name: str
    background_top: tuple[int, int, int]
    background_bottom: tuple[int, int, int]
    glow: tuple[int, int, int, int]
    accent: tuple[int, int, int]
    accent_soft: tuple[int, int, int, int]
    text: tuple[int, int, int]
    muted: tuple[int, int, int]
    card: tuple[int, int, int, int]
    card_border: tuple[int, int, int, int]
    shadow: tuple[int, int, int, int]
    good: tuple[int, int, int]
    dim: tuple[int, int, int, int]
    on_accent: tuple[int, int, int] = (12, 14, 30)
    label_fill: tuple[int, int, int, int] = (20, 22, 48, 235)
    transition: Literal["crossfade", "dip", "none"] = "crossfade"
    reveal_fade: float = Field(0.2, ge=0, le=1)
    fonts: dict[str, Any] = {}

    @field_validator("background_top", "background_bottom", "glow", "accent", "accent_soft",
                     "text", "muted", "card", "card_border", "shadow", "good", "dim",
                     "on_accent", "label_fill", mode="before")
    @classmethod
    def _colours(cls, value: Any) -> Any:
        return _hex(value)


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
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = _ThemeFile.model_validate(data)
    except (yaml.YAMLError, ValidationError, OSError, ValueError) as exc:
        raise ConfigError(f"theme file {path} is invalid: {exc}",
                          hint="copy a bundled theme from renderer/assets/themes/ and edit it"
                          ) from None
    fields = parsed.model_dump(exclude={"fonts"})
    fonts = {f"font_{k}": v for k, v in parsed.fonts.items()}
    if "font_symbols" in fonts:
        fonts["font_symbols"] = tuple(fonts["font_symbols"])
    for key, file_name in fonts.items():
        for item in file_name if isinstance(file_name, tuple) else (file_name,):
            if not (FONTS_DIR / item).is_file():
                raise ConfigError(f"theme {parsed.name}: font file {item!r} is not bundled",
                                  hint=f"fonts live in {FONTS_DIR}")
        if key not in Theme.__dataclass_fields__:
            raise ConfigError(f"theme {parsed.name}: unknown font role {key[5:]!r}")
    return Theme(**fields, **fonts)
