"""Outputs: everything written beside the MP4, one module each, all written atomically.

captions.py (SRT, WebVTT), karaoke.py (word-level WebVTT, ASS karaoke), chapters.py
(YouTube chapters), metadata.py (`<slug>.json` and the description), thumbnail.py (the
1280x720 JPEG), contact.py (the preview's contact sheet).
`write_sidecars` writes all of a render's sidecars; a new output (the web player) is one
more module and one more line there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from renderer.article.model import Article
from renderer.outputs.captions import Caption, write_srt, write_vtt
from renderer.outputs.chapters import Chapter
from renderer.outputs.karaoke import write_ass, write_word_vtt
from renderer.outputs.metadata import build_metadata, write_metadata
from renderer.outputs.thumbnail import write_thumbnail
from renderer.storyboard import Storyboard
from renderer.theme import Theme
from renderer.timeline import Timeline


@dataclass(frozen=True)
class OutputPaths:
    """Where each output of one article goes."""

    video: Path
    captions_srt: Path
    captions_vtt: Path
    captions_words: Path
    """Word-level WebVTT (karaoke)."""
    captions_ass: Path
    thumbnail: Path
    description: Path
    metadata: Path

    def as_dict(self) -> dict[str, Path]:
        """By kind, as `<slug>.json` lists them."""
        return dict(self.__dict__)


def output_paths(out_dir: Path, slug: str) -> OutputPaths:
    """`<out>/<slug>.mp4` and its sidecars."""
    return OutputPaths(
        video=out_dir / f"{slug}.mp4",
        captions_srt=out_dir / f"{slug}.srt",
        captions_vtt=out_dir / f"{slug}.vtt",
        captions_words=out_dir / f"{slug}.words.vtt",
        captions_ass=out_dir / f"{slug}.ass",
        thumbnail=out_dir / f"{slug}.jpg",
        description=out_dir / f"{slug}.description.txt",
        metadata=out_dir / f"{slug}.json",
    )


@dataclass(frozen=True)
class Sidecars:
    """What the sidecars are made from."""

    article: Article
    storyboard: Storyboard
    theme: Theme
    timeline: Timeline
    captions: list[Caption]
    chapters: list[Chapter]
    inputs: str
    """The fingerprint recorded in `<slug>.json`."""
    voice: str
    """The voice that spoke."""
    size: tuple[int, int]
    """The video's width and height (the ASS captions' canvas)."""
    preset: str
    """The preset it was made for (what `check` checks it against)."""
    also: dict[str, Path] = field(default_factory=dict)
    """Outputs made besides these (the web pages), listed in the metadata."""


def write_sidecars(made: Sidecars, files: OutputPaths) -> dict[str, Path]:
    """Captions, thumbnail, metadata and description, each written atomically; returns
    every output (the video included) by kind."""
    write_srt(made.captions, files.captions_srt)
    write_vtt(made.captions, files.captions_vtt)
    write_word_vtt(made.captions, files.captions_words)
    write_ass(made.captions, files.captions_ass, made.size, made.theme)
    seconds = float(made.timeline.duration)
    write_thumbnail(made.storyboard, made.theme, seconds, files.thumbnail)
    every = {**files.as_dict(), **made.also}
    meta = build_metadata(
        made.article,
        made.chapters,
        seconds,
        every,
        made.inputs,
        made.voice,
        made.size,
        made.preset,
    )
    write_metadata(meta, files.metadata, files.description)  # last: it marks the set done
    return every
