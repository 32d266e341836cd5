"""Stage (optional): the render as web pages, `<out>/<slug>-web/`.

`index.html` (the player) and `live.html` (the Live Class presenter view), with `assets/`:
every slide state as a WebP picture, the narration as one AAC track (`narration.m4a`, the
MP4's own sound), the captions and chapters as WebVTT, the committed fonts, the scripts and
the style sheet. The timeline is embedded in each page as JSON (`data.page_data`), so the
pages work from `file://` and when served, and load nothing from anywhere else (their
Content-Security-Policy says so). The folder is made beside its place and swapped in whole.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from PIL import Image

from renderer.atomic import atomic_folder, remove_partials
from renderer.encode.aac import EncodedAudio
from renderer.encode.mux import mux_audio
from renderer.outputs.captions import Caption, write_vtt
from renderer.outputs.karaoke import write_word_vtt
from renderer.raster import SlideImages
from renderer.store import BlobStore, content_key
from renderer.theme import FONTS_DIR, Theme
from renderer.web.data import PageInputs, embedded_json, page_data
from renderer.workers import process_pool

WEBP_QUALITY = 82
"""Slide pictures as WebP at this quality: about a sixth of the PNG's bytes (flat colour
and text, no visible loss at full size)."""

STATIC = ("player.js", "narration.js", "live.js", "link.js", "record.js", "player.css")
DEVANAGARI_RANGE = "U+0900-097F, U+1CD0-1CFF, U+200C-200D, U+20B9, U+25CC, U+A830-A839, U+A8E0-A8FF"

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
    remove_partials(folder.parent, folder.name)
    with atomic_folder(folder) as partial:
        assets = partial / "assets"
        for sub in ("slides", "fonts"):
            (assets / sub).mkdir(parents=True)
        images = _pictures(made.pictures, assets / "slides", store, workers, progress)
        mux_audio(made.sound, assets / "narration.m4a", made.inputs.storyboard.language)
        inputs = PageInputs(
            **{
                **made.inputs.__dict__,
                "images": tuple(tuple(f"assets/slides/{p}" for p in row) for row in images),
                "audio": "assets/narration.m4a",
            }
        )
        write_vtt(made.inputs.captions, assets / "captions.vtt")
        write_word_vtt(made.inputs.captions, assets / "captions.words.vtt")
        write_vtt(
            [Caption(c.start, c.end, (c.title,)) for c in made.inputs.chapters],
            assets / "chapters.vtt",
        )
        data = page_data(inputs)
        _copy_assets(assets, made.theme, inputs.size, _needs_devanagari(data))
        pages = _templates()
        for name, connect in CONNECT.items():
            html = pages.get_template(name).render(
                data=data, json=embedded_json(data), csp=CSP.format(connect=connect)
            )
            (partial / name).write_text(html, encoding="utf-8")
    return folder


def _needs_devanagari(data: dict[str, object]) -> bool:
    return re.search("[\u0900-\u097f]", repr(data)) is not None


def _copy_assets(assets: Path, theme: Theme, size: tuple[int, int], devanagari: bool) -> None:
    """The scripts and style sheet, the theme's fonts (with every font licence) and
    `theme.css`: the theme's colours and fonts for the pages."""
    static = resources.files("renderer.web") / "static"
    for name in STATIC:
        (assets / name).write_bytes((static / name).read_bytes())
    faces = [(theme.font_regular, 400, ""), (theme.font_bold, 700, "")]
    if devanagari:
        faces += [
            (theme.font_devanagari, 400, DEVANAGARI_RANGE),
            (theme.font_devanagari_bold, 700, DEVANAGARI_RANGE),
        ]
    css = []
    for name, weight, scripts in faces:
        shutil.copyfile(FONTS_DIR / name, assets / "fonts" / name)
        css.append(
            f'@font-face {{ font-family: "RV Sans"; src: url("fonts/{name}"); '
            f"font-weight: {weight}; font-display: swap;"
            + (f" unicode-range: {scripts};" if scripts else "")
            + " }"
        )
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


def _templates() -> jinja2.Environment:
    """The page templates, every value escaped for HTML unless marked safe."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("renderer.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _pictures(
    pictures: SlideImages,
    folder: Path,
    store: BlobStore | None,
    workers: int,
    progress: Callable[[int], None] | None,
) -> list[list[str]]:
    """Every slide state as WebP in `folder` (from the store when made before); their names,
    [slide][step]."""
    names: list[list[str]] = []
    todo: list[tuple[Path, Path, str]] = []
    for slide, row in enumerate(pictures.paths):
        names.append([])
        for step, source in enumerate(row):
            name = f"s{slide + 1:02d}-{step:02d}.webp"
            names[-1].append(name)
            key = content_key(
                kind="web-picture",
                picture=_key(pictures, slide, step, source),
                quality=WEBP_QUALITY,
            )
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
