"""The commands around rendering: `import` (a Markdown page as YAML), `voices`, `cache`
and `upload`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from renderer.article import load_article
from renderer.commands.base import app, resolve_article, say
from renderer.config import LANGUAGE_TAG, PROJECT_ROOT, default_cache_dir
from renderer.errors import ConfigError
from renderer.storyboard import build_storyboard
from renderer.upload.command import upload_command

app.command("upload")(upload_command)
CacheDir = Annotated[Path | None, typer.Option(help="Cache folder (default: as render).")]


@app.command("import")
def import_command(
    page: Annotated[str, typer.Argument(help="A Markdown page (.md) to turn into YAML.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The YAML file to write (default: the page's name with .yaml, beside it).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the YAML file if it exists.")
    ] = False,
) -> None:
    """Write a Markdown page as the equivalent YAML article, to fine-tune by hand: rendering
    the YAML gives the same storyboard as the page. The warnings name what the page holds
    that a video cannot show."""
    from renderer.article.yaml_writer import article_yaml
    from renderer.atomic import write_text

    source = resolve_article(page)
    article = load_article(source)
    target = output or source.with_suffix(".yaml")
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise ConfigError(
            f"--output: '{target}' is not a .yaml file",
            hint="name the file to write, e.g. -o my-topic.yaml",
        )
    if target.resolve() == source.resolve():
        raise ConfigError(
            f"--output: '{target}' is the page being imported",
            hint="write the YAML to another file",
        )
    if target.exists() and not force:
        raise ConfigError(
            f"'{target}' exists", hint="pass --force to replace it, or choose another file with -o"
        )
    write_text(target, article_yaml(article, source, target))
    slides = build_storyboard(article).total
    say(f"wrote {target} ({slides} slides); render it with: render-video {target}")


@app.command("voices")
def voices_command() -> None:
    """List voice profiles: engine, language, and whether each can speak right now."""
    from renderer.narration.voices import DEFAULT_VOICE, LANGUAGE_VOICES, list_profiles, make_voice

    voices_dir = PROJECT_ROOT / "voices"
    profiles = list_profiles(voices_dir)
    width = max([len("voice"), *(len(profile.name) for profile in profiles)]) + 1
    typer.echo(f"{'voice':<{width}} {'engine':<8} {'language':<9} available")
    for profile in profiles:
        reason = make_voice(profile, voices_dir).engine.unavailable()
        state = "yes" if reason is None else f"no: {reason}"
        fallback = f" (falls back to {', '.join(profile.fallback)})" if profile.fallback else ""
        default = " [default]" if profile.name == DEFAULT_VOICE else ""
        for language, name in LANGUAGE_VOICES.items():
            default += f" [default for {language}]" if profile.name == name else ""
        typer.echo(
            f"{profile.name:<{width}} {profile.engine.value:<8} {profile.language:<9} "
            f"{state}{fallback}{default}"
        )
        if profile.description:
            typer.echo(f"{'':<{width}} {profile.description}")


cache_app = typer.Typer(
    help="The render cache: narration, slide images, encoded audio and video kept between renders.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(cache_dir: CacheDir = None) -> None:
    """Where the cache is, how many entries it holds and its size."""
    from renderer.store import store_stats

    stats = store_stats(cache_dir or default_cache_dir())
    typer.echo(f"location: {stats.root}")
    typer.echo(f"entries:  {stats.entries} (sentences, slide images, encoded video and audio)")
    typer.echo(f"size:     {stats.bytes / 1e6:.1f} MB")


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDir = None) -> None:
    """Delete every cache entry (the next render makes everything again)."""
    from renderer.store import clear_store

    root = cache_dir or default_cache_dir()
    typer.echo(f"removed {clear_store(root)} cache entries from {root}")


@app.command("strings")
def strings_command(
    article: Annotated[str, typer.Argument(help="The article (.yaml or .md) to translate.")],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="The language to translate into, a BCP-47 tag (en, hi, ur, zh-Hans, ...).",
        ),
    ],
) -> None:
    """Write or update the article's translation catalogue, <slug>.LANG.po beside it: every
    string a viewer sees or hears, with its field as context and its line as reference,
    for Poedit, Weblate or any PO editor. Updating keeps translations, marks those whose
    source changed as fuzzy and keeps those no longer used as obsolete (as msgmerge does)."""
    import re

    from renderer.article import article_strings
    from renderer.article.po import catalogue_path, merged, read_catalogue
    from renderer.atomic import write_text

    if not re.fullmatch(LANGUAGE_TAG, to):
        raise ConfigError(f"'{to}' is not a language tag", hint="e.g. --to en, --to hi")
    path = resolve_article(article)
    found, language = article_strings(path)
    if to.lower() == language.lower():
        raise ConfigError(
            f"{path.name} is written in '{language}' already",
            hint="translate into another language",
        )
    target = catalogue_path(path, to)
    old = read_catalogue(target, path) if target.exists() else None
    catalogue, counts = merged(found, path, to, language, old)
    write_text(target, str(catalogue) + "\n")
    say(
        f"wrote {target}: {counts['strings']} strings, {counts['translated']} translated, "
        f"{counts['fuzzy']} fuzzy, {counts['untranslated']} untranslated"
        + (f", {counts['obsolete']} obsolete" if counts["obsolete"] else "")
    )
