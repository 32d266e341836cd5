"""The render options, declared once for every command: each maps onto a `RenderConfig`
field. A command takes the group with `@render_options` (leaving out what means nothing to
it) and receives one validated `Options`; a bad value is one message naming the option."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from renderer.config import CaptionStyle, RenderConfig, Transition, build
from renderer.presets import DEFAULT_PRESET, PRESETS
from renderer.theme import available_themes

THEME_HELP = (
    "Theme: a bundled name ("
    + ", ".join(available_themes())
    + ") or a path to your own theme YAML (copy one from renderer/assets/themes/)."
)
PRESET_HELP = (
    "Where the video goes (frame size, GOP, length limit): "
    + "; ".join(f"{p.name}: {p.width}x{p.height}, {p.description}" for p in PRESETS.values())
    + "."
)
WEB_HELP = (
    "Also write <out>/<slug>-web/: a web player (keyboard shortcuts, captions, "
    "chapters, recording a take) and a Live Class presenter view, from the same render. "
    "Every language rendered with --lang joins the same folder, with a language list."
)


@dataclass(frozen=True)
class Option:
    """One command-line option of the group and the config field it sets."""

    name: str
    """The parameter's name (Typer makes `--name-with-dashes` of it unless `flags` say)."""
    field: str
    """The `RenderConfig` field it sets."""
    kind: Any
    """Its type on the command line."""
    default: Any
    help: str
    flags: tuple[str, ...] = ()
    negated: bool = False
    """The field is the option's opposite (`--no-narration` sets narration=False)."""

    def to_field(self, value: Any) -> Any:
        return not value if self.negated else value

    def parameter(self) -> inspect.Parameter:
        return inspect.Parameter(
            self.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=self.default,
            annotation=Annotated[self.kind, typer.Option(*self.flags, help=self.help)],
        )


OPTIONS: tuple[Option, ...] = (
    Option("out_dir", "out_dir", Path, Path("output"), "Output folder.", ("--out", "-o")),
    Option("preset", "preset", str, DEFAULT_PRESET, PRESET_HELP),
    Option("fps", "fps", str, "30", "Frames per second, e.g. 30, 25 or 30000/1001."),
    Option("theme", "theme", str | None, None, THEME_HELP),
    Option(
        "transition",
        "transition",
        Transition | None,
        None,
        "Between slides: crossfade (0.4 s dissolve), dip (fade through black), none (hard "
        "cut). Default: the theme's (crossfade in the bundled ones).",
    ),
    Option(
        "burn_captions",
        "burn_captions",
        bool,
        False,
        "Also draw the captions into the video (for platforms that play muted without "
        "caption support). SRT, VTT and a soft track are always made.",
        ("--burn-captions",),
    ),
    Option(
        "caption_style",
        "caption_style",
        CaptionStyle | None,
        None,
        "How burned-in captions look (implies --burn-captions): phrase (the cue's lines) "
        "or karaoke (larger, the word being spoken highlighted as it is heard).",
    ),
    Option(
        "voice",
        "voice",
        str | None,
        None,
        "Voice profile from voices/ (default: the article's voice, else 'joe').",
    ),
    Option(
        "allow_fallback",
        "allow_fallback",
        bool,
        False,
        "If the --voice you named cannot speak (e.g. offline), use its fallback voice "
        "instead of stopping.",
        ("--allow-fallback",),
    ),
    Option(
        "no_narration",
        "narration",
        bool,
        False,
        "Silent video with narration-length timing (fast preview).",
        ("--no-narration",),
        negated=True,
    ),
    Option(
        "music",
        "music",
        Path | None,
        None,
        "Background music (any audio file): looped or trimmed, faded, and ducked under the "
        "narration. Overrides the article's `music`.",
    ),
    Option("web", "web", bool, False, WEB_HELP, ("--web",)),
    Option(
        "lang",
        "lang",
        str | None,
        None,
        "Render the article in this language, through the translation catalogue "
        "<slug>.LANG.po beside it (made by: render-video strings ARTICLE --to LANG); the "
        "outputs are <slug>.LANG.mp4 and its sidecars, spoken by the language's voice. "
        "`--lang all` (render, web): the article as written, then every catalogue beside it.",
    ),
    Option(
        "strict",
        "strict",
        bool,
        False,
        "With --lang: a string the catalogue leaves untranslated or fuzzy is an error, "
        "not a warning.",
        ("--strict",),
    ),
    Option(
        "cache_dir",
        "cache_dir",
        Path | None,
        None,
        "Cache folder (default: $RENDER_VIDEO_CACHE or ~/.cache/render-video).",
    ),
    Option(
        "no_cache",
        "use_cache",
        bool,
        False,
        "Make everything again, ignoring the cache (and leaving it untouched).",
        ("--no-cache",),
        negated=True,
    ),
    Option(
        "jobs",
        "workers",
        int | None,
        None,
        "CPU budget: processes drawing, speaking and encoding (default: the cores, at most 4).",
    ),
)
BY_NAME = {option.name: option for option in OPTIONS}


def option_name(field: str) -> str:
    """The command-line option that sets a config field (for error messages)."""
    for option in OPTIONS:
        if option.field == field:
            return option.flags[0] if option.flags else "--" + option.name.replace("_", "-")
    return field


@dataclass(frozen=True)
class Options:
    """What a command was given: the config, and which of its fields the user set."""

    config: RenderConfig
    given: frozenset[str]
    """The fields set on the command line (a batch lets them win over a catalogue's)."""


Command = TypeVar("Command", bound=Callable[..., Any])


def render_options(
    *,
    omit: Collection[str] = (),
    only: Collection[str] | None = None,
    fixed: dict[str, Any] | None = None,
) -> Callable[[Command], Command]:
    """Give a command the group's options (`omit` some, or take `only` some), built into
    the `options: Options` parameter it declares; `fixed` fields are set, not asked."""
    chosen = [o for o in OPTIONS if o.name not in omit and (only is None or o.name in only)]

    def wrap(command: Command) -> Command:
        own = inspect.signature(command, eval_str=True)
        kept = [p for p in own.parameters.values() if p.name != "options"]
        takes_ctx = "ctx" in own.parameters
        context = (
            []
            if takes_ctx
            else [
                inspect.Parameter(
                    "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
                )
            ]
        )

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            ctx = kwargs["ctx"] if takes_ctx else kwargs.pop("ctx")
            values = {o.field: o.to_field(kwargs.pop(o.name)) for o in chosen}
            values = {
                field: value
                for field, value in values.items()
                if value is not None or field != "workers"
            }
            given = frozenset(o.field for o in chosen if _given(ctx, o.name))
            config = build(RenderConfig, option_name, **{**values, **(fixed or {})})
            return command(*args, **kwargs, options=Options(config, given))

        run.__signature__ = own.replace(  # type: ignore[attr-defined]
            parameters=[*context, *kept, *(o.parameter() for o in chosen)]
        )
        run.__annotations__ = {}
        return run  # type: ignore[return-value]

    return wrap


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether the user set an option (on the command line or through its variable)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")
