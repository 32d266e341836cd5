"""Inline Markdown as a slide shows it and as the voice says it.

Links read as their text (a bare URL as its host name), emphasis as plain words, inline code
as written on the slide and with `_` read as spaces, `<kbd>`, `<sup>`, `<br>` and other
inline HTML that carries text as that text; images, scripts and every other tag are dropped
and reported, never passed through.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

KEEP_TEXT_TAGS = frozenset(
    "kbd sup sub b strong i em code mark abbr span small big u s del ins q cite var samp "
    "a font tt dfn time bdi bdo wbr p div".split()
)
"""Inline HTML whose text is content: the tags go, their text stays."""

DROP_WITH_TEXT = frozenset(
    "script style template iframe object embed svg math noscript "
    "select textarea button video audio canvas".split()
)
"""Inline HTML dropped together with everything up to its closing tag."""

_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
"""A site generator's shortcode (Hugo `{{< tab >}}`, `{{% note %}}`): the site fills it in."""
_MACRO = re.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*(?:\((.*?)\))?\s*\}\}")
"""A docs macro (MDN `{{JSRef}}`, `{{jsxref("Array")}}`): its first quoted argument is the
text it shows; without one, it shows only what the site makes of it."""
_TEXT_PARAMETER = re.compile(r"\btext=[\"']([^\"']+)[\"']")
"""A shortcode's own text (Hugo's `{{< glossary_tooltip text="Pod" >}}`): the page's words."""
_QUOTED = re.compile(r"\s*[\"']([^\"']+)[\"']")
_HEADING_ID = re.compile(r"\s*\{\s*#[^}\s]*[^}]*\}\s*$")
"""A heading's id (`# Title {#title}`, `{ #title }`: VitePress, Docusaurus, Pandoc, MkDocs)."""

_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)[^>]*?(/?)\s*>", re.S)
_URL = re.compile(r"\b(?:https?|ftp)://(?:www\.)?([^/\s:?#]+)[^\s)]*")
_HTML_PIECE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?।])\s+(?=\S)")


@dataclass
class Inline:
    """One run of inline Markdown, rendered."""

    shown: str = ""
    spoken: str = ""
    label: str | None = None
    """"**Label:** text" or "**Term**: text": the bold label (without its colon)."""
    rest_shown: str = ""
    """What follows a label (its colon or dash gone)."""
    rest_spoken: str = ""
    images: list[tuple[str, str, str]] = field(default_factory=list)
    """The pictures: (alt text, source, title) each."""
    dropped: list[str] = field(default_factory=list)
    """HTML tags that were dropped."""
    comments: list[str] = field(default_factory=list)
    """HTML comments (speaker notes)."""
    hrefs: list[tuple[str, str]] = field(default_factory=list)
    """(text, target) of every link."""
    macros: list[str] = field(default_factory=list)
    """Template shortcodes and macros that were dropped (their text is not in the page)."""
    links: int = 0
    link_text: str = ""
    """The text of all links, to tell navigation lines (only links) from prose."""


def is_emoji(token: str) -> bool:
    """A whitespace-free token made of emoji (with variation selectors, joiners, skin
    tones, keycaps and flag tags)."""
    has_symbol = False
    for ch in token:
        code = ord(ch)
        if (
            code in (0xFE0F, 0xFE0E, 0x200D, 0x20E3)
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F
        ):
            continue
        if unicodedata.category(ch) == "So" or 0x1F000 <= code <= 0x1FAFF:
            has_symbol = True
            continue
        return False
    return has_symbol


def split_icons(text: str) -> tuple[list[str], str]:
    """Leading emoji of `text` (separated by spaces) and the text after them."""
    icons: list[str] = []
    words = text.split(" ")
    while words and (is_emoji(words[0]) or not words[0]):
        if words[0]:
            icons.append(words[0])
        words.pop(0)
    rest = " ".join(words).strip()
    return (icons, rest) if rest else ([], text.strip())


def checkbox(text: str) -> tuple[bool | None, str]:
    """A task-list item's mark ("[x] text" -> True) and the text after it."""
    match = _CHECKBOX.match(text)
    if not match:
        return None, text
    return match[1] != " ", text[match.end() :]


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (at ., !, ? or । followed by a space)."""
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def spoken_code(code: str) -> str:
    """Inline code as the voice should say it: `snake_case()` -> "snake case"."""
    code = re.sub(r"\(\s*\)$", "", code.strip())
    return " ".join(code.replace("_", " ").split()) or code


def without_heading_id(text: str) -> str:
    """A heading's text without the id some generators let a page give it."""
    return _HEADING_ID.sub("", text)


def _macros(text: str, dropped: list[str]) -> str:
    """Text with a site's shortcodes dropped and its macros replaced by the text they show
    (dropped, and listed in `dropped`, when they show none of the page's own)."""

    def macro(match: re.Match[str]) -> str:
        quoted = _QUOTED.match(match[2] or "")
        if quoted and "/" not in quoted[1]:  # a name it shows, not a file it embeds
            return quoted[1]
        dropped.append(match[0])
        return ""

    def shortcode(match: re.Match[str]) -> str:
        given = _TEXT_PARAMETER.search(match[0])  # {{< glossary_tooltip text="Pod" ... >}}
        if given:
            return given[1]
        dropped.append(match[0])
        return ""

    return _MACRO.sub(macro, _SHORTCODE.sub(shortcode, text)) if "{{" in text else text


def _clean(text: str) -> str:
    return " ".join(text.split())


def _hosts(text: str) -> str:
    """Bare URLs in prose as their host names (never inside code)."""
    return _URL.sub(lambda m: m[1], text)


class _Renderer:
    def __init__(self) -> None:
        self.shown: list[str] = []
        self.spoken: list[str] = []
        self.result = Inline()
        self.hidden_until: str | None = None  # inside <script>...</script>
        self.in_link = 0

    def finish(self) -> Inline:
        self.result.shown = _clean("".join(self.shown))
        self.result.spoken = _clean("".join(self.spoken))
        return self.result

    def add(self, shown: str, spoken: str | None = None) -> None:
        if self.hidden_until:
            return
        self.shown.append(shown)
        self.spoken.append(shown if spoken is None else spoken)
        if self.in_link:
            self.result.link_text += shown

    def html(self, raw: str) -> None:
        if raw.startswith("<!--"):
            note = raw[4:].removesuffix("-->").strip()
            if note:
                self.result.comments.append(note)
            return
        for match in _TAG.finditer(raw):
            closing, name = match[1] == "/", match[2].lower()
            if self.hidden_until:
                if closing and name == self.hidden_until:
                    self.hidden_until = None
                continue
            if name == "br":
                self.add(" ")
            elif name not in KEEP_TEXT_TAGS:
                if not closing:
                    self.result.dropped.append(name)
                if name in DROP_WITH_TEXT and not closing and not match[3]:
                    self.hidden_until = name
        if not _TAG.search(raw):  # not a tag (e.g. a stray "<"): keep it as text
            self.add(raw)

    def walk(self, node: Any) -> None:
        for child in node.children:
            kind = child.type
            if kind == "text":
                self.add(_hosts(_macros(child.content, self.result.macros)))
            elif kind == "code_inline":
                self.add(child.content, spoken_code(child.content))
            elif kind in ("softbreak", "hardbreak"):
                self.add(" ")
            elif kind == "html_inline":
                self.html(child.content)
            elif kind == "image":
                alt = " ".join(render_inline(child).shown.split()) if child.children else ""
                self.result.images.append(
                    (alt, str(child.attrs.get("src", "")), str(child.attrs.get("title") or ""))
                )
            elif kind == "footnote_ref":
                continue
            elif kind == "link":
                self.result.links += 1
                self.in_link += 1
                before = len(self.shown)
                self.walk(child)
                self.in_link -= 1
                self.result.link_text += " "  # link texts side by side stay words apart
                href = str(child.attrs.get("href", ""))
                text = "".join(self.shown[before:]).strip()
                self.result.hrefs.append((text, href))
                if text == href or text.startswith(("http://", "https://", "mailto:")):
                    host = _hosts(text).removeprefix("mailto:")
                    del self.shown[before:], self.spoken[before:]
                    self.add(host)
            else:  # strong, em, s and anything a plugin adds: their text
                self.walk(child)


def render_inline(node: Any) -> Inline:
    """Render an `inline` syntax-tree node (or any node whose children are inline)."""
    renderer = _Renderer()
    renderer.walk(node)
    result = renderer.finish()
    _find_label(list(node.children), result)
    return result


def render_html(raw: str) -> Inline:
    """The text of a block of raw HTML (never the HTML itself)."""
    renderer = _Renderer()
    pos = 0
    for match in _HTML_PIECE.finditer(raw):
        renderer.add(html.unescape(raw[pos : match.start()]))
        renderer.html(match.group())
        pos = match.end()
    renderer.add(html.unescape(raw[pos:]))
    return renderer.finish()


def _find_label(children: list[Any], result: Inline) -> None:
    """ "📌 **Topic type:** value", "**Term** — definition": the bold label at the start."""
    lead = 0  # text before the label may only be icons and spaces
    while (
        lead < len(children)
        and children[lead].type == "text"
        and all(is_emoji(word) for word in children[lead].content.split())
    ):
        lead += 1
    if lead >= len(children) or children[lead].type != "strong":
        return
    label = render_inline(children[lead]).shown
    tail = _Renderer()
    holder = type("Holder", (), {"children": children[lead + 1 :]})()
    tail.walk(holder)
    shown, spoken = _clean("".join(tail.shown)), _clean("".join(tail.spoken))
    if label.endswith(":"):
        label = label[:-1].strip()
    else:
        for sep in (":", "—", "–", " - "):
            if shown.startswith(sep.strip()):
                shown = shown[len(sep.strip()) :].strip()
                spoken = (
                    spoken[len(sep.strip()) :].strip() if spoken.startswith(sep.strip()) else spoken
                )
                break
        else:
            return
    if label and shown:
        result.label, result.rest_shown, result.rest_spoken = label, shown, spoken
