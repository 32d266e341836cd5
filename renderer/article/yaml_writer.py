"""An article written out as YAML (`render-video import page.md`): the same article, so the
YAML renders the same storyboard as the page it came from, ready for fine-tuning."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from renderer.article.model import Article


class _Dumper(yaml.SafeDumper):
    """Block style, long text folded at 100 columns, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


FLOW_WIDTH = 72
"""A list or mapping of plain values shorter than this is written on one line."""


def _short(values: list[Any]) -> bool:
    return (
        all(isinstance(v, str) and "\n" not in v for v in values)
        and sum(len(v) + 2 for v in values) < FLOW_WIDTH
    )


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_short(value))


def _dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping(
        "tag:yaml.org,2002:map", value, flow_style=_short([*value, *value.values()])
    )


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Text of several lines (code) as a literal block, as a person writes it."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def _compact(value: Any) -> Any:
    """A point with text only is written as a plain string, as people write them."""
    if isinstance(value, dict):
        if set(value) == {"text"}:
            return value["text"]
        return {key: _compact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_compact(item) for item in value]
    return value


def article_yaml(article: Article, source: Path, target: Path) -> str:
    """`article` (read from `source`) as the text of a YAML article saved at `target`; a
    music path is rewritten to stay relative to the file that names it."""
    data = _compact(
        article.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True, mode="json")
    )
    if article.music:
        music = (source.parent / article.music).resolve()
        data["music"] = os.path.relpath(music, target.parent.resolve())
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=96,
        default_flow_style=False,
    )
    return (
        f"# {article.title}: imported from {source.name} by `render-video import`.\n"
        f"# Edit freely; render it with:  render-video {target.name}\n" + body
    )
