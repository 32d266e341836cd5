"""Pydantic's validation errors as a person reads them: a message and a hint."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel


def format_path(path: tuple[str | int, ...]) -> str:
    """`("sections", 3, "table")` -> `sections[3].table`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "(top level)"


def _model_for(root: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model whose fields live at `path` below `root` (for did-you-mean hints)."""
    model: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _inner_model(origin)
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


LIMIT_HINTS = {
    "sections": "split the article into two articles",
    "points": "move some points into a second section",
    "rows": "split the table into two sections",
    "nodes": "split the diagram, or group steps into one node",
    "options": "keep the best 2 to 6 options",
    "quiz": "keep the best questions",
}


def explain(error: dict[str, Any], root: type[BaseModel]) -> tuple[str, str | None]:
    """Message and hint for one pydantic error of validating a `root` model."""
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing", "add it; see the article format in README"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_for(root, loc[:-1])
        names = _field_names(model) if model else []
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else None
        if not hint and names:
            hint = "valid keys here: " + ", ".join(names)
        return f"unknown key '{key}'", hint
    if kind in ("string_type", "str_type"):
        return "expected text", 'quote it, e.g. "..."'
    if kind in ("list_type",):
        return "expected a list", "write items as '- item' lines or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of keys to values", "write 'key: value' lines"
    if kind == "too_short":
        return (
            f"needs at least {ctx.get('min_length')} item(s)",
            "add them; see the article format in README",
        )
    if kind == "too_long" and not isinstance(error.get("input"), list | tuple | dict):
        length = ctx.get("actual_length") or len(str(error.get("input", "")))
        return (
            f"is {length} characters long; at most {ctx.get('max_length')}",
            "shorten it, or move some of it to another section",
        )
    if kind == "too_long":
        count = ctx.get("actual_length")
        return (
            f"has {count} items; at most {ctx.get('max_length')} fit"
            if count
            else f"has too many items (at most {ctx.get('max_length')})"
        ), LIMIT_HINTS.get(str(loc[-1]), "split it into more sections")
    if kind == "string_too_short":
        return "must not be empty", "write some text, or remove the key"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", "shorten it"
    if kind == "value_error" and isinstance(ctx.get("error"), Exception):
        cause = ctx["error"]
        return str(cause), getattr(cause, "hint", None)
    if kind == "enum":
        return f"is not one of: {ctx.get('expected')}", "pick one of those"
    if kind in ("bool_parsing", "bool_type"):
        return "expected true or false", "e.g. burn_captions: true"
    if kind in ("int_parsing", "int_type", "int_parsing_size", "int_from_float"):
        return "expected a whole number", "e.g. answer: 2"
    if kind == "string_pattern_mismatch":
        return (
            f"has an invalid form (expected pattern {ctx.get('pattern')})",
            "see the article format in README",
        )
    return error.get("msg", "is not valid"), "see the article format in README"
