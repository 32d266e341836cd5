"""Whole Markdown pages: golden storyboards of pages unlike each other, the bundled page equal
to the bundled YAML, `import` round trips, any text gives a storyboard or the article error,
and the CLI renders, previews, validates and batches pages."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from renderer.article import load_article, read_article
from renderer.article.markdown_reader import read_markdown
from renderer.errors import ArticleError
from renderer.probe import probe
from renderer.storyboard import Storyboard, build_storyboard

from .conftest import ROOT
from .test_cli import run

PAGES = Path(__file__).parent / "markdown" / "pages"
GOLDEN = Path(__file__).parent / "markdown" / "golden"


def snapshot(storyboard: Storyboard, warnings: list[str]) -> dict[str, Any]:
    """Everything a storyboard holds, as JSON: slides with their bodies and cues."""

    def plain(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump(by_alias=True, exclude_none=True, mode="json")
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
        return value

    return {
        "title": storyboard.title,
        "slug": storyboard.slug,
        "language": storyboard.language,
        "brand": storyboard.brand,
        "narrator": storyboard.narrator,
        "slides": [
            {
                "kind": s.kind.value,
                "label": s.label,
                "title": s.title,
                "icons": list(s.icons),
                "steps": s.steps,
                "notes": s.notes,
                "cues": [[c.step, c.text] for c in s.cues],
                "body": plain(s.body),
            }
            for s in storyboard.slides
        ],
        "warnings": [
            w.split(": ", 1)[0].rsplit(":", 1)[-1] + ": " + w.split(": ", 1)[1] for w in warnings
        ],
    }


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.md")))
def test_page_matches_its_golden_storyboard(name: str, request: pytest.FixtureRequest) -> None:
    path = PAGES / f"{name}.md"
    found = json.loads(
        json.dumps(
            snapshot(build_storyboard(load_article(path, warn=False)), read_article(path)[2])
        )
    )
    golden = GOLDEN / f"{name}.json"
    if request.config.getoption("--update-goldens"):
        golden.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden {golden.name}; run pytest --update-goldens"
    assert found == json.loads(golden.read_text(encoding="utf-8"))


def test_the_bundled_page_is_the_bundled_article(storyboard: Storyboard) -> None:
    page = build_storyboard(load_article(ROOT / "articles" / "asynchronous-job.md"))
    assert page.total == storyboard.total == 22
    for ours, theirs in zip(page.slides, storyboard.slides, strict=True):
        assert ours == theirs, f"slide {ours.number} differs"
    assert page == storyboard
    assert read_article(ROOT / "articles" / "asynchronous-job.md")[2] == []


@pytest.mark.parametrize(
    "path",
    [*sorted(PAGES.glob("*.md")), ROOT / "articles" / "asynchronous-job.md"],
    ids=lambda p: p.stem,
)
def test_import_round_trips(path: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "imported.yaml"
    code, out, err = run(["import", str(path), "-o", str(target)], capsys)
    assert code == 0, err
    assert f"wrote {target}" in out
    original = build_storyboard(load_article(path, warn=False))
    assert build_storyboard(load_article(target)) == original
    code, _, err = run(["import", str(path), "-o", str(target)], capsys)
    assert code == 2 and "exists" in err and "--force" in err


def test_import_mistakes_are_one_line(tmp_path: Path, capsys) -> None:
    page = PAGES / "nested-lists.md"
    code, _, err = run(["import", str(page), "-o", str(tmp_path / "x.txt")], capsys)
    assert code == 2 and "not a .yaml file" in err
    code, _, err = run(["import", str(tmp_path / "missing.md")], capsys)
    assert code == 2 and "file not found" in err and "Traceback" not in err


MARKDOWN_BITS = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "#### ",
        "- ",
        "* ",
        "1. ",
        "  - ",
        "- [x] ",
        "- [ ] ",
        "> ",
        "| ",
        "|---|",
        "```",
        "```mermaid\n",
        "flowchart LR\n",
        "A --> B",
        "-->|x|",
        "[[",
        "]]",
        "{{",
        "**",
        "_",
        "`",
        "[link](u)",
        "![img](p.png)",
        "<kbd>",
        "</kbd>",
        "<script>",
        "<!--",
        "-->",
        "---\n",
        "title: x\n",
        "Term\n: def\n",
        "[^1]",
        "\n",
        "\n\n",
        "Quiz",
        "See also",
        "Glossary",
        "Quick facts",
        "Up next",
        ": ",
        "💡 ",
        "\t",
        "\u200b",
        "\x00",
        "\x1b",
        "क्ष",
    ]
)
TEXTS = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=12)), max_size=40).map("".join)
WORDS = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=16)


def _lines(prefix: str) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=1, max_size=9).map(
        lambda words: "".join(f"{prefix}{w}\n" for w in words)
    )


BLOCKS = st.one_of(
    WORDS.map(lambda w: f"{w}\n"),
    WORDS.map(lambda w: f"## {w}\n"),
    WORDS.map(lambda w: f"### {w}\n"),
    _lines("- "),
    _lines("  - "),
    _lines("1. "),
    _lines("- [ ] "),
    _lines("- [x] "),
    _lines("| "),
    _lines("> "),
    st.lists(st.sampled_from("abcdefghijklmn"), min_size=2, max_size=16).map(
        lambda ids: "```mermaid\nflowchart LR\n" + " --> ".join(ids) + "\n```\n"
    ),
    WORDS.map(lambda w: f"- **{w}**: {w}\n"),
    WORDS.map(lambda w: f"{w}\n: {w}\n"),
    st.sampled_from(
        [
            "## Quiz\n",
            "## Glossary\n",
            "## See also\n",
            "## Quick facts\n",
            "## Up next\n",
            "|---|---|\n",
            "```\n",
            "<!-- note -->\n",
        ]
    ),
    MARKDOWN_BITS,
)
PAGES_TEXT = st.tuples(WORDS, WORDS, st.lists(BLOCKS, max_size=30)).map(
    lambda t: f"# {t[0]}\n\n{t[1]}\n\n" + "\n".join(t[2])
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTS, PAGES_TEXT))
def test_any_markdown_gives_a_storyboard_or_the_article_error(text: str) -> None:
    path = Path("/tmp/fuzz.md")
    try:
        data, marks, warnings = read_markdown(path, text)
    except ArticleError:
        return
    from renderer.article import Article
    from renderer.article.rules import check_meaning
    from renderer.article.yaml_reader import validate

    try:
        article = validate(Article, data, path, marks)
        check_meaning(article, path, marks)
    except ArticleError:
        return
    assert build_storyboard(article).total >= 3
    assert all(isinstance(w, str) and w.startswith(str(path)) for w in warnings)


def test_a_page_renders_and_batches_beside_yaml(
    tmp_path: Path, capsys, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "queues.md").write_text(
        "# Queues\n\nA queue holds work.\n\n## Why\n\n- fast\n"
        "- safe\n\n## Flow\n\n```mermaid\ngraph LR\n a[App] --> "
        "q[Queue]\n```\n",
        encoding="utf-8",
    )
    (folder / "cron.yaml").write_text(
        "title: Cron\nsummary: Runs on time.\nsections:\n"
        "  - title: Idea\n    points: [every minute]\n"
    )
    out = tmp_path / "out"
    code, printed, err = run(["preview", str(folder / "queues.md"), "--out", str(out)], capsys)
    assert code == 0, err
    assert "6 slide images" in printed
    code, printed, err = run(["validate", str(folder / "queues.md")], capsys)
    assert code == 0 and "valid" in printed
    code, printed, err = run(
        [
            str(folder / "queues.md"),
            "--out",
            str(out / "direct"),
            "--no-narration",
            "--preset",
            "youtube-720p",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capsys,
    )
    assert code == 0, err
    assert probe(out / "direct" / "queues.mp4").height == 720 and "4 slides" in printed
    code, _, err = run(["import", str(folder / "queues.md")], capsys)  # queues.yaml beside it
    assert code == 0, err
    code, printed, err = run(
        [
            "batch",
            str(folder),
            "--out",
            str(out),
            "--no-narration",
            "--preset",
            "youtube-720p",
            "--cache-dir",
            str(tmp_path / "c"),
            "--jobs",
            "1",
        ],
        capsys,
    )
    assert code == 0, err
    assert "queues.md: left out; queues.yaml" in caplog.text
    assert sorted(p.name for p in out.glob("*.mp4")) == ["cron.mp4", "queues.mp4"]
    assert probe(out / "queues.mp4").width == 1280


def test_a_catalogue_lists_pages(tmp_path: Path) -> None:
    from renderer.catalogue import load_catalogue

    (tmp_path / "page.md").write_text("# Page\n\nSummary.\n\n## S\n\n- x\n", encoding="utf-8")
    (tmp_path / "catalogue.yaml").write_text(
        "articles:\n  - page.md\n  - {path: page.md, preset: shorts, out: vertical}\n",
        encoding="utf-8",
    )
    items = load_catalogue(tmp_path / "catalogue.yaml")
    assert [item.path.name for item in items] == ["page.md", "page.md"]
    assert items[1].settings.given() == {"preset": "shorts", "out_dir": Path("vertical")}
    assert load_article(items[0].path).title == "Page"
