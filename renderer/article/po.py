"""An article's translations as a gettext catalogue, `<slug>.<lang>.po` beside it: written
and updated as `msgmerge` does (translations kept, changed sources marked fuzzy, strings that
are gone kept as obsolete), and read back checked, for a render in that language. PO files
are read and written by polib; the strings are `article.strings`'."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renderer.article.strings import Field, Source
from renderer.errors import ConfigError

MAX_BYTES = 5_000_000
"""A catalogue larger than this is refused (the bundled article's is about 60 kB)."""

ARTICLE_HEADER = "X-Render-Video-Article"
"""The header naming the article a catalogue translates (its file name)."""

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%[sd]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def catalogue_path(article: Path, language: str) -> Path:
    """Where an article's catalogue for `language` is: beside it, `<slug>.<lang>.po`."""
    return article.with_name(f"{article.stem}.{language}.po")


TRANSLATOR_HEADERS = {
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "",
}
"""The headers a new catalogue leaves for the translator (their editor fills them in)."""

ALL = "all"
"""`--lang all`: the article as written, then every language a catalogue beside it holds."""


def catalogue_languages(article: Path) -> list[str]:
    """The languages of the catalogues beside an article (`<slug>.<lang>.po`), sorted."""
    prefix = f"{article.stem}."
    return sorted(
        path.name[len(prefix) : -len(".po")]
        for path in article.parent.glob(f"{article.stem}.*.po")
        if "." not in path.name[len(prefix) : -len(".po")]
    )


def merged(
    sources: list[Source], article: Path, language: str, source_language: str, old: Any = None
) -> tuple[Any, dict[str, int]]:
    """The catalogue for `sources`: `old`'s translations kept where their source is the same
    (by field, or the same text elsewhere: a string that moved), marked fuzzy where the
    source changed, and old entries no source uses kept as obsolete. Returns the catalogue
    and counts (strings, translated, fuzzy, untranslated, obsolete)."""
    import polib

    catalogue = polib.POFile(wrapwidth=100)
    catalogue.metadata = {
        "Project-Id-Version": article.name,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        ARTICLE_HEADER: article.name,
        "X-Render-Video-Source-Language": source_language,
    }
    by_context: dict[str, Any] = {}
    by_text: dict[str, Any] = {}
    if old is None:  # filled in by the translator's editor when it saves (as msginit leaves them)
        catalogue.metadata = {**TRANSLATOR_HEADERS, **catalogue.metadata}
    else:  # the translator's own headers kept; the article's refreshed
        catalogue.metadata = {**TRANSLATOR_HEADERS, **old.metadata, **catalogue.metadata}
        for entry in old:
            if entry.msgctxt:
                by_context[entry.msgctxt] = entry
            if entry.msgstr and "fuzzy" not in entry.flags:
                by_text.setdefault(entry.msgid, entry)
    used: set[int] = set()
    for source in sources:
        entry = polib.POEntry(
            msgctxt=source.context,
            msgid=source.text,
            msgstr="",
            occurrences=[(article.name, str(source.line or ""))],
            comment=source.note,
        )
        before = by_context.get(source.context)
        if before is not None and before.msgid == source.text:
            entry.msgstr, entry.flags = before.msgstr, list(before.flags)
            used.add(id(before))
        elif source.text in by_text:  # the same text, moved to another field
            entry.msgstr = by_text[source.text].msgstr
            used.add(id(by_text[source.text]))
        else:  # its source changed: the old translation kept, marked fuzzy
            like = before if before is not None and before.msgstr else None
            like = like or _closest(source.text, old, used)
            if like is not None:
                entry.msgstr, entry.flags = like.msgstr, ["fuzzy"]
                entry.previous_msgid = like.msgid
                used.add(id(like))
        catalogue.append(entry)
    for entry in old or ():
        if id(entry) not in used and entry.msgstr and not entry.obsolete:
            entry.obsolete = True
            catalogue.append(entry)
    live = [e for e in catalogue if not e.obsolete]
    counts = {
        "strings": len(live),
        "translated": sum(bool(e.msgstr) and "fuzzy" not in e.flags for e in live),
        "fuzzy": sum("fuzzy" in e.flags for e in live),
        "untranslated": sum(not e.msgstr for e in live),
        "obsolete": len(catalogue) - len(live),
    }
    return catalogue, counts


def _closest(text: str, old: Any, used: set[int]) -> Any:
    """The unused translated entry of `old` whose source is most like `text` (as msgmerge's
    fuzzy matching: similarity at least 0.6), or None."""
    if old is None:
        return None
    import difflib

    free = {e.msgid: e for e in old if e.msgstr and not e.obsolete and id(e) not in used}
    close = difflib.get_close_matches(text, list(free), n=1, cutoff=0.6)
    return free[close[0]] if close else None


def read_catalogue(path: Path, article: Path | None = None) -> Any:
    """A catalogue read and checked: a clear ConfigError (file, line, what) when it cannot
    be read, is not a PO file, is too large, translates another article, or holds a
    translation with control characters or with placeholders its source does not have."""
    import polib

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ConfigError(
            f"cannot read {path}: {exc.strerror}",
            hint=f"make it with: render-video strings {path.name.split('.')[0]} "
            f"--to {_language(path)}, then translate it",
        ) from None
    if size > MAX_BYTES:
        raise ConfigError(
            f"{path} is {size / 1e6:.1f} MB: larger than a translation catalogue can be",
            hint=f"at most {MAX_BYTES / 1e6:.0f} MB",
        )
    try:
        catalogue = polib.pofile(str(path), encoding="utf-8", wrapwidth=100)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(
            f"{path} is not a readable PO file: {exc}",
            hint=f"make it again with: render-video strings ARTICLE --to {_language(path)}",
        ) from None
    named = catalogue.metadata.get(ARTICLE_HEADER)
    if article is not None and named and named != article.name:
        raise ConfigError(
            f"{path} translates {named!r}, not {article.name!r}",
            hint="a catalogue belongs to the article it was made from (render-video strings)",
        )
    for entry in catalogue:
        if entry.obsolete or not entry.msgstr:
            continue
        where = f"{path}:{entry.linenum}"
        if CONTROL.search(entry.msgstr):
            raise ConfigError(
                f"{where}: the translation of {entry.msgid[:40]!r} holds control characters",
                hint="a translation is plain text",
            )
        wanted, given = PLACEHOLDER.findall(entry.msgid), PLACEHOLDER.findall(entry.msgstr)
        if sorted(wanted) != sorted(given):
            raise ConfigError(
                f"{where}: the translation of {entry.msgid[:40]!r} has placeholders "
                f"{sorted(given) or 'none'}, its source {sorted(wanted) or 'none'}",
                hint="keep every {name} of the source, as it is, in the translation",
            )
    return catalogue


@dataclass
class Translation:
    """A checked catalogue as the article reader applies it, and what it could not give."""

    catalogue: Any
    missing: list[str] = field(default_factory=list)
    """Strings with no translation (or a fuzzy one), each named once: warnings (or, with
    --strict, an error)."""

    def __post_init__(self) -> None:
        self._by_context = {e.msgctxt: e for e in self.catalogue if not e.obsolete}
        self._by_text = {
            e.msgid: e
            for e in self.catalogue
            if not e.obsolete and e.msgstr and "fuzzy" not in e.flags
        }

    def __call__(self, place: Field, text: str) -> str:
        """The translation of `text` at `place`, or `text` (noted in `missing`)."""
        context = ".".join(str(part) for part in place)
        entry = self._by_context.get(context)
        if entry is not None and entry.msgid == text and entry.msgstr:
            if "fuzzy" not in entry.flags:
                return str(entry.msgstr)
            self.missing.append(f"{context}: fuzzy, {text[:50]!r}")
            return text
        moved = self._by_text.get(text)
        if moved is not None:
            return str(moved.msgstr)
        self.missing.append(f"{context}: untranslated, {text[:50]!r}")
        return text


def _language(path: Path) -> str:
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 else "LANG"
