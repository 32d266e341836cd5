"""The command line's commands, each registered on `app` where it is defined (base.py):
render.py (render, web, preview), batch.py, site.py, studio.py, checks.py (validate,
storyboard, check) and tools.py (import, voices, cache, upload). The render options every
command shares are declared once, in options.py. `cli.main` runs the app."""

from __future__ import annotations

from importlib import import_module

from renderer.commands.base import app

MODULES = tuple(
    import_module(f"renderer.commands.{name}")
    for name in ("render", "batch", "site", "studio", "checks", "tools")
)
"""Imported for what they register, in the order --help lists them."""


def command_names() -> set[str]:
    """Every command and command group registered on the app."""
    return {
        command.name or (command.callback.__name__ if command.callback else "")
        for command in app.registered_commands
    } | {group.name or "" for group in app.registered_groups}
