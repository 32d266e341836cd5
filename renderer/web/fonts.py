"""The fonts a web export sends to the browser, and the `@font-face` rules that name them.

The theme's Latin faces always; then a face for each script the pages show (in a language's
text, or in a language's own name in the language list): Devanagari, Arabic (Nastaliq for
Urdu), Hebrew, Chinese, Japanese and Korean, each with the `unicode-range` it draws, so a
browser fetches it only for those characters. The CJK faces (12 MB each) are subset with
fontTools to the characters the pages use: a few hundred characters are under 100 kB.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from renderer.raster.scripts import Script, complex_script
from renderer.raster.text import script_fonts
from renderer.store import BlobStore, content_key
from renderer.theme import FONTS_DIR, Theme

RANGES = {
    "devanagari": "U+0900-097F, U+1CD0-1CFF, U+200C-200D, U+20B9, U+25CC, U+A830-A839, U+A8E0-A8FF",
    "arabic": "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F",
    "hebrew": "U+0590-05FF, U+FB1D-FB4F, U+200E-200F",
    "cjk": "U+1100-11FF, U+3000-30FF, U+3130-318F, U+31F0-31FF, U+3400-4DBF, U+4E00-9FFF, "
    "U+AC00-D7AF, U+FF00-FFEF",
}
"""What each script's face draws (the browser takes the rest from the faces before it)."""

OWN_NAMES = {
    "hi": "हिन्दी",
    "mr": "मराठी",
    "ne": "नेपाली",
    "ar": "العربية",
    "fa": "فارسی",
    "ur": "اردو",
    "he": "עברית",
    "zh": "中文简体繁體",
    "ja": "日本語",
    "ko": "한국어",
}
"""What the language list shows for a language in its own script (the browser's
`Intl.DisplayNames`), so that its characters are in the fonts sent."""


@dataclass(frozen=True)
class Face:
    """One font file the pages use."""

    file: str
    weight: int
    scripts: str
    """Its unicode-range ("" for the Latin faces: everything else)."""
    subset: bool = False


def shown_text(texts: Iterable[str], languages: list[str]) -> str:
    """Everything the pages show: the languages' texts, and the languages' own names when
    the language list is there (two languages or more)."""
    codes = [lang.lower().split("-")[0] for lang in languages]
    names = "".join(OWN_NAMES.get(code, "") for code in codes) if len(codes) > 1 else ""
    return "".join(texts) + names


def faces(theme: Theme, text: str, languages: Iterable[str]) -> list[Face]:
    """The faces for pages that show `text` (`shown_text`) in `languages`, the Latin ones
    first."""
    codes = [lang.lower().split("-")[0] for lang in languages]
    out = [Face(theme.font_regular, 400, ""), Face(theme.font_bold, 700, "")]
    present = {complex_script(ch) for ch in set(text)}  # the slides' own split by script
    for script, (regular, bold) in script_fonts(theme, "ur" in codes).items():
        if script in present:
            subset = script is Script.CJK
            scripts = RANGES[script.value]
            out += [Face(regular, 400, scripts, subset), Face(bold, 700, scripts, subset)]
    return out


def write_fonts(folder: Path, chosen: list[Face], shown: str, store: BlobStore | None) -> list[str]:
    """Each face into `folder` (subset where it says so, from the store when made before);
    their `@font-face` rules."""
    rules = []
    for face in chosen:
        target = folder / face.file
        if face.subset:
            target.write_bytes(_subset(face.file, _characters(shown), store))
        else:
            shutil.copyfile(FONTS_DIR / face.file, target)
        rules.append(
            f'@font-face {{ font-family: "RV Sans"; src: url("fonts/{face.file}"); '
            f"font-weight: {face.weight}; font-display: swap;"
            + (f" unicode-range: {face.scripts};" if face.scripts else "")
            + " }"
        )
    return rules


def _characters(shown: str) -> str:
    """The CJK characters the pages show, with what every page shows around them."""
    used = {ch for ch in set(shown) if complex_script(ch) is Script.CJK}
    return "".join(sorted(used | set("。、，！？「」（）・ー：　")))


def _subset(name: str, characters: str, store: BlobStore | None) -> bytes:
    """The font with only `characters`' glyphs (every layout feature kept: each language's
    forms)."""
    key = content_key(kind="web-font", font=name, characters=characters)
    cached = store.get(key) if store is not None else None
    if cached is not None:
        return cached
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(FONTS_DIR / name))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    if store is not None:
        store.put(key, data)
    return data
