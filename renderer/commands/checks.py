"""The commands that look without rendering: `validate` (will this article render?),
`storyboard` (its slides) and `check` (an MP4 against a platform's upload settings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from renderer.commands.base import ARTICLE_HELP, app, out, resolve_article, say
from renderer.commands.options import PRESET_HELP, Options, render_options
from renderer.plan import check_length, make_plan
from renderer.presets import DEFAULT_PRESET


@app.command("validate")
@render_options(omit={"out_dir", "web", "cache_dir", "no_cache", "jobs"})
def validate_command(
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    *,
    options: Options,
) -> None:
    """Check an article before rendering, with the options a render would take: its format,
    every character drawable with the bundled fonts, the voice available, the length
    fitting the preset, and (as warnings) any text too long for its box and anything of a
    Markdown page a video cannot show. Exit 0 if it will render, 2 if not."""
    from renderer.validate import ellipsized

    path = resolve_article(article)
    # every check of a render's plan: the format, the voice (an unknown one is the article's
    # error; one that cannot speak and may not fall back, a VoiceError), glyphs, the length
    plan = make_plan(path, options.config, warn=False)  # its warnings are listed below
    timeline = plan.estimate
    check_length(plan.storyboard, timeline, plan.preset)  # strictly, not with a plan's slack
    profile = plan.voice.profile
    voice_line = f"voice: {profile.name} ({profile.engine.value}), available"
    states = sum(s.steps for s in plan.storyboard.slides)
    facts = [voice_line, f"{len(plan.storyboard.slides)} slides, {states} slide states"]
    warnings = [*plan.warnings, *ellipsized(plan.storyboard, plan.spec, plan.theme)]
    minutes, seconds = divmod(round(float(timeline.duration)), 60)
    for fact in [*facts, f"length: about {minutes}:{seconds:02d} at reading pace"]:
        typer.echo(f"ok    {fact}")
    for warning in warnings:
        typer.echo(f"warn  {warning}")
    typer.echo(f"{path}: valid" + (f", {len(warnings)} warning(s)" if warnings else ""))


@app.command("storyboard")
@render_options(
    only={"preset", "burn_captions", "caption_style", "voice", "allow_fallback", "lang"}
)
def storyboard_command(
    article: Annotated[str, typer.Argument(help=ARTICLE_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    spoken: Annotated[
        bool,
        typer.Option(
            "--spoken",
            help="Also print every sentence as the voice is given it (after its lexicon), "
            "to see and fix what it will say; the voice is --voice, else the article's.",
        ),
    ] = False,
    *,
    options: Options,
) -> None:
    """Print the storyboard without rendering: one line per slide (a vertical --preset
    lays slides out for a phone, so they may differ)."""
    from renderer.narration.speak import spoken_sentences

    config = options.config if spoken else options.config.model_copy(update={"narration": False})
    plan = make_plan(resolve_article(article), config, check=False, warn=False)
    storyboard = plan.storyboard
    said: dict[int, list[tuple[str, str]]] = {}
    if spoken:
        for number, text, given in spoken_sentences(storyboard, plan.voice):
            said.setdefault(number, []).append((text, given))
    if as_json:
        data = {
            "title": storyboard.title,
            "slug": storyboard.slug,
            **({"voice": plan.voice.name} if spoken else {}),
            "slides": [
                {
                    "number": s.number,
                    "kind": s.kind.value,
                    "label": s.label,
                    "title": s.title,
                    "steps": s.steps,
                    "words": s.word_count,
                    "narration": s.narration,
                    "notes": s.notes,
                    **(
                        {"spoken": [{"text": t, "given": g} for t, g in said.get(s.number, [])]}
                        if spoken
                        else {}
                    ),
                }
                for s in storyboard.slides
            ],
        }
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    if spoken:
        typer.echo(f"voice: {plan.voice.name} (what it is given follows each slide's line)")
    for s in storyboard.slides:
        typer.echo(
            f"{s.number:>3}/{storyboard.total}  {s.kind.value:<9} {s.label:<24} "
            f"{s.title}  ({s.word_count} words)"
        )
        for _, given in said.get(s.number, []):
            typer.echo(f"        > {given}")


@app.command("check")
def check_command(
    video: Annotated[Path, typer.Argument(help="Any MP4 file (ours or not).")],
    preset: Annotated[
        str | None,
        typer.Option(
            help=PRESET_HELP + " Default: the preset recorded in the <video>.json beside a "
            f"render, else {DEFAULT_PRESET}."
        ),
    ] = None,
    sync: Annotated[
        bool,
        typer.Option(
            "--sync",
            help="Also measure whether the captions are on time with the voice: speech "
            "found by a voice-activity detector, matched to caption and word starts; reports the "
            "median and largest offset and the drift per minute.",
        ),
    ] = False,
    captions: Annotated[
        Path | None,
        typer.Option(
            help="Captions to check --sync against (.vtt or .srt; default: <video>.words.vtt, "
            "<video>.vtt or .srt beside it, else the video's own text track)."
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            min=1,
            help="--sync passes when the median offset and the drift over the video are "
            "within this many milliseconds.",
        ),
    ] = 100.0,
) -> None:
    """Check an MP4 against a platform's upload settings: one line per property, PASS or
    FAIL with the value found; exit code 1 if anything fails."""
    from renderer.check import check, report
    from renderer.presets import get_preset

    preset = preset or _recorded_preset(video) or DEFAULT_PRESET
    results = check(video, get_preset(preset))
    if sync:
        from renderer.sync import check_sync, sync_results

        results += sync_results(*check_sync(video, captions, threshold))
    for line in report(results):
        say(line)
    failed = sum(not r.ok for r in results)
    say(
        f"{video}: "
        + (
            f"{failed} of {len(results)} checks failed"
            if failed
            else f"all {len(results)} checks passed for {preset}"
        )
    )
    if failed:
        raise typer.Exit(1)


def _recorded_preset(video: Path) -> str:
    """The preset a render recorded in the metadata beside its video ("" if none)."""
    from renderer.outputs.metadata import read_metadata

    try:
        return read_metadata(video.with_suffix(".json")).preset
    except (OSError, ValueError):
        return ""
