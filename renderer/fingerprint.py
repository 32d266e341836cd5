"""What a render's result depends on, as one hash: a batch skips an article whose outputs were
made from exactly these inputs.

Derived, not listed: every `RenderConfig` field but the machine-only ones (named once, in
`config.MACHINE_ONLY`) and those it holds by content (`BY_CONTENT`), and the values the plan
resolved from them: the frame, the encoder's
settings, the theme's values, the voice (profile, engine, lexicon), the bytes of the article,
its pictures and the music, the bundled fonts and the renderer's version. A field added to
`RenderOptions` is in the fingerprint without a line written here.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from renderer.article.po import catalogue_path
from renderer.config import MACHINE_ONLY, RenderConfig, VideoSpec
from renderer.store import content_key
from renderer.theme import FONTS_DIR, Theme

if TYPE_CHECKING:
    from renderer.encode.gop import EncodeSettings
    from renderer.narration.voices import Voice


BY_CONTENT = frozenset({"theme", "music", "voice"})
"""Options that name a file or a profile: the fingerprint holds what they name (the theme's
values, the music's bytes, the voice's profile, engine and lexicon), not the name."""


def _digest(path: Path | None) -> str:
    if path is None or not path.is_file():
        return "-"
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _fonts() -> str:
    return hashlib.sha256(
        "".join(f"{p.name}:{_digest(p)}" for p in sorted(FONTS_DIR.iterdir())).encode()
    ).hexdigest()


def fingerprint(
    article_path: Path,
    config: RenderConfig,
    *,
    spec: VideoSpec,
    encode: EncodeSettings,
    theme: Theme,
    voice: Voice,
    music: Path | None,
    media: Iterable[str] = (),
) -> str:
    """The hash of everything the outputs of rendering `article_path` depend on (`media`:
    the digests of the pictures and clips it shows)."""
    encoder = dataclasses.asdict(encode)
    del encoder["workers"]  # how many processes encode, not what they make
    return content_key(
        kind="inputs",
        article=_digest(article_path),
        catalogue=_digest(catalogue_path(article_path, config.lang)) if config.lang else "",
        options=config.model_dump(mode="json", exclude=set(MACHINE_ONLY | BY_CONTENT)),
        frame=[spec.width, spec.height, str(spec.fps), spec.caption_band],
        encoder=encoder,
        theme=theme.model_dump(mode="json"),
        fonts=_fonts(),
        voice={
            "profile": voice.profile.model_dump(mode="json"),
            "engine": voice.engine.identity(),
            "lexicon": voice.pronunciation,
        },
        music=_digest(music),
        media=sorted(media),
    )
