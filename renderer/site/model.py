"""A site's articles as data: what each rendered article shows on the index and links to.

Read from the render's own files (its upload metadata, its web folder, its sidecars) and
the article (summary, tags, See Also, Up next), never rendered here. Links between articles
are by title: a See Also topic whose slug or title is an article of the site links to it;
any other stays plain text. What plays next: the article's own Up next if the site has it,
else its first See Also that the site has, else the next article in the catalogue's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from renderer.article import load_article
from renderer.article.slugs import slugify
from renderer.errors import ConfigError
from renderer.outputs import output_paths
from renderer.outputs.chapters import clock
from renderer.outputs.metadata import read_metadata
from renderer.web.data import direction
from renderer.web.export import web_folder
from renderer.web.languages import parts_in

SAFE_SLUG = re.compile(r"[^/\\.\x00-\x1f][^/\\\x00-\x1f]*")
"""A slug that is one folder's name inside the site (never `..`, a path or hidden)."""


@dataclass(frozen=True)
class SiteArticle:
    """One rendered article, as the site shows it."""

    slug: str
    title: str
    summary: str
    language: str
    tags: tuple[str, ...]
    seconds: float
    web: Path
    """The render's web folder (`<slug>-web/`): pages' pictures, sound and captions."""
    files: dict[str, Path]
    """The render's files offered or shown: video, captions_srt, captions_vtt, thumbnail."""
    see_also: tuple[str, ...]
    up_next: str | None
    brand: str
    modified: float
    """When the video was made (seconds since the epoch): the date search engines show."""

    @property
    def direction(self) -> str:
        return direction(self.language)

    @property
    def duration(self) -> str:
        """m:ss (h:mm:ss past an hour)."""
        return clock(round(self.seconds))


def read_article(article: Path, out_dir: Path) -> SiteArticle:
    """A rendered article from its source and the render's files in `out_dir` (rendered
    with its web pages): an error naming what is missing otherwise."""
    source = load_article(article, warn=False)
    slug = source.slug
    if not SAFE_SLUG.fullmatch(slug):
        raise ConfigError(f"{article}: its title makes no folder name ({slug!r})")
    paths = output_paths(out_dir, slug)
    if not paths.metadata.is_file() or not parts_in(web_folder(out_dir, slug)):
        raise ConfigError(
            f"{article}: not rendered with its web pages in {out_dir}",
            hint="render-video site renders what is missing; or: render-video ARTICLE --web",
        )
    meta = read_metadata(paths.metadata)
    files = {
        "video": paths.video,
        "captions_srt": paths.captions_srt,
        "captions_vtt": paths.captions_vtt,
        "thumbnail": paths.thumbnail,
    }
    return SiteArticle(
        slug=slug,
        title=str(source.title),
        summary=str(source.summary),
        language=source.language,
        tags=tuple(str(tag) for tag in source.tags or []),
        seconds=meta.duration_seconds,
        web=web_folder(out_dir, slug),
        files={kind: path for kind, path in files.items() if path.is_file()},
        see_also=tuple(str(topic) for topic in source.see_also or []),
        up_next=str(source.up_next) if source.up_next else None,
        brand=str(source.brand or ""),
        modified=paths.video.stat().st_mtime if paths.video.is_file() else 0.0,
    )


class Links:
    """Which topic is which article of the site."""

    def __init__(self, articles: list[SiteArticle]) -> None:
        self.order = [article.slug for article in articles]
        self.titles = {article.slug: article.title for article in articles}
        self.languages = {a.slug: {"lang": a.language, "dir": a.direction} for a in articles}
        self.by_name: dict[str, str] = {}
        for article in articles:
            self.by_name.setdefault(article.slug, article.slug)
            self.by_name.setdefault(slugify(article.title), article.slug)
            self.by_name.setdefault(article.title.casefold(), article.slug)

    def slug(self, topic: str) -> str | None:
        """The article a topic names, if the site has it."""
        return self.by_name.get(topic.casefold()) or self.by_name.get(slugify(topic))

    def language(self, slug: str) -> dict[str, str]:
        """An article's `lang` and `dir`, for a link to it shown in another article."""
        return self.languages[slug]

    def next(self, article: SiteArticle) -> str | None:
        """What plays after `article`: its Up next, its first See Also, the catalogue's next
        (never itself; None after the last)."""
        for topic in ([article.up_next] if article.up_next else []) + list(article.see_also):
            found = self.slug(topic)
            if found and found != article.slug:
                return found
        at = self.order.index(article.slug)
        return self.order[at + 1] if at + 1 < len(self.order) else None
