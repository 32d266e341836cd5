"""`render-video site` (issue 34): a catalogue as one static website. Its files (shared
assets once, every link relative and inside, metadata escaped), a rebuild that rewrites only
what changed, and in Chromium from `python3 -m http.server` and from disk: the index lists
and filters, a card opens its article, See Also and "Up next" move on, the keys still
navigate slides, a hostile title is text."""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from renderer.cli import main

from .browser import WAYS, hosted, needs_chromium, open_page, stage, wait_until

HOSTILE = 'Queue <img src=x onerror=alert(1)> & "friends"'
ARTICLES = {
    "alpha": ("Alpha", ["Beta", "Nowhere Topic"], None),
    "beta": ("Beta", ["Gamma"], None),
    "gamma": (HOSTILE, [], "Alpha"),
}


def write_catalogue(folder: Path, summary: str = "A short article.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, see_also, up_next) in ARTICLES.items():
        lines = [
            f"title: {json.dumps(title)}",
            f"summary: {json.dumps(summary + ' ' + name)}",
            f"tags: [{name}-tag, shared]",
            "sections:",
            "  - title: Idea",
            "    points: [One line, A second line]",
            "  - title: More",
            "    points: [A third line]",
        ]
        if see_also:
            lines.append(f"see_also: {json.dumps(see_also)}")
        if up_next:
            lines.append(f"up_next: {json.dumps(up_next)}")
        (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n")
    return folder


@dataclass
class Ran:
    exit_code: int
    output: str


def run(argv: list[str]) -> Ran:
    """The command line, its printed output (stdout and stderr) kept."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        with pytest.raises(SystemExit) as info:
            main(argv)
            raise SystemExit(0)
    return Ran(int(info.value.code or 0), out.getvalue() + err.getvalue())


def site_args(source: Path, root: Path, *extra: str) -> list[str]:
    return [
        "site",
        str(source),
        "--out",
        str(root / "site"),
        "--renders",
        str(root / "renders"),
        "--cache-dir",
        str(root / "cache"),
        "--no-narration",
        "--preset",
        "youtube-720p",
        "--jobs",
        "2",
        "--countdown",
        "1",
        *extra,
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    result = run(site_args(write_catalogue(root / "articles"), root))
    assert result.exit_code == 0, result.output
    assert "3 articles" in result.output and "python3 -m http.server" in result.output
    return root / "site"


def slugs(site: Path) -> set[str]:
    return {p.parent.name for p in site.glob("*/index.html")}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.found.append(value)


def test_the_site_holds_every_article_and_shares_its_assets(built: Path) -> None:
    assert slugs(built) == {"alpha", "beta", "queue-img-src-x-onerror-alert-1-friends"}
    for name in ("index.html", "404.html", "sitemap.xml", "assets/player.js", "assets/site.js"):
        assert (built / name).is_file(), name
    assert not list(built.glob("*/assets/player.js")), "scripts once for the whole site"
    assert not list(built.glob("*/assets/fonts")), "fonts once for the whole site"
    for slug in slugs(built):
        folder = built / slug
        assert (folder / "live.html").is_file() and (folder / "thumb.jpg").is_file()
        assert (folder / f"{slug}.mp4").is_file() and (folder / f"{slug}.srt").is_file()
        css = (folder / "assets" / "theme.css").read_text()
        for font in re.findall(r'url\("([^"]+)"\)', css):
            assert (folder / "assets" / font).resolve().is_file(), font


def test_every_link_is_relative_and_inside_the_site(built: Path) -> None:
    pages = [built / "index.html", *built.glob("*/index.html"), *built.glob("*/live.html")]
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text())
        for link in parser.found:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, (page, link)
            target = (page.parent / unquote(parts.path)).resolve()
            assert built.resolve() in [target, *target.parents], (page, link)
            assert target.exists(), (page, link)
        assert "Content-Security-Policy" in page.read_text()


def test_strings_are_escaped_in_the_pages_the_sitemap_and_the_metadata(built: Path) -> None:
    index = (built / "index.html").read_text()
    assert "<img src=x" not in index and "&lt;img src=x onerror=alert(1)&gt;" in index
    article = (built / "queue-img-src-x-onerror-alert-1-friends" / "index.html").read_text()
    assert "<img src=x" not in article
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', article, re.S)
    assert ld is not None
    video = json.loads(ld.group(1))
    assert video["@type"] == "VideoObject" and video["name"] == HOSTILE
    assert video["duration"].startswith("PT") and video["thumbnailUrl"] == "thumb.jpg"
    assert f'content="{HOSTILE}"' not in article and 'property="og:title"' in article
    sitemap = (built / "sitemap.xml").read_text()
    assert sitemap.count("<loc>") == 4 and "<img" not in sitemap


def test_see_also_links_what_the_site_has_and_names_the_rest(built: Path) -> None:
    alpha = (built / "alpha" / "index.html").read_text()
    assert '<a href="../beta/index.html" lang="en" dir="ltr">Beta</a>' in alpha
    assert "<span>Nowhere Topic</span>" in alpha, "a topic not in the site stays text"
    assert 'data-href="../beta/index.html"' in alpha, "up next: the first See Also it has"
    gamma = (built / "queue-img-src-x-onerror-alert-1-friends" / "index.html").read_text()
    assert 'data-href="../alpha/index.html"' in gamma, "its own Up next"


def test_a_rebuild_rewrites_only_what_changed(tmp_path: Path) -> None:
    articles = write_catalogue(tmp_path / "articles")
    assert run(site_args(articles, tmp_path)).exit_code == 0
    site = tmp_path / "site"
    before = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    again = run(site_args(articles, tmp_path))
    assert again.exit_code == 0 and "0 files written, 0 linked" in again.output, again.output
    assert {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()} == before

    alpha = articles / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("A short article.", "An edited article."))
    changed = run(site_args(articles, tmp_path))
    assert changed.exit_code == 0, changed.output
    now = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    rewritten = {p.relative_to(site).as_posix() for p in now if before.get(p) != now[p]}
    others = sorted(n for n in rewritten if not n.startswith("alpha/"))
    assert others == ["index.html"], others
    assert "alpha/index.html" in rewritten and "index.html" in rewritten
    assert not any(name.startswith("beta/") for name in rewritten)

    (articles / "beta.yaml").unlink()
    assert run(site_args(articles, tmp_path)).exit_code == 0
    assert not (site / "beta").exists(), "a removed article's pages are removed"
    assert "../beta/" not in (site / "alpha" / "index.html").read_text()
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name], "nothing half made"


def test_a_source_without_articles_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run(site_args(tmp_path / "empty", tmp_path))
    assert result.exit_code == 2 and "no articles found" in result.output


@needs_chromium()
@pytest.mark.parametrize("way", WAYS)
def test_the_index_lists_filters_and_opens_articles(browser: Any, built: Path, way: str) -> None:
    with hosted(built, way) as base:
        page = open_page(browser, base + "index.html")
        titles = page.locator(".card-title").all_inner_texts()
        assert sorted(titles) == sorted(["Alpha", "Beta", HOSTILE]), "a hostile title is text"
        assert page.inner_text("#count") == "3 articles"
        page.fill("#search", "beta-tag")
        wait_until(page, "document.getElementById('count').textContent.startsWith('1 of 3')")
        assert page.locator(".card:not([hidden]) .card-title").all_inner_texts() == ["Beta"]
        page.fill("#search", "no such words")
        wait_until(page, "!document.getElementById('no-match').hidden")
        page.fill("#search", "")
        page.keyboard.press("Tab")
        page.click(".card a >> text=Alpha")
        page.wait_for_url(re.compile(r".*/alpha/index\.html.*"))
        wait_until(page, "!!window.renderVideo")
        assert "/alpha/index.html" in page.url and stage(page)["slide"] == "1"
        page.keyboard.press("ArrowRight")
        wait_until(page, "document.getElementById('stage').dataset.slide === '2'")
        page.keyboard.press("ArrowLeft")
        wait_until(page, "document.getElementById('stage').dataset.slide === '1'")
        page.click("nav.see-also a >> text=Beta")
        page.wait_for_url(re.compile(r".*/beta/index\.html.*"))
        wait_until(page, "!!window.renderVideo")
        assert page.errors == []
        live = open_page(browser, base + "beta/live.html")  # its scripts from ../assets/
        wait_until(live, "!!window.renderVideoLive")
        assert live.errors == []


@needs_chromium()
def test_up_next_moves_on_after_its_countdown_unless_cancelled(browser: Any, built: Path) -> None:
    with hosted(built, "plain") as base:
        page = open_page(browser, base + "alpha/index.html")
        end = page.evaluate("(d => d.frames * d.fps[1] / d.fps[0])(window.renderVideo.data)")
        page.evaluate(f"window.renderVideo.seek({end} - 0.5)")
        page.keyboard.press("Space")
        wait_until(page, "!document.getElementById('up-next').hidden", 10)
        page.click("#up-next-cancel")
        page.wait_for_timeout(1500)
        assert "/alpha/index.html" in page.url, "cancelled: it stays"
        page.evaluate(f"window.renderVideo.seek({end} - 0.5)")
        page.keyboard.press("Space")
        page.wait_for_url(re.compile(r".*/beta/index\.html.*"), timeout=10_000)
        wait_until(page, "!!window.renderVideo")
        assert page.errors == []


def test_an_article_linked_to_from_beside_the_catalogue_joins_unless_told(tmp_path: Path) -> None:
    catalogue = tmp_path / "articles" / "catalogue"
    catalogue.mkdir(parents=True)
    body = "sections:\n  - title: Idea\n    points: [One line]\n"
    (catalogue / "one.yaml").write_text(
        f"title: One\nsummary: The first.\nsee_also: [Two, Elsewhere]\n{body}"
    )
    (tmp_path / "articles" / "two.yaml").write_text(f"title: Two\nsummary: Beside it.\n{body}")
    (tmp_path / "articles" / "three.yaml").write_text(f"title: Three\nsummary: Unlinked.\n{body}")
    result = run(site_args(catalogue, tmp_path))
    assert result.exit_code == 0, result.output
    assert slugs(tmp_path / "site") == {"one", "two"} and "also:" in result.output
    assert '<a href="../two/index.html"' in (tmp_path / "site" / "one" / "index.html").read_text()
    assert run(site_args(catalogue, tmp_path, "--no-linked")).exit_code == 0
    assert slugs(tmp_path / "site") == {"one"}
