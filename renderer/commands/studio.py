"""The `studio` command: a local page that shows the article's slides, narration and player
and follows every save (`renderer.studio`)."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import sys
import webbrowser
from pathlib import Path
from typing import Annotated, Any

import typer

from renderer.article import load_article
from renderer.commands.base import ARTICLE_HELP, app, err, resolve_article, say
from renderer.commands.options import Options, render_options
from renderer.config import default_cache_dir
from renderer.errors import ConfigError, RendererError
from renderer.pipeline import render, web
from renderer.plan import make_plan
from renderer.signals import Terminated
from renderer.studio.live import Live
from renderer.studio.server import Site, serve
from renderer.studio.state import Studio


@app.command("studio")
@render_options(omit={"web"})
def studio_command(
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    port: Annotated[int, typer.Option(help="The port (default: a free one).")] = 0,
    host: Annotated[
        str,
        typer.Option(
            help="The address to listen on: this machine only (127.0.0.1) unless you give "
            "another, which lets other machines reach it (with the session's token)."
        ),
    ] = "127.0.0.1",
    open_page: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the page in the browser.")
    ] = True,
    *,
    options: Options,
) -> None:
    """Write the article and watch it change as you save: every slide's pictures (with the
    render's painter, theme and preset), narration and length, errors and warnings at their
    line, a player, and a Render button. Only what an edit touches is redone. Ctrl-C stops."""
    path = resolve_article(article)
    if not path.is_file():
        raise ConfigError(
            f"{article}: no such article file",
            hint="give the path of an article (.yaml or .md), or a name in articles/",
        )
    config = options.config
    if not _loopback(host):
        err.print(
            f"warning: listening on {host}: other machines can reach the studio (they still "
            "need the token in its address)",
            highlight=False,
        )
    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    folder = (config.cache_dir or default_cache_dir()) / "studio" / key
    studio = Studio(path, config, folder)

    def render_video(reporter: Any) -> Path:
        return render(make_plan(path, config, reporter), reporter).video

    site = Site(folder, state=lambda: studio.state.as_json(), render=lambda: live.request_render())
    live = Live(studio, site, web, render_video)
    try:
        server = serve(site, host, port)
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {host}:{port}: {exc.strerror}", hint="try another --port"
        ) from exc
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_port}/?token={site.token}"
    say(f"render-video studio: {url}")
    say(f"  watching {path} and what it shows · Ctrl-C stops")
    live.start(_watched(path, config.theme), ignore=[config.out_dir, folder.parent.parent])
    if open_page:
        webbrowser.open(url)
    code = 0
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        code = 130
    except Terminated:
        code = 143
    finally:
        live.close()
        server.server_close()
    # The voice or a render may be inside a native library in another thread; ending the
    # interpreter around it aborts. Nothing is half-written (every file is written whole),
    # so the process ends here, at once.
    say("studio stopped")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _watched(path: Path, theme: str | None) -> list[Path]:
    """The folders whose files the video is made of (each watched without its subfolders):
    the article's (its translations' catalogues beside it), its pictures', clips' and
    music's, the theme's. An article that does not read yet: its own folder."""
    folders = {path.parent.resolve()}
    if theme and Path(theme).is_file():
        folders.add(Path(theme).resolve().parent)
    try:
        source = load_article(path, warn=False)
    except RendererError:
        return sorted(folders)
    media = [source.music] if source.music else []
    for section in source.sections:
        media += [part.src for part in (section.image, section.video) if part is not None]
    for name in media:
        where = (path.parent / str(name)).resolve().parent
        if where.is_dir():
            folders.add(where)
    return sorted(folders)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
