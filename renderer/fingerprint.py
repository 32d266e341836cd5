"""What a render's result depends on, as one hash: a batch skips an article whose outputs were
made from exactly these inputs.

The article's bytes, the music, the voice profile and its lexicon, the theme file, the
bundled fonts, the renderer's version and every setting that reaches the output.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from renderer import __version__
from renderer.config import RenderConfig
from renderer.theme import DEFAULT_THEME, FONTS_DIR, THEMES_DIR

FINGERPRINT_KEY = "inputs"
"""Where the fingerprint is kept: this key of the `<slug>.json` metadata sidecar."""


def _digest(path: Path | None) -> str:
    if path is None or not path.is_file():
        return "-"
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _fonts() -> str:
    return hashlib.sha256("".join(f"{p.name}:{_digest(p)}" for p in sorted(
        FONTS_DIR.iterdir())).encode()).hexdigest()


def fingerprint(article_path: Path, voice: str, music: Path | None,
                config: RenderConfig, media: Iterable[str] = ()) -> str:
    """The hash of everything the outputs of rendering `article_path` depend on (`media`:
    the digests of the pictures it shows)."""
    voice_file = config.voices_dir / f"{voice}.yaml"
    lexicons = sorted(config.voices_dir.glob("*.lexicon.yaml"))
    theme = Path(config.theme) if config.theme and Path(config.theme).is_file() else \
        THEMES_DIR / f"{config.theme or DEFAULT_THEME}.yaml"
    parts = [
        __version__, _digest(article_path), _digest(music), voice, _digest(voice_file),
        *(f"{p.name}:{_digest(p)}" for p in lexicons), _digest(theme), _fonts(),
        f"{config.video.width}x{config.video.height}@{config.video.fps}", config.preset,
        str(config.transition), str(config.burns), str(config.narration),
        *sorted(media), *(["web"] if config.web else []),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
