"""The `site` command: a catalogue as one static website. The articles are rendered with
their web pages through the batch (what is up to date is skipped), then the site is built
from the renders (`renderer.site`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from renderer.article import Article, load_article
from renderer.article.slugs import slugify
from renderer.catalogue import Item, folder_articles, load_catalogue
from renderer.commands.base import app, err
from renderer.commands.batch import run_batch
from renderer.commands.options import Options, render_options
from renderer.errors import ConfigError, RendererError
from renderer.site.build import COUNTDOWN, SiteOptions, build_site, report
from renderer.site.model import read_article


@app.command("site")
@render_options(omit={"jobs", "out_dir", "web"}, fixed={"web": True})
def site_command(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="Folders of articles, catalogue YAMLs (as batch takes) or article files, in "
            "the order the site lists them: e.g. articles/catalogue "
            "articles/asynchronous-job.yaml."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The site's folder.")] = Path("site"),
    renders: Annotated[
        Path,
        typer.Option(help="Where the articles are rendered (videos, captions, web pages)."),
    ] = Path("output"),
    title: Annotated[str, typer.Option(help="The site's name, on its index.")] = "Explainers",
    downloads: Annotated[
        bool,
        typer.Option(help="Offer each article's MP4 and captions (--no-downloads: smaller)."),
    ] = True,
    base_url: Annotated[
        str,
        typer.Option(
            help="The address the site will have (https://example.org/wiki/): the sitemap and "
            "the sharing cards need absolute addresses; the site's own links stay relative."
        ),
    ] = "",
    countdown: Annotated[
        int,
        typer.Option(
            min=0, max=60, help='Seconds "Up next" counts down before the next article plays.'
        ),
    ] = COUNTDOWN,
    linked: Annotated[
        bool,
        typer.Option(
            help="Also take an article the others link to (See Also, up_next) from beside a "
            "folder given (--no-linked: only the articles given)."
        ),
    ] = True,
    jobs: Annotated[
        int | None, typer.Option(help="CPU budget for rendering (default: the core count).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Render every article again.")] = False,
    retries: Annotated[int, typer.Option(help="Retries of a transient failure.")] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Render on a Dask cluster at this address (see: batch --help)."),
    ] = None,
    *,
    options: Options,
) -> None:
    """Build a static website of every article: an index with search, each article's player
    and Live Class with its See Also linked, "Up next", downloads, sharing tags and a sitemap.
    Open it with: python3 -m http.server -d SITE (or index.html from disk). Rebuilding
    rewrites only what changed; the site is swapped in whole."""
    items = _items(sources)
    if linked:
        for item in _linked(items, sources):
            err.print(f"also: {item.path} (linked to, beside {item.path.parent})", highlight=False)
            items.append(item)
    config = options.config.model_copy(update={"out_dir": renders})
    given = options.given | {"web", "out_dir"}
    outcomes, totals = run_batch(items, Options(config, given), jobs, force, retries, scheduler)
    rendered = {o.article for o in outcomes if o.status != "failed"}
    articles = []
    for item in items:
        if str(item.path) in rendered:
            try:
                articles.append(read_article(item.path, _out_of(item, renders)))
            except ConfigError as exc:
                err.print(f"left out: {exc}", highlight=False, markup=False)
    if not articles:
        raise ConfigError("no article could be rendered, so there is no site to build")
    placed = build_site(articles, out, SiteOptions(title, downloads, countdown, base_url))
    typer.echo(f"site: {out / 'index.html'} · {len(articles)} articles · {report(placed)}")
    if not base_url:
        typer.echo("  (sitemap.xml and the sharing cards' pictures are relative: --base-url URL)")
    typer.echo(f"  open it: python3 -m http.server -d {out}")
    if totals["failed"]:
        typer.echo(f"failures: {renders / 'failed.json'}")
        raise typer.Exit(1)


def _items(sources: list[Path]) -> list[Item]:
    """The articles of every source, in order, each once."""
    items: list[Item] = []
    seen: set[Path] = set()
    for source in sources:
        found = load_catalogue(source) if source.is_dir() or _is_catalogue(source) else None
        for item in found if found is not None else [Item(source)]:
            if item.path.resolve() not in seen:
                seen.add(item.path.resolve())
                items.append(item)
    if not items:
        raise ConfigError(
            f"{', '.join(map(str, sources))}: no articles found",
            hint="give folders of articles, catalogue files or article files",
        )
    return items


def _linked(items: list[Item], sources: list[Path]) -> list[Item]:
    """The articles beside the folders given (in each one's parent folder) that the given
    articles link to by See Also or up_next, and those they link to in turn."""
    beside: dict[str, Path] = {}
    for folder in dict.fromkeys(s.resolve().parent for s in sources if s.is_dir()):
        for path in folder_articles(folder):
            title = _title(path)
            if title:
                beside.setdefault(title.casefold(), path)
                beside.setdefault(slugify(title), path)
    have = {item.path.resolve() for item in items}
    found: list[Item] = []
    todo = list(items)
    while todo:
        article = _read(todo.pop().path)
        if article is None:
            continue
        for topic in [*(article.see_also or []), *([article.up_next] if article.up_next else [])]:
            named = beside.get(str(topic).casefold()) or beside.get(slugify(str(topic)))
            if named is not None and named.resolve() not in have:
                have.add(named.resolve())
                found.append(Item(named))
                todo.append(found[-1])
    return found


def _read(path: Path) -> Article | None:
    try:
        return load_article(path, warn=False)
    except RendererError:
        return None


def _title(path: Path) -> str | None:
    article = _read(path)
    return str(article.title) if article is not None else None


def _is_catalogue(path: Path) -> bool:
    """A YAML file whose top level lists `articles:` (else it is an article)."""
    from renderer.article.yaml_reader import load_plain

    if path.suffix.lower() not in {".yaml", ".yml"} or not path.is_file():
        return False
    try:
        data = load_plain(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and "articles" in data and "title" not in data


def _out_of(item: Item, renders: Path) -> Path:
    """Where an item's render went (its catalogue entry may name its own folder)."""
    return item.settings.out or renders
