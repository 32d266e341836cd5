"""A catalogue's rendered articles as one static website, swapped in whole.

    index.html             every article as a card: thumbnail, title, length, language,
                           tags; a search box that filters as you type (site.js)
    404.html, sitemap.xml
    assets/                the scripts, style sheets and fonts, once for the whole site
    <slug>/index.html      the article's player, with its See Also as links, downloads and
    <slug>/live.html       "Up next" after a countdown; the Live Class
    <slug>/assets/         its slide pictures, narration and captions (from its render's web
                           folder) and theme.css (its colours; its fonts from ../../assets)
    <slug>/<slug>.mp4 ...  the video and captions to download (unless downloads are off)

Every link is relative (to `index.html` files, so the site works from `file://` too), every
string is escaped by the templates, nothing is loaded from elsewhere (the player's CSP).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from filelock import FileLock

from renderer.atomic import atomic_folder, lock_path, remove_partials
from renderer.site.files import Placed, SiteFiles
from renderer.site.model import Links, SiteArticle
from renderer.web.data import direction, embedded_json
from renderer.web.export import CSP, STATIC, pages, templates
from renderer.web.languages import parts_in
from renderer.web.words import words

SITE_STATIC = ("site.js", "site.css")
COUNTDOWN = 8
"""Seconds before "Up next" plays the next article (the viewer can cancel)."""
FONT_URL = re.compile(r'url\("fonts/([^"/]+)"\)')
URDU_CARDS = ':lang(ur) { font-family: "RV Nastaliq", "RV Sans", system-ui, sans-serif; }'
"""On the index, a card in Urdu is in Nastaliq (Arabic ones keep the Arabic face)."""


@dataclass(frozen=True)
class SiteOptions:
    title: str = "Explainers"
    downloads: bool = True
    countdown: int = COUNTDOWN
    """Seconds "Up next" counts down before the next article plays."""
    base_url: str = ""
    """The site's address (https://example.org/wiki/), for what must be absolute: the
    sitemap's addresses and the sharing cards' pictures. Without it they are relative."""


def build_site(articles: list[SiteArticle], out: Path, options: SiteOptions) -> Placed:
    """Write the site to `out` (the old one there is replaced only once the new one is
    whole; files that did not change keep theirs)."""
    links = Links(articles)
    with FileLock(lock_path(out)):
        remove_partials(out.parent, out.name)
        with atomic_folder(out) as partial:
            files = SiteFiles(partial, out)
            static = resources.files("renderer.web") / "static"
            for name in (*STATIC, *SITE_STATIC):
                files.data(f"assets/{name}", (static / name).read_bytes())
            fonts = _Fonts(files)
            for article in articles:
                _article(files, fonts, article, links, options)
            files.text("assets/fonts.css", fonts.css())
            _index(files, articles, options)
    return files.placed


def _article(
    files: SiteFiles, fonts: _Fonts, article: SiteArticle, links: Links, options: SiteOptions
) -> None:
    """One article's folder: its pictures, sound, captions, theme, pages and downloads."""
    slug = article.slug
    assets = article.web / "assets"
    for path in sorted(assets.rglob("*")):
        inner = path.relative_to(assets).as_posix()
        if path.is_file() and inner.split("/")[0] not in {"fonts", *STATIC, "theme.css"}:
            files.copy(f"{slug}/assets/{inner}", path)
    css = (assets / "theme.css").read_text(encoding="utf-8")
    files.text(f"{slug}/assets/theme.css", fonts.shared(css, assets / "fonts"))
    downloads = []
    if options.downloads:
        for kind in ("video", "captions_srt", "captions_vtt"):
            if kind in article.files:
                name = article.files[kind].name
                files.copy(f"{slug}/{name}", article.files[kind])
                downloads.append({"word": _DOWNLOAD_WORDS[kind], "href": name})
    if "thumbnail" in article.files:
        files.copy(f"{slug}/thumb.jpg", article.files["thumbnail"])
    following = links.next(article)
    site = {
        "home": "../index.html",
        "see_also": [
            {"title": topic, "href": f"../{found}/index.html", **links.language(found)}
            if found
            else {"title": topic, "href": ""}
            for topic in article.see_also
            for found in [links.slug(topic)]
        ],
        "next": {
            "href": f"../{following}/index.html",
            "title": links.titles[following],
            **links.language(following),
        }
        if following
        else None,
        "countdown": options.countdown,
        "downloads": downloads,
        "description": article.summary,
        "image": _address(options, f"{slug}/thumb.jpg", "thumb.jpg")
        if "thumbnail" in article.files
        else "",
        "url": _address(options, f"{slug}/", ""),
        "site_title": options.title,
        "jsonld": embedded_json(_video_object(article, options)),
    }
    parts = parts_in(article.web)
    for name, html in pages(parts, shared="../assets/", site=site).items():
        files.text(f"{slug}/{name}", html)


_DOWNLOAD_WORDS = {
    "video": "download_video",
    "captions_srt": "download_captions",
    "captions_vtt": "download_webvtt",
}


def _index(files: SiteFiles, articles: list[SiteArticle], options: SiteOptions) -> None:
    """The index, the 404 page and the sitemap."""
    language = _site_language(articles)
    said = words(language)
    cards = [
        {
            "slug": a.slug,
            "href": f"{a.slug}/index.html",
            "thumb": f"{a.slug}/thumb.jpg" if "thumbnail" in a.files else "",
            "title": a.title,
            "summary": a.summary,
            "tags": a.tags,
            "duration": a.duration,
            "seconds": round(a.seconds),
            "language": a.language,
            "dir": a.direction,
            "search": " ".join([a.title, a.summary, *a.tags]).casefold(),
        }
        for a in articles
    ]
    first = f"{articles[0].slug}/thumb.jpg" if articles and "thumbnail" in articles[0].files else ""
    found = templates()
    context = {
        "title": options.title,
        "cards": cards,
        "w": said,
        "phrases": embedded_json(said),
        "language": language,
        "direction": direction(language),
        "csp": CSP.format(connect="'none'"),
        "home": options.base_url or "/",
        "description": " · ".join(a.title for a in articles)[:300],
        "image": _address(options, first, first) if first else "",
        "theme": f"{articles[0].slug}/assets/theme.css" if articles else "",
        "fonts": "assets/fonts.css",
    }
    files.text("index.html", found.get_template("site_index.html").render(**context))
    files.text("404.html", found.get_template("site_404.html").render(**context))
    files.text("sitemap.xml", _sitemap(articles, options))


def _site_language(articles: list[SiteArticle]) -> str:
    """The language most of the site's articles are in (the index's words), English when
    they are Hinglish (the seed's labels are English)."""
    counts: dict[str, int] = {}
    for article in articles:
        primary = article.language.split("-")[0].lower()
        counts[primary] = counts.get(primary, 0) + 1
    best = max(counts, key=lambda code: counts[code], default="en")
    return "en" if best == "hi" else best


def _address(options: SiteOptions, path: str, relative: str) -> str:
    """`path` (from the site's root) as an absolute address with the base URL, else the
    page-relative `relative`."""
    return options.base_url.rstrip("/") + "/" + path if options.base_url else relative


def _video_object(article: SiteArticle, options: SiteOptions) -> dict[str, Any]:
    """schema.org VideoObject, what search engines read of a video's page."""
    seconds = round(article.seconds)
    made = datetime.fromtimestamp(article.modified or 0, UTC).date().isoformat()
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": article.title,
        "description": article.summary,
        "inLanguage": article.language,
        "duration": f"PT{seconds // 60}M{seconds % 60}S",
        "uploadDate": made,
    }
    if "thumbnail" in article.files:
        found["thumbnailUrl"] = _address(options, f"{article.slug}/thumb.jpg", "thumb.jpg")
    if options.downloads and "video" in article.files:
        name = article.files["video"].name
        found["contentUrl"] = _address(options, f"{article.slug}/{name}", name)
    return found


def _sitemap(articles: list[SiteArticle], options: SiteOptions) -> str:
    """Every page's address (absolute with the base URL; search engines need that)."""
    rows = [_address(options, "", "./")] + [
        _address(options, f"{a.slug}/", f"{a.slug}/") for a in articles
    ]
    entries = "\n".join(f"  <url><loc>{xml_escape(row)}</loc></url>" for row in rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</urlset>\n"
    )


class _Fonts:
    """The fonts of every article once, in `assets/fonts/`: a file two articles share is
    sent once; two different files of one name (Chinese fonts subset to each article's
    characters) each keep theirs under a name made from their content."""

    def __init__(self, files: SiteFiles) -> None:
        self.files = files
        self.placed: dict[str, str] = {}
        """Name in the site -> its bytes' sha256."""
        self.rules: dict[str, None] = {}
        """The `@font-face` rules of every article, in order, once each."""

    def shared(self, css: str, folder: Path) -> str:
        """An article's theme.css with its fonts from the site's `assets/fonts/`."""
        for licence in sorted(folder.glob("LICENSE-*.txt")):
            if licence.name not in self.placed:
                self.files.data(f"assets/fonts/{licence.name}", licence.read_bytes())
                self.placed[licence.name] = ""

        def moved(match: re.Match[str]) -> str:
            return f'url("../../assets/fonts/{self._font(folder / match.group(1))}")'

        shared = FONT_URL.sub(moved, css)
        for rule in shared.splitlines():
            if rule.startswith("@font-face"):
                rule = rule.replace('url("../../assets/fonts/', 'url("fonts/')
                if "Nastaliq" in rule:  # Urdu's Arabic letters, beside Arabic's on the index
                    rule = rule.replace('"RV Sans"', '"RV Nastaliq"')
                self.rules.setdefault(rule, None)
        return shared

    def css(self) -> str:
        """Every article's faces, for the index (`assets/fonts.css`): its cards show every
        article's title in its own script, Urdu in Nastaliq."""
        return "\n".join([*self.rules, URDU_CARDS]) + "\n"

    def _font(self, path: Path) -> str:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        name = path.name
        if self.placed.get(name, digest) != digest:
            name = f"{path.stem}-{digest[:10]}{path.suffix}"
        if name not in self.placed:  # by content: each article's render has its own copy
            self.files.data(f"assets/fonts/{name}", data)
            self.placed[name] = digest
        return name


def report(placed: Placed) -> str:
    """One line: what the build did."""
    return (
        f"{len(placed.written)} files written, {len(placed.linked)} linked from the renders, "
        f"{len(placed.kept)} unchanged"
    )
