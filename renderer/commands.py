"""The commands that render nothing (`validate`, `storyboard`, `import`, `voices`),
and what every command shares: finding the article a user names, option names in messages
and the help of the common options. `cli.py` registers these on its Typer app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from renderer.article import ARTICLE_SUFFIXES, load_article
from renderer.config import PROJECT_ROOT, RenderConfig, build
from renderer.errors import ConfigError
from renderer.plan import check_length, make_plan
from renderer.presets import DEFAULT_PRESET, PRESETS
from renderer.storyboard import build_storyboard
from renderer.theme import available_themes

THEME_HELP = ("Theme: a bundled name (" + ", ".join(available_themes()) +
              ") or a path to your own theme YAML (copy one from renderer/assets/themes/).")
PRESET_HELP = "Where the video goes (frame size, GOP, length limit): " + "; ".join(
    f"{p.name}: {p.width}x{p.height}, {p.description}" for p in PRESETS.values()) + "."
WEB_HELP = ("Also write <out>/<slug>-web/: a web player (keyboard shortcuts, captions, "
            "chapters, recording a take) and a Live Class presenter view, from the same render.")
ARTICLE_HELP = "Article: a YAML file or a Markdown page (.md), by path or by name in articles/."
out = Console()


def resolve_article(name: str) -> Path:
    """A path as given, else a file of that name in articles/ (its suffix, .yaml or .md,
    may be left off)."""
    path = Path(name)
    if path.exists():
        return path
    for candidate in (PROJECT_ROOT / "articles" / name,
                      *(PROJECT_ROOT / "articles" / f"{name}{s}" for s in ARTICLE_SUFFIXES)):
        if candidate.exists():
            return candidate
    return path


def option_name(field: str) -> str:
    """The command-line option that sets a config field (for error messages)."""
    return {"out_dir": "--out", "use_cache": "--no-cache", "narration": "--no-narration"}.get(
        field, "--" + field.replace("_", "-"))


def validate_command(
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    voice: Annotated[str | None, typer.Option(help="Voice profile to check instead of the "
                                                   "article's.")] = None,
    theme: Annotated[str | None, typer.Option(help=THEME_HELP)] = None,
    preset: Annotated[str, typer.Option(help=PRESET_HELP)] = DEFAULT_PRESET,
) -> None:
    """Check an article before rendering: its format, every character drawable with the
    bundled fonts, the voice available, the length fitting the preset, and (as warnings)
    any text too long for its box and anything of a Markdown page a video cannot show.
    Exit 0 if it will render, 2 if not."""
    from renderer.validate import ellipsized

    path = resolve_article(article)
    config = build(RenderConfig, option_name, out_dir=Path("."), preset=preset, voice=voice,
                   theme=theme)
    # every check of a render's plan: the format, the voice (an unknown one is the article's
    # error; one that cannot speak and may not fall back, a VoiceError), glyphs, the length
    plan = make_plan(path, config, warn=False)  # its warnings are listed below
    timeline = plan.estimate
    check_length(plan.storyboard, timeline, plan.preset)  # strictly, not with a plan's slack
    voice_line = f"voice: {plan.voice.profile.name} ({plan.voice.profile.engine.value}), " \
        "available"
    states = sum(s.steps for s in plan.storyboard.slides)
    facts = [voice_line, f"{len(plan.storyboard.slides)} slides, {states} slide states"]
    warnings = [*plan.warnings, *ellipsized(plan.storyboard, config.video, plan.theme)]
    minutes, seconds = divmod(round(float(timeline.duration)), 60)
    for fact in [*facts, f"length: about {minutes}:{seconds:02d} at reading pace"]:
        typer.echo(f"ok    {fact}")
    for warning in warnings:
        typer.echo(f"warn  {warning}")
    typer.echo(f"{path}: valid" + (f", {len(warnings)} warning(s)" if warnings else ""))


def storyboard_command(
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Print the storyboard without rendering: one line per slide."""
    storyboard = build_storyboard(load_article(resolve_article(article)))
    if as_json:
        data = {
            "title": storyboard.title,
            "slug": storyboard.slug,
            "slides": [
                {"number": s.number, "kind": s.kind.value, "label": s.label, "title": s.title,
                 "steps": s.steps, "words": s.word_count, "narration": s.narration,
                 "notes": s.notes}
                for s in storyboard.slides
            ],
        }
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    for s in storyboard.slides:
        typer.echo(f"{s.number:>3}/{storyboard.total}  {s.kind.value:<9} {s.label:<24} "
                   f"{s.title}  ({s.word_count} words)")


def import_command(
    page: Annotated[str, typer.Argument(help="A Markdown page (.md) to turn into YAML.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The YAML file to write (default: the page's name with .yaml, "
                               "beside it).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the YAML file if it "
                                                        "exists.")] = False,
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
        raise ConfigError(f"--output: '{target}' is not a .yaml file",
                          hint="name the file to write, e.g. -o my-topic.yaml")
    if target.resolve() == source.resolve():
        raise ConfigError(f"--output: '{target}' is the page being imported",
                          hint="write the YAML to another file")
    if target.exists() and not force:
        raise ConfigError(f"'{target}' exists", hint="pass --force to replace it, or choose "
                                                     "another file with -o")
    write_text(target, article_yaml(article, source, target))
    slides = build_storyboard(article).total
    out.print(f"wrote {target} ({slides} slides); render it with: render-video {target}",
              highlight=False, soft_wrap=True)


def voices_command() -> None:
    """List voice profiles: engine, language, and whether each can speak right now."""
    from renderer.voices import list_profiles, make_voice

    voices_dir = PROJECT_ROOT / "voices"
    typer.echo(f"{'voice':<14} {'engine':<8} {'language':<9} available")
    for profile in list_profiles(voices_dir):
        reason = make_voice(profile, voices_dir).engine.unavailable()
        state = "yes" if reason is None else f"no: {reason}"
        fallback = f" (falls back to {', '.join(profile.fallback)})" if profile.fallback else ""
        default = " [default]" if profile.name == "joe" else ""
        typer.echo(f"{profile.name:<14} {profile.engine.value:<8} {profile.language:<9} "
                   f"{state}{fallback}{default}")
        if profile.description:
            typer.echo(f"{'':<14} {profile.description}")
