"""Stage (optional): the render as web pages, `<out>/<slug>-web/`.

`index.html` (the player) and `live.html` (the Live Class presenter view), with `assets/`:
every slide state as a WebP picture (`slides/`, named by content), and per language
(`<lang>/`) the narration as one AAC track (`narration.m4a`, the MP4's own sound), the
captions and chapters as WebVTT; the committed fonts, the scripts and the style sheet. Every
language rendered into the folder is in both pages (`languages`), each one's timeline
embedded as JSON (`data.page_data`), so the pages work from `file://` and when served, and
load nothing from anywhere else (their Content-Security-Policy says so). The folder is made
beside its place and swapped in whole, under a lock.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from filelock import FileLock
from markupsafe import Markup, escape
from PIL import Image

from renderer.atomic import atomic_folder, lock_path, remove_partials
from renderer.encode.aac import EncodedAudio
from renderer.encode.mux import mux_audio
from renderer.outputs.captions import Caption, write_vtt
from renderer.outputs.karaoke import write_word_vtt
from renderer.raster import SlideImages
from renderer.store import BlobStore, content_key
from renderer.theme import FONTS_DIR, Theme
from renderer.web.data import PageInputs, embedded_json, page_data
from renderer.web.fonts import faces, shown_text, write_fonts
from renderer.web.languages import PART, Part, carry, checked_code, kept, parts_in
from renderer.workers import process_pool

WEBP_QUALITY = 82
"""Slide pictures as WebP at this quality: about a sixth of the PNG's bytes (flat colour
and text, no visible loss at full size)."""

STATIC = (
    "player.js",
    "timeline.js",
    "narration.js",
    "live.js",
    "link.js",
    "record.js",
    "player.css",
)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "media-src 'self' blob: mediastream:; font-src 'self'; connect-src {connect}; "
    "base-uri 'none'; form-action 'none'"
)
"""Nothing remote: scripts, styles, pictures, sound and fonts from the export folder only
(`blob:` for the recorded take and for the narration held in memory, `mediastream:` for the
microphone)."""

CONNECT = {"index.html": "'self'", "live.html": "'none'"}
"""What each page may fetch: the player its own narration, whole, when the server cannot
seek it (`static/narration.js`); the Live Class nothing."""


@dataclass(frozen=True)
class WebExport:
    """The render's parts a web export is made of."""

    inputs: PageInputs
    """Everything but `images` and `audio` (filled in here with the files' places)."""
    pictures: SlideImages
    sound: EncodedAudio
    theme: Theme
    source: bool = True
    """The article as written (else a translation: its language joins the folder's)."""
    edition: str = ""
    """The article's edition (`languages.edition`): languages of another are left out."""
    again: str = "render-video web ARTICLE --lang {lang}"
    """How the user renders a language again, for the warning when one is left out."""


def web_folder(out_dir: Path, slug: str) -> Path:
    """Where an article's web export goes: `<out>/<slug>-web/`."""
    return out_dir / f"{slug}-web"


def write_web(
    made: WebExport,
    folder: Path,
    store: BlobStore | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write the export to `folder` (replacing one there only once the new one is whole)."""
    lang = checked_code(made.inputs.storyboard.language)
    with FileLock(lock_path(folder)):
        remove_partials(folder.parent, folder.name)
        old = parts_in(folder)
        with atomic_folder(folder) as partial:
            assets = partial / "assets"
            for sub in ("slides", "fonts", lang):
                (assets / sub).mkdir(parents=True)
            part = _language(made, assets, lang, store, workers, progress)
            parts = kept(old, part, made.again)
            for other in parts:
                if other is not part:
                    carry(other, folder, partial)
            (assets / lang / PART).write_text(part.record(), encoding="utf-8")
            _copy_assets(assets, made.theme, made.inputs.size, parts, store)
            _pages(partial, parts)
    return folder


def _language(
    made: WebExport,
    assets: Path,
    lang: str,
    store: BlobStore | None,
    workers: int,
    progress: Callable[[int], None] | None,
) -> Part:
    """This render's language: its pictures into `slides/`, its sound, captions and
    chapters into `<lang>/`; its page data."""
    images = _pictures(made.pictures, assets / "slides", store, workers, progress)
    own = assets / lang
    mux_audio(made.sound, own / "narration.m4a", lang)
    inputs = PageInputs(
        **{
            **made.inputs.__dict__,
            "images": tuple(tuple(f"assets/slides/{p}" for p in row) for row in images),
            "audio": f"assets/{lang}/narration.m4a",
        }
    )
    write_vtt(made.inputs.captions, own / "captions.vtt")
    write_word_vtt(made.inputs.captions, own / "captions.words.vtt")
    write_vtt(
        [Caption(c.start, c.end, (c.title,)) for c in made.inputs.chapters], own / "chapters.vtt"
    )
    return Part(lang, made.source, made.edition, page_data(inputs))


def _pages(folder: Path, parts: list[Part]) -> None:
    for name, html in pages(parts).items():
        (folder / name).write_text(html, encoding="utf-8")


def pages(
    parts: list[Part], shared: str = "assets/", site: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The player and the Live Class, each holding every language (the first is shown
    unless the address asks for another with `?lang=`), by file name. `shared` is where the
    scripts and style sheets are, from the pages; `site`, the pages' place in a site
    (`renderer.site`: links, downloads, what plays next, the meta tags)."""
    found = templates()
    languages = [{"lang": p.lang, "json": embedded_json(p.data)} for p in parts]
    return {
        name: found.get_template(name).render(
            data=parts[0].data,
            languages=languages,
            csp=CSP.format(connect=connect),
            shared=shared,
            site=site,
        )
        for name, connect in CONNECT.items()
    }


def _copy_assets(
    assets: Path, theme: Theme, size: tuple[int, int], parts: list[Part], store: BlobStore | None
) -> None:
    """The scripts and style sheet, the fonts the pages show (`fonts.py`, with every font
    licence) and `theme.css`: the theme's colours and fonts for the pages."""
    static = resources.files("renderer.web") / "static"
    for name in STATIC:
        (assets / name).write_bytes((static / name).read_bytes())
    languages = [p.lang for p in parts]
    shown = shown_text([json.dumps(p.data, ensure_ascii=False) for p in parts], languages)
    css = write_fonts(assets / "fonts", faces(theme, shown, languages), shown, store)
    for licence in FONTS_DIR.glob("LICENSE-*.txt"):
        shutil.copyfile(licence, assets / "fonts" / licence.name)
    colours = {
        "background-top": theme.background_top,
        "background-bottom": theme.background_bottom,
        "accent": theme.accent,
        "on-accent": theme.on_accent,
        "text": theme.text,
        "muted": theme.muted,
        "card": theme.card,
        "card-border": theme.card_border,
        "label-fill": theme.label_fill,
    }
    css.append(
        ":root { "
        + " ".join(f"--{name}: {_css_colour(value)};" for name, value in colours.items())
        + f" --aspect: {size[0] / size[1]:.5f}; }}"
    )
    (assets / "theme.css").write_text("\n".join(css) + "\n", encoding="utf-8")


def _css_colour(value: tuple[int, ...]) -> str:
    if len(value) == 4:
        return f"rgba({value[0]}, {value[1]}, {value[2]}, {value[3] / 255:.3f})"
    return f"rgb({value[0]}, {value[1]}, {value[2]})"


def templates() -> jinja2.Environment:
    """The page templates, every value escaped for HTML unless marked safe."""
    pages = jinja2.Environment(
        loader=jinja2.PackageLoader("renderer.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    pages.filters["keys"] = _keys
    return pages


def _keys(phrase: str) -> Markup:
    """A phrase of the pages' words with its `[[key]]`s drawn as keys of the keyboard (as
    `link.js`'s `rvWords` draws them when the language changes)."""
    parts = re.split(r"\[\[(.+?)\]\]", phrase)
    return Markup("").join(
        Markup("<kbd>{}</kbd>").format(part) if i % 2 else escape(part)
        for i, part in enumerate(parts)
    )


def _pictures(
    pictures: SlideImages,
    folder: Path,
    store: BlobStore | None,
    workers: int,
    progress: Callable[[int], None] | None,
) -> list[list[str]]:
    """Every slide state as WebP in `folder` (from the store when made before), named by
    its content; their names, [slide][step]."""
    names: list[list[str]] = []
    todo: list[tuple[Path, Path, str]] = []
    made: set[str] = set()
    for slide, row in enumerate(pictures.paths):
        names.append([])
        for step, source in enumerate(row):
            key = content_key(
                kind="web-picture",
                picture=_key(pictures, slide, step, source),
                quality=WEBP_QUALITY,
            )
            name = f"{key[:24]}.webp"  # by content: the same picture in two languages is one
            names[-1].append(name)
            if name in made:
                if progress:
                    progress(1)
                continue
            made.add(name)
            cached = store.get(key) if store is not None else None
            if cached is not None:
                (folder / name).write_bytes(cached)
                if progress:
                    progress(1)
            else:
                todo.append((source, folder / name, key))
    pool: Executor = (
        process_pool(workers)
        if workers > 1 and len(todo) > 2
        else ThreadPoolExecutor(max_workers=1)
    )
    with pool:
        for (_, target, key), data in zip(todo, pool.map(_webp, [t[0] for t in todo]), strict=True):
            target.write_bytes(data)
            if store is not None:
                store.put(key, data)
            if progress:
                progress(1)
    return names


def _key(pictures: SlideImages, slide: int, step: int, source: Path) -> str:
    if pictures.keys:
        return pictures.keys[slide][step]
    return hashlib.sha256(source.read_bytes()).hexdigest()


def _webp(source: Path) -> bytes:
    """A slide picture as WebP (runs in a worker process)."""
    with Image.open(source) as image:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()
