"""Test helper: render an article file the way the CLI does (plan, then render)."""

from __future__ import annotations

from pathlib import Path

from renderer.config import RenderConfig
from renderer.pipeline import RenderResult, render
from renderer.plan import make_plan


def render_file(article: Path, config: RenderConfig) -> RenderResult:
    """Plan and render `article` with `config`."""
    return render(make_plan(article, config))
