"""Any text the article format allows stays inside its box and inside the title-safe area."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from renderer.article import Article
from renderer.config import VideoSpec
from renderer.media import check_media
from renderer.presets import PHONE_SAFE
from renderer.raster import paint_slide
from renderer.raster.canvas import Canvas
from renderer.storyboard import build_storyboard
from renderer.theme import load_theme

from .conftest import MEDIA

THEME = load_theme()
SAFE = 0.04
"""Fraction of each frame side no text may enter."""

WORDS = st.sampled_from(
    [
        "queue",
        "worker",
        "idempotency",
        "Asynchronous",
        "kaam",
        "hai",
        "jaldi",
        "🚀",
        "👩‍💻",
        "🇮🇳",
        "नमस्ते",
        "क्षत्रिय",
        "श्रृंगार",
        "✅",
        "at-least-once",
        "→",
        "x",
        "Supercalifragilisticexpialidocious-with-no-break-at-all",
        "(concept)",
        "DB/object",
        "الطابور",
        "مللي ثانية",
        "کام",
        "42",
    ]
)
TEXT = st.one_of(
    st.lists(WORDS, min_size=1, max_size=60).map(" ".join),
    st.text(alphabet="abcdefghij कखगघ🎯", min_size=1, max_size=400).filter(str.strip),
    st.just("W" * 300),
)
SHORT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def articles(draw: st.DrawFn) -> dict[str, Any]:
    n_nodes = draw(st.integers(2, 12))
    nodes = [
        {"id": f"n{i}", "label": draw(TEXT), "icon": draw(st.sampled_from(["⚙️", "📥"]))}
        for i in range(n_nodes)
    ]
    edges = [
        {
            "from": f"n{draw(st.integers(0, n_nodes - 1))}",
            "to": f"n{draw(st.integers(0, n_nodes - 1))}",
            "label": draw(SHORT),
        }
        for _ in range(draw(st.integers(0, 14)))
    ]
    columns = draw(st.integers(1, 6))
    rows = [[draw(TEXT) for _ in range(columns)] for _ in range(draw(st.integers(1, 12)))]
    return {
        "language": draw(st.sampled_from(["hi", "ar", "ur"])),  # ar, ur: mirrored slides
        "title": draw(TEXT)[:200],
        "summary": draw(TEXT),
        "brand": draw(SHORT),
        "narrator": draw(SHORT),
        "tagline": draw(SHORT),
        "facts": {
            "title": draw(TEXT),
            "items": [
                {"label": draw(SHORT), "value": draw(TEXT), "icon": "📌"}
                for _ in range(draw(st.integers(1, 6)))
            ],
        },
        "sections": [
            {
                "title": draw(TEXT),
                "icons": ["💡"] * draw(st.integers(0, 6)),
                "points": [draw(TEXT) for _ in range(draw(st.integers(1, 6)))],
            },
            {
                "title": draw(TEXT),
                "table": {"columns": [draw(SHORT) for _ in range(columns)], "rows": rows},
            },
            {
                "title": draw(TEXT),
                "glossary": [
                    {"term": draw(SHORT), "definition": draw(TEXT)}
                    for _ in range(draw(st.integers(1, 8)))
                ],
            },
            {"title": draw(TEXT), "flow": {"nodes": nodes, "edges": edges}},
            {
                "title": draw(TEXT),
                "image": {
                    "src": "photo.jpg",
                    "caption": draw(TEXT),
                    "fit": draw(st.sampled_from(["contain", "cover"])),
                },
            },
            {
                "title": draw(TEXT),
                "image": "logo.png",
                "points": [draw(TEXT) for _ in range(draw(st.integers(1, 6)))],
            },
            {
                "title": draw(TEXT),
                "video": {"src": "clip.mp4", "caption": draw(TEXT), "alt": draw(TEXT)},
            },
            {
                "title": draw(TEXT),
                "code": {
                    "language": draw(st.sampled_from(["python", "bash", "yaml"])),
                    "source": "\n".join(draw(TEXT) for _ in range(draw(st.integers(1, 30)))),
                },
            },
        ],
        "see_also": [draw(TEXT) for _ in range(draw(st.integers(1, 8)))],
        "quiz": [
            {
                "question": draw(TEXT),
                "options": [draw(TEXT) for _ in range(6)],
                "answer": 3,
                "explanation": draw(TEXT),
            }
        ],
        "up_next": draw(TEXT),
    }


def check_canvas(canvas: Canvas) -> None:
    w, h = canvas.width, canvas.height
    for box, fitted in canvas.placed:
        x0, y0, x1, y1 = box
        where = f"slide {canvas.slide.number} ({canvas.slide.kind}) {fitted.lines[:1]}"
        assert fitted.width <= x1 - x0 + 1, where
        assert fitted.height <= y1 - y0 + 1 or len(fitted.lines) == 1, where
        assert x0 >= w * SAFE - 1 and x1 <= w * (1 - SAFE) + 1, where
        assert y0 >= h * SAFE - 1 and y1 <= h * (1 - SAFE) + 1, where
        if canvas.vertical:  # clear of the phone players' overlays (presets.PHONE_SAFE)
            _, _, right, bottom = PHONE_SAFE
            assert y1 <= h * bottom + 1, f"{where}: under the player's title and buttons"
            assert x1 <= w * right + 1 or y1 <= h * 0.4, (
                f"{where}: under the player's column of buttons"
            )


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # painting is too slow to shrink
    derandomize=bool(os.environ.get("CI")),
)  # CI: the same examples every run
@given(data=articles(), vertical=st.booleans())
def test_every_painter_keeps_text_in_bounds(data: dict[str, Any], vertical: bool) -> None:
    article = Article.model_validate(data)
    storyboard = build_storyboard(article, check_media(article, MEDIA))
    spec = VideoSpec(1080, 1920) if vertical else VideoSpec(1280, 720)
    for slide in storyboard.slides:
        canvases: list[Canvas] = []
        paint_slide(storyboard, slide, slide.steps - 1, spec, THEME, inspect=canvases.append)
        check_canvas(canvases[0])
