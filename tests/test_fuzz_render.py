"""The whole render fuzzed, not only the loader: any article the strategies make is either
refused with an ArticleError or planned, drawn, narrated (silent engine) and timed into a
valid timeline with a picture for every slide state. CI runs the same examples every time."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from renderer.config import RenderConfig
from renderer.errors import ArticleError
from renderer.narration.speak import narrate
from renderer.plan import make_plan
from renderer.raster import rasterize
from renderer.timeline import build_timeline

from .conftest import MEDIA

ANY_TEXT = st.text(st.characters(codec=None, categories=None), min_size=0, max_size=60)
"""Any code point: controls (Cc), format characters (Cf), spaces (Zs), combining marks (Mn),
unassigned ones (Cn), surrogates left out by YAML's own rules."""
LEGAL = st.sampled_from(
    [
        "queue ",
        "kaam hai ",
        "नमस्ते ",
        "क्षत्रिय ",
        "e\u0301 ",
        "\u00a0",
        "a\u200db ",
        "[[hˈɛː]] ",
        "]] ",
        "७ ",
        "🇮🇳 ",
        "👩‍💻 ",
        "x",
        "\t",
    ]
)
"""Pieces a valid article may hold: scripts, combining marks (Mn), no-break spaces (Zs),
a joiner inside a word (Cf), phoneme brackets, tabs."""
WORDS = st.lists(LEGAL, min_size=1, max_size=8).map("".join)
CLEAN = st.integers(0, 19).flatmap(  # (hypothesis favours the ends of a range: rare in the middle)
    lambda i: (
        st.integers(10**3000, 10**3001)
        if i == 9
        else st.integers(-(10**30), 10**30)
        if i == 10
        else st.floats(allow_nan=True)
        if i == 11
        else WORDS
    )
)
HOSTILE = st.one_of(
    ANY_TEXT, st.sampled_from(["", "\u200b\u2060", "\x00", "a\x1b[2Jb", "\u0378", "\U000e0001"])
)
TEXT = st.integers(0, 39).flatmap(lambda i: HOSTILE if i == 20 else CLEAN)
"""Mostly text that may render, so that drawing and timing are reached, and now and then
anything at all (controls, format characters, unassigned code points, nothing)."""
NAME = TEXT


def body(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            ["points"] * 3
            + ["table", "glossary", "flow"] * 2
            + ["image", "beside", "code", "none", "two"]
        )
    )
    if kind in ("image", "beside"):
        picture = {
            "src": draw(st.sampled_from(["photo.jpg"] * 4 + ["gone.png", "../x.png"])),
            "caption": draw(TEXT),
            "alt": draw(TEXT),
            "fit": draw(st.sampled_from(["contain", "cover", "stretch"])),
        }
        return {"image": picture, **({"points": [draw(TEXT)]} if kind == "beside" else {})}
    if kind == "code":
        language = draw(st.sampled_from(["python", "yaml", "nosuch", None]))
        return {
            "code": {
                "source": draw(TEXT),
                **({"language": language} if language else {}),
                **(
                    {"steps": [{"lines": draw(st.sampled_from(["1", "1-2", "9"]))}]}
                    if draw(st.booleans())
                    else {}
                ),
            }
        }
    if kind == "points":
        return {
            "points": draw(
                st.lists(TEXT, min_size=draw(st.sampled_from([1, 1, 1, 0, 1, 1, 1])), max_size=7)
            )
        }
    if kind == "table":
        width = draw(st.integers(1, 3))
        return {
            "table": {
                "columns": [draw(TEXT) for _ in range(width)],
                "rows": [
                    [
                        draw(TEXT)
                        for _ in range(draw(st.sampled_from([width, width, width, width + 1])))
                    ]
                    for _ in range(draw(st.integers(1, 3)))
                ],
            }
        }
    if kind == "glossary":
        return {
            "glossary": [
                {"term": draw(TEXT), "definition": draw(TEXT)}
                for _ in range(draw(st.integers(1, 3)))
            ]
        }
    if kind == "flow":
        ids = draw(
            st.lists(
                st.sampled_from(["a", "b", "c", "d", "e", "a b"]),
                min_size=2,
                max_size=4,
                unique=True,
            )
        )
        return {
            "flow": {
                "nodes": [{"id": i, "label": draw(TEXT)} for i in ids],
                "edges": [
                    {
                        "from": draw(st.sampled_from(ids)),
                        "to": draw(st.sampled_from([*ids, *ids, "zz"])),
                        "label": draw(TEXT),
                    }
                    for _ in range(draw(st.integers(0, 3)))
                ],
            }
        }
    if kind == "two":
        return {"points": ["a"], "glossary": [{"term": "t", "definition": "d"}]}
    return {}


@st.composite
def articles(draw: st.DrawFn) -> Any:
    data: dict[str, Any] = {
        "title": draw(NAME),
        "summary": draw(NAME),
        "sections": [
            {"title": draw(NAME), **body(draw)}
            for _ in range(draw(st.sampled_from([1, 1, 2, 0, 2, 3, 1])))
        ],
    }
    if draw(st.booleans()):
        data["quiz"] = [
            {
                "question": draw(TEXT),
                "options": [draw(TEXT), draw(TEXT)],
                "answer": draw(st.one_of(st.just(1), st.integers(-3, 4), TEXT)),
            }
        ]
    if draw(st.booleans()):
        data["see_also"] = [draw(TEXT)]
    nest = draw(st.integers(0, 4000))  # now and then, nesting far past the limit
    return data, nest if nest > 3600 else 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # drawing is too slow to shrink
    derandomize=bool(os.environ.get("CI")),
)  # CI: the same examples every run
@given(articles())
def test_any_article_is_refused_clearly_or_renders_a_valid_timeline(
    tmp_path_factory, drawn: Any
) -> None:
    data, nest = drawn
    folder: Path = tmp_path_factory.mktemp("fuzz")
    path = folder / "a.yaml"
    shutil.copy(MEDIA.parent / "photo.jpg", folder / "photo.jpg")
    deep = f"tagline: {'[' * nest}x{']' * nest}\n" if nest else ""
    path.write_text(yaml.safe_dump(data, allow_unicode=True) + deep, encoding="utf-8")
    config = RenderConfig(
        out_dir=folder / "out", size=(320, 180), narration=False, use_cache=False, workers=1
    )
    try:
        plan = make_plan(path, config)
    except ArticleError as exc:
        assert "\x1b" not in exc.render() and "\x00" not in exc.render()
        event("refused")
        return  # the one way a bad article may fail
    event("rendered")
    images = rasterize(plan.storyboard, plan.spec, plan.theme, folder / "slides")
    narration = narrate(plan.storyboard, plan.voice)
    timeline = build_timeline(plan.storyboard, narration, plan.spec.fps, config.pacing)
    assert timeline.total_frames > 0
    assert len(timeline.slide_starts) == len(plan.storyboard.slides)
    for slide, paths in zip(plan.storyboard.slides, images.paths, strict=True):
        assert len(paths) == slide.steps and all(p.stat().st_size > 0 for p in paths)
    covered = sorted((span.start, span.end) for span in timeline.spans)
    assert covered[0][0] == 0 and covered[-1][1] == timeline.total_frames
    assert all(a[1] == b[0] for a, b in itertools.pairwise(covered)), "no gaps"
    assert not (folder / "out").exists(), "planning and drawing write nothing to the output"
