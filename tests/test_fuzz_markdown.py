"""Whole renders of generated Markdown pages: nothing a page shows is lost without a word.

Hypothesis writes pages out of the pieces real wiki pages are made of (nested lists and
quotes, tables of odd shapes, front matter closed or not, links and pictures of every scheme,
Mermaid of every kind, definition lists, footnotes, raw HTML, punctuation-only and invisible
text). Every word a reader of the page would see is a unique token (`w17x`), so the check is
exact: each page is either refused with an ArticleError (one message, a location) or renders
end to end (silent voice, a small frame, the real encoder) to an MP4 whose slides hold every
visible word, except words of a block a warning says was skipped. No link or picture target
ever reaches a slide or the narration. CI runs the same examples every time.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from renderer import pipeline
from renderer.config import RenderConfig
from renderer.errors import ArticleError
from renderer.plan import make_plan

from .conftest import MEDIA

TARGET = "zzurl"
"""In every link and picture target: it must never be shown or spoken."""
SKIPPED = ("skipped", "left out", "dropped", "not shown", "not a file beside")
"""Warnings that say a part of the page is not in the video (the others only inform)."""
SCHEMES = [
    "https://x.org/",
    "http://x.org/",
    "file:///tmp/",
    "javascript:alert(1)//",
    "data:text/html,",
    "vbscript:",
    "mailto:a@",
    "ftp://x.org/",
    "//x.org/",
    "",
    "./",
    "tel:",
    "chrome://",
]
INVISIBLE = ["...", "—", "\u200b", "\u2060\u200b", "&nbsp;", "\\*", "?!", "।", "· · ·", "…"]
PARTS = [
    "Quick Facts",
    "Glossary",
    "See also",
    "Related",
    "Quiz",
    "Up next",
    "Contents",
    "Questions",
]
"""Section titles that fill a part of the article (facts, glossary, quiz, ...)."""
MERMAID_OTHER = [
    'pie title T\n  "a" : 1',
    "sequenceDiagram\n  A->>B: hi",
    "gantt\n  title G",
    "classDiagram\n  A <|-- B",
    "stateDiagram-v2\n  [*] --> A",
    "erDiagram\n  A ||--o{ B : has",
    "journey\n  title J",
    "mindmap\n  root",
    "gitGraph\n  commit",
    "",
]


@dataclass
class Page:
    """A page being written: its lines, the words a reader sees and which block holds each."""

    lines: list[str] = field(default_factory=list)
    words: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Each visible word and the lines (first, last; 1-based) of the top-level block it is in."""
    sections: dict[str, int] = field(default_factory=dict)
    """Each visible word and the line of the heading of its section."""
    heading: int = 0
    count: int = 0

    def word(self) -> str:
        self.count += 1
        return f"w{self.count}x"

    def block(self, lines: list[str], words: list[str]) -> None:
        first = len(self.lines) + 1
        self.lines.extend(lines)
        if lines[0].startswith("#"):
            self.heading = first
        for word in words:
            self.words[word] = (first, len(self.lines))
            self.sections[word] = self.heading
        self.lines.append("")


def phrase(draw: st.DrawFn, page: Page, words: list[str], most: int = 4) -> str:
    """A run of inline text: words, some emphasised, coded, linked (any scheme)."""
    out = []
    for _ in range(draw(st.integers(1, most))):
        word = page.word()
        kind = draw(
            st.sampled_from(
                ["plain"] * 8 + ["em", "strong", "code", "link", "link2", "image", "invisible"]
            )
        )
        if kind == "image":  # a picture's alt text is not shown text: not expected
            src = draw(st.sampled_from([*SCHEMES, "photo.jpg", "gone.png"]))
            out.append(
                f"![{word}]({src}{TARGET}.png)" if src != "photo.jpg" else f"![{word}](photo.jpg)"
            )
            continue
        if kind == "invisible":
            out.append(draw(st.sampled_from(INVISIBLE)))
            continue
        words.append(word)
        out.append(
            {
                "plain": word,
                "em": f"*{word}*",
                "strong": f"**{word}**",
                "code": f"`{word}`",
                "link": f"[{word}]({draw(st.sampled_from(SCHEMES))}{TARGET})",
                "link2": f"[{word} {(extra := page.word())}](<{TARGET} x.md>)",
            }[kind]
        )
        if kind == "link2":
            words.append(extra)
    return " ".join(out)


def list_lines(
    draw: st.DrawFn, page: Page, words: list[str], depth: int, indent: str, ordered: bool
) -> list[str]:
    lines = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{number}. " if ordered else "- "
        lines.append(indent + marker + phrase(draw, page, words, 3))
        pad = indent + " " * len(marker)
        if depth > 1 and draw(st.integers(0, 2)) == 0:
            lines.extend(list_lines(draw, page, words, depth - 1, pad, draw(st.booleans())))
        elif draw(st.integers(0, 5)) == 0:  # a quote (holding a list, now and then) in an item
            lines.append(pad + "> " + phrase(draw, page, words, 2))
            if draw(st.booleans()):
                lines.append(pad + "> - " + phrase(draw, page, words, 2))
    return lines


def body_block(draw: st.DrawFn, page: Page) -> None:
    words: list[str] = []
    kind = draw(
        st.sampled_from(
            ["paragraph"] * 4
            + ["list"] * 4
            + ["table"] * 2
            + [
                "quote",
                "flow",
                "mermaid",
                "code",
                "deflist",
                "footnote",
                "html",
                "invisible",
                "deep",
            ]
        )
    )
    if kind == "paragraph":
        lines = [phrase(draw, page, words, 6)]
    elif kind == "list":
        lines = list_lines(draw, page, words, draw(st.integers(1, 6)), "", draw(st.booleans()))
    elif kind == "deep":  # lists or quotes nested near (and past) the limit
        depth = draw(st.sampled_from([4, 8, 12, 20, 32, 33, 45]))
        if draw(st.booleans()):
            lines = ["  " * i + "- " + phrase(draw, page, words, 1) for i in range(depth)]
        else:
            lines = ["> " * depth + phrase(draw, page, words, 2)]
    elif kind == "quote":
        lines = ["> " * draw(st.integers(1, 4)) + phrase(draw, page, words, 5)]
        if draw(st.booleans()):
            lines += ["> - " + phrase(draw, page, words, 2), "> - " + phrase(draw, page, words, 2)]
    elif kind == "table":
        width = draw(st.integers(1, 7))
        lines = [
            "| " + " | ".join(phrase(draw, page, words, 2) for _ in range(width)) + " |",
            "|" + "---|" * width,
        ]
        for _ in range(draw(st.integers(0, 4))):
            cells = draw(st.sampled_from([width, width, max(1, width - 1), width + 1, width + 3]))
            lines.append(
                "| "
                + " | ".join(phrase(draw, page, words, 1) for _ in range(cells))
                + (" |" if draw(st.booleans()) else "")
            )
    elif kind == "flow":
        nodes = draw(st.integers(1, 16))
        labels = [page.word() for _ in range(nodes)]
        words.extend(labels)
        lines = ["```mermaid", draw(st.sampled_from(["flowchart TD", "graph LR"]))]
        lines += [f"  n{i}[{labels[i]}] --> n{i + 1}[{labels[i + 1]}]" for i in range(nodes - 1)]
        if nodes == 1:
            lines.append(f"  n0[{labels[0]}]")
        lines.append("```")
    elif kind == "mermaid":  # a kind that is not drawn: skipped with a warning
        lines = ["```mermaid", *draw(st.sampled_from(MERMAID_OTHER)).split("\n"), "```"]
    elif kind == "code":
        word = page.word()
        words.append(word)
        lines = [
            "```" + draw(st.sampled_from(["python", "", "nosuch", "text"])),
            f"{word} = 1",
            "```",
        ]
    elif kind == "deflist":
        term = phrase(draw, page, words, 2)
        lines = [term, "", ": " + phrase(draw, page, words, 3)]
    elif kind == "footnote":  # a footnote's text is skipped with a warning
        lines = [phrase(draw, page, words, 2) + "[^1]", "", "[^1]: " + page.word()]
    elif kind == "html":
        word = page.word()
        words.append(word)
        lines = [
            draw(st.sampled_from([f"<div>{word}</div>", f"<p><b>{word}</b></p>"])),
            "",
            f"<!-- a note {page.word()} -->",
        ]
    else:
        lines = [draw(st.sampled_from(INVISIBLE))]
    page.block(lines, words)


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, Page]:
    page = Page()
    front = {10: "title", 11: "unclosed"}.get(draw(st.integers(0, 11)), "none")
    if front != "none":
        word = page.word()
        lines = ["---", f"title: {word}", "voice: joe"] + (["---"] if front == "title" else [])
        page.block(lines, [word] if front == "title" else [])
    if draw(st.integers(0, 4)):
        words: list[str] = []
        page.block(["# " + phrase(draw, page, words, 3)], words if front != "title" else [])
    if draw(st.integers(0, 9)):
        words = []
        page.block([phrase(draw, page, words, 8)], words)
    for _ in range(draw(st.integers(1, 4))):
        words = []
        heading = draw(st.sampled_from(["## ", "## ", "### ", "## 🚀 ", "part"]))
        if heading == "part":  # a section that fills a part of the article: its title is not
            page.block(["## " + draw(st.sampled_from(PARTS))], [])  # a word of the page's
        else:
            page.block([heading + phrase(draw, page, words, 3)], words)
        for _ in range(draw(st.sampled_from([1, 2, 3, 0]))):
            body_block(draw, page)
    return "\n".join(page.lines), page


def texts(value: Any) -> list[str]:
    """Every string a storyboard holds (slide text, narration, notes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in texts(getattr(value, name))]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [t for f in dataclasses.fields(value) for t in texts(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [t for item in value for t in texts(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in texts(item)]
    return []


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a render is too slow to shrink
    derandomize=bool(os.environ.get("CI")),
)  # CI: the same examples every run
@given(pages())
def test_a_page_is_refused_clearly_or_rendered_with_every_visible_word(
    tmp_path_factory, drawn: tuple[str, Page]
) -> None:
    text, page = drawn
    folder: Path = tmp_path_factory.mktemp("page")
    path = folder / "page.md"
    shutil.copy(MEDIA.parent / "photo.jpg", folder / "photo.jpg")
    path.write_text(text, encoding="utf-8")
    config = RenderConfig(
        out_dir=folder / "out", size=(320, 180), narration=False, use_cache=False, workers=1
    )
    try:
        plan = make_plan(path, config)
    except ArticleError as exc:
        message = exc.render()
        assert "page.md" in message and "\x1b" not in message, message
        event("refused: " + exc.message.split(":")[0][:40])
        return
    event("rendered")
    skipped = {
        int(line)
        for warning in plan.warnings
        if any(s in warning for s in SKIPPED)
        for line in re.findall(r"page\.md:(\d+):", warning)
    }
    held = set(re.findall(r"\w+", " ".join(texts(plan.storyboard.slides)).casefold()))
    left_out = {
        int(line)
        for warning in plan.warnings
        if "table of contents" in warning
        for line in re.findall(r"page\.md:(\d+):", warning)
    }  # a whole section
    lost = [
        word
        for word, (first, last) in page.words.items()
        if word not in held
        and not any(first <= line <= last for line in skipped)
        and page.sections[word] not in left_out
    ]
    assert not lost, f"lost without a word: {lost}\n--- page:\n{text}\n--- warnings:\n" + "\n".join(
        plan.warnings
    )
    assert TARGET not in " ".join(texts(plan.storyboard.slides)), "a link target is shown"
    result = pipeline.render(plan)
    assert result.video.is_file() and result.video.stat().st_size > 0
    assert result.slides == len(plan.storyboard.slides)
