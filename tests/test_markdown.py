"""Markdown pages, one mapping at a time: what each piece of a page becomes, what is warned
about (with its line), and the errors (file:line, field, hint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.article import Article, load_article, read_article
from renderer.article.mermaid import parse_mermaid
from renderer.errors import ArticleError
from renderer.storyboard import Storyboard, build_storyboard

HEAD = "# Topic\n\nA summary of the topic.\n\n"


def page(tmp_path: Path, body: str, head: str = HEAD) -> Path:
    path = tmp_path / "page.md"
    path.write_text(head + body, encoding="utf-8")
    return path


def read(tmp_path: Path, body: str, head: str = HEAD) -> tuple[Article, list[str]]:
    path = page(tmp_path, body, head)
    return load_article(path, warn=False), read_article(path)[2]


def board(tmp_path: Path, body: str, head: str = HEAD) -> Storyboard:
    return build_storyboard(read(tmp_path, body, head)[0])


def error(tmp_path: Path, body: str, head: str = HEAD) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        load_article(page(tmp_path, body, head), warn=False)
    return caught.value


def test_title_summary_and_sections(tmp_path: Path) -> None:
    article, warnings = read(
        tmp_path, "## 💡 📊 First\n\n- one\n- two\n\n## 🎯 Second\n\n- three\n"
    )
    assert article.title == "Topic" and article.summary == "A summary of the topic."
    assert [s.title for s in article.sections] == ["First", "Second"]
    assert article.sections[0].icons == ["💡", "📊"] and article.sections[1].icon == "🎯"
    assert [p.text for p in article.sections[0].points or []] == ["one", "two"]
    assert warnings == []


def test_lists_fold_nested_items_keep_labels_icons_and_task_marks(tmp_path: Path) -> None:
    article, _ = read(
        tmp_path,
        "## Points\n\n"
        "- **Isolation:** each project pins versions\n"
        "- Spikes are absorbed\n  - by the queue\n  - by workers\n"
        "- ⚡ call `retry_backoff()` then see [the docs](https://x.org/a)\n"
        "- [x] done\n- [ ] open\n"
        "- a point said otherwise\n  > What the voice says instead.\n",
    )
    points = article.sections[0].points or []
    assert points[0].text == "Isolation: each project pins versions"
    assert points[1].text == "Spikes are absorbed: by the queue; by workers"
    assert (points[2].icon, points[2].text) == ("⚡", "call retry_backoff() then see the docs")
    assert points[2].say == "call retry backoff then see the docs"
    assert (points[3].icon, points[3].text) == ("✅", "done")
    assert (points[4].icon, points[4].text) == ("⬜", "open")
    assert points[5].say == "What the voice says instead."
    assert len(points) == 6


def test_long_nested_text_is_spoken_not_crammed(tmp_path: Path) -> None:
    long = "a nested explanation that goes on for a while " * 5
    article, _ = read(tmp_path, f"## Points\n\n- short parent\n  - {long}\n")
    point = (article.sections[0].points or [])[0]
    assert point.text == "short parent" and point.say and long.split()[-1] in point.say


def test_more_than_six_points_continue_on_slides_of_the_same_title(tmp_path: Path) -> None:
    items = "".join(f"- item {i}\n" for i in range(1, 10))
    article, _ = read(tmp_path, f"## Many\n\n{items}")
    assert [len(s.points or []) for s in article.sections] == [5, 4]  # shared evenly
    assert {s.title for s in article.sections} == {"Many"}


def test_paragraphs_lead_into_a_list_and_are_spoken_before_its_points(tmp_path: Path) -> None:
    slide = board(tmp_path, "## Why\n\nRequests should be fast:\n\n- users wait less\n").slides[1]
    assert [c.text for c in slide.cues] == ["Why.", "Requests should be fast.", "users wait less."]
    assert [c.step for c in slide.cues] == [0, 0, 1]


def test_a_section_of_paragraphs_is_a_slide_of_its_sentences(tmp_path: Path) -> None:
    article, _ = read(
        tmp_path, "## Prose\n\nFirst sentence here. Second one! A third?\n\nAnother paragraph.\n"
    )
    points = article.sections[0].points or []
    assert [p.text for p in points] == [
        "First sentence here.",
        "Second one!",
        "A third?",
        "Another paragraph.",
    ]


def test_empty_sections_are_skipped_with_a_warning(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, "## Empty\n\n## Full\n\n- x\n")
    assert [s.title for s in article.sections] == ["Full"]
    assert warnings == [f"{tmp_path / 'page.md'}:5: section 'Empty' has nothing to show; skipped"]


def test_sub_headings_are_slides_of_their_own(tmp_path: Path) -> None:
    article, warnings = read(
        tmp_path,
        "## Install\n\n### Linux\n\n- apt\n\n### macOS\n\n- brew\n\n#### Note\n\nHomebrew first.\n",
    )
    assert [s.title for s in article.sections] == ["Linux", "macOS"]
    assert article.sections[1].intro == "Note Homebrew first."
    assert warnings == []  # a heading with sub-slides may have nothing of its own


def test_tables_with_narration_lead_ins_and_rows_split(tmp_path: Path) -> None:
    rows = "".join(f"| {i} | row {i} |\n" for i in range(14))
    article, _ = read(
        tmp_path,
        "## Codes\n\nThe codes are:\n\n| Code | Name |\n|---|---|\n"
        + rows
        + "\nThey are sent by servers.\n",
    )
    first, second = article.sections
    assert first.table and first.table.columns == ["Code", "Name"] and len(first.table.rows) == 7
    assert second.table and second.table.rows[-1] == ["13", "row 13"]
    assert first.intro == "The codes are:" and first.narration == "They are sent by servers."
    assert second.intro is None and second.narration is None


def test_a_table_in_a_code_fence_is_a_table(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, "## Fenced\n\n```\n| A | B |\n|---|---|\n| 1 |   |\n```\n")
    table = article.sections[0].table
    assert table and table.columns == ["A", "B"] and table.rows == [["1", "—"]]
    assert warnings == []


def test_wide_tables_keep_six_columns_and_say_so(tmp_path: Path) -> None:
    head = "| " + " | ".join("abcdefgh") + " |\n|" + "---|" * 8 + "\n"
    article, warnings = read(
        tmp_path, "## Wide\n\n" + head + "| " + " | ".join("12345678") + " |\n"
    )
    assert article.sections[0].table and len(article.sections[0].table.columns) == 6
    assert warnings and "'g', 'h' are left out" in warnings[0] and ":7:" in warnings[0]


FLOW = """\
flowchart TD
    %% a comment
    dev([👩‍💻 Developer]) -->|push| repo[(Repository)]
    repo ==> ci{{CI runner}}
    subgraph checks [Checks]
        lint[Lint] & test["Unit tests (fast)"] --> report((Report))
    end
    ci --> lint & test
    report -. failed .-> dev
    report -- passed --> merge>Merge] --- done[[Done]]
    A -.-> B
    C --x D
    classDef warn fill:#f96
    class report warn
    style merge fill:#9f9
"""


def test_mermaid_flowcharts() -> None:
    chart = parse_mermaid(FLOW)
    assert chart.is_flow and chart.skipped == []
    assert chart.nodes["dev"] == "👩‍💻 Developer" and chart.nodes["test"] == "Unit tests (fast)"
    assert ("repo", "ci", None) in chart.edges and ("report", "dev", "failed") in chart.edges
    assert ("lint", "report", None) in chart.edges and ("test", "report", None) in chart.edges
    assert ("ci", "lint", None) in chart.edges and ("ci", "test", None) in chart.edges
    assert ("report", "merge", "passed") in chart.edges and ("merge", "done", None) in chart.edges
    assert ("A", "B", None) in chart.edges and ("C", "D", None) in chart.edges
    assert chart.subgraphs == {"checks": "Checks"}
    for direction in ("TD", "TB", "BT", "LR", "RL"):
        assert parse_mermaid(f"graph {direction}\n a-->b").edges == [("a", "b", None)]
    assert (
        parse_mermaid("flowchart LR\n a --> sub\n subgraph sub [Backend]\n x\n end").nodes["sub"]
        == "sub"
    )
    assert (
        parse_mermaid("flowchart LR\n subgraph sub [Backend]\n x\n end\n a --> sub").nodes["sub"]
        == "Backend"
    )


def test_mermaid_in_a_page_is_a_flow_slide(tmp_path: Path) -> None:
    article, warnings = read(
        tmp_path, "## Pipeline\n\n```mermaid\n" + FLOW + "```\n\nEvery push is checked.\n"
    )
    flow = article.sections[0].flow
    assert flow and len(flow.nodes) == 12 and flow.nodes[0].icon == "👩‍💻"
    assert flow.nodes[0].label == "Developer"
    assert article.sections[0].narration == "Every push is checked."
    assert warnings == []


def test_unreadable_mermaid_lines_other_kinds_and_huge_charts_are_reported(tmp_path: Path) -> None:
    chain = " --> ".join(f"n{i}" for i in range(14))
    article, warnings = read(
        tmp_path,
        "## A\n\n```mermaid\nflowchart LR\n  a --> b\n  x -> y\n"
        "```\n\n## B\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n"
        "```\n\nStill said.\n\n## C\n\n```mermaid\ngraph LR\n"
        f"  {chain}\n```\n",
    )
    assert [s.title for s in article.sections] == ["A", "B", "C", "C", "C"]
    assert article.sections[0].flow and len(article.sections[0].flow.nodes) == 2
    assert any(w.endswith(":10: Mermaid line not understood, skipped: 'x -> y'") for w in warnings)
    assert any(":15: Mermaid 'sequenceDiagram'" in w for w in warnings)
    assert any(":24: the flowchart has 14 nodes" in w for w in warnings)
    assert (article.sections[2].points or [])[0].text == "n0 to n1."


def test_glossary_from_bold_terms_plain_terms_and_definition_lists(tmp_path: Path) -> None:
    article, _ = read(
        tmp_path,
        "## Glossary\n\n- **Job**: a unit of work\n- **Worker** — a "
        "process\n\n## Terms\n\n- Queue: a buffer\n\n## Words\n\nBroker\n"
        ": runs the queue\n",
    )
    entries = [[(e.term, e.definition) for e in s.glossary or []] for s in article.sections]
    assert entries == [
        [("Job", "a unit of work"), ("Worker", "a process")],
        [("Queue", "a buffer")],
        [("Broker", "runs the queue")],
    ]


def test_facts_see_also_and_up_next(tmp_path: Path) -> None:
    article, warnings = read(
        tmp_path,
        "## Topic — Quick Facts\n\n- 📌 **Type:** pattern\n\n"
        "## Body\n\n- x\n\n## See also\n\n- [Cron](cron.md)\n- Retry\n\n"
        "## Up next\n\n[Cron](cron.md)\n",
    )
    assert article.facts and article.facts.title == "Topic — Quick Facts"
    assert (
        article.facts.items[0].icon,
        article.facts.items[0].label,
        article.facts.items[0].value,
    ) == ("📌", "Type", "pattern")
    assert article.see_also == ["Cron", "Retry"] and article.up_next == "Cron"
    assert [s.title for s in article.sections] == ["Body"] and warnings == []


QUIZ = """\
## Quiz

### What is a job?

- [ ] A database index
- [x] Work done later

Workers do it later.

Which one retries?

- [x] Backoff
- [ ] Nothing

1. Nested form?
   - [ ] no
   - [x] yes
"""


def test_quiz_from_headings_paragraphs_and_nested_lists(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "## Body\n\n- x\n\n" + QUIZ)
    quiz = article.quiz or []
    assert [(q.question, q.answer, q.explanation) for q in quiz] == [
        ("What is a job?", 2, "Workers do it later."),
        ("Which one retries?", 1, None),
        ("Nested form?", 2, None),
    ]
    assert quiz[0].options == ["A database index", "Work done later"]


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ("- [ ] a\n- [ ] b\n", "no option is marked as the right answer"),
        ("- [x] a\n- [x] b\n", "2 options are marked right"),
    ],
)
def test_quiz_mistakes_name_their_line(tmp_path: Path, marks: str, message: str) -> None:
    found = error(tmp_path, "## Body\n\n- x\n\n## Quiz\n\nQuestion?\n\n" + marks)
    assert message in found.message and found.location.line == 13
    assert found.field == "quiz[0].answer" and found.hint


def test_links_code_emphasis_and_inline_html_read_sensibly(tmp_path: Path) -> None:
    article, warnings = read(
        tmp_path,
        "## Text\n\nSee [the guide](https://x.org/guide), "
        "https://www.python.org/3/ and *emphasis* with `snake_case` and "
        "<kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>.<script>alert(1)"
        "</script>\n",
    )
    point = (article.sections[0].points or [])[0]
    assert point.text == "See the guide, python.org and emphasis with snake_case and Ctrl+C, x2."
    assert point.say == "See the guide, python.org and emphasis with snake case and Ctrl+C, x2."
    assert warnings == [f"{tmp_path / 'page.md'}:7: raw HTML dropped: <script>"]


def test_html_blocks_keep_text_comments_are_notes(tmp_path: Path) -> None:
    article, warnings = read(
        tmp_path,
        "## Html\n\n<div><p>Kept <b>text</b>.</p><iframe "
        "src=x>gone</iframe></div>\n\n<!-- a speaker note -->\n\n"
        "<!-- markdownlint-disable MD033 -->\n",
    )
    section = article.sections[0]
    assert [p.text for p in section.points or []] == ["Kept text."]
    assert section.notes == "a speaker note"
    assert warnings == [f"{tmp_path / 'page.md'}:7: raw HTML dropped: <iframe>"]


def test_navigation_missing_pictures_and_footnotes_are_left_out_with_their_line(
    tmp_path: Path,
) -> None:
    article, warnings = read(
        tmp_path,
        "[< Back to the list](index.md)\n\n## A\n\nText[^1] "
        "![chart](chart.png) ![badge](https://x.org/b.svg)\n\n"
        "[^1]: a note\n",
    )
    assert [p.text for p in article.sections[0].points or []] == ["Text"]
    lines = [w.split(": ", 1)[0].rsplit(":", 1)[1] for w in warnings]
    assert lines == ["5", "9", "9", "11"], warnings
    assert "navigation line" in warnings[0] and "image 'chart.png' not found" in warnings[1]
    assert "image 'badge' is not a file beside the page" in warnings[2]
    assert "footnote" in warnings[3]


def _picture(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 80, 40)).save(path)


def test_pictures_and_code_blocks_become_slides(tmp_path: Path) -> None:
    _picture(tmp_path / "chart.png")
    article, warnings = read(
        tmp_path,
        '## Chart\n\n![A bar chart](chart.png "Sales")\n\n'
        "Sales doubled.\n\n## Beside\n\n- one\n- two\n\n![](chart.png)\n\n"
        "## Code\n\nRun it like this:\n\n```python\nprint('hi')\n```\n\n"
        "## Odd\n\n```brainfudge\n+++.\n```\n",
    )
    chart, beside, code, odd = article.sections
    assert chart.image and (chart.image.src, chart.image.alt, chart.image.caption) == (
        "chart.png",
        "A bar chart",
        "Sales",
    )
    assert chart.narration == "Sales doubled."
    assert beside.points and beside.image and beside.image.src == "chart.png"
    assert code.code and (code.code.source, code.code.language) == ("print('hi')", "python")
    assert code.intro == "Run it like this:"
    assert odd.code and odd.code.language is None
    assert any("code language 'brainfudge' is not known" in w for w in warnings)


def test_front_matter_fields_aliases_and_site_keys(tmp_path: Path) -> None:
    head = (
        "---\nlayout: post\ntitle: From front matter\ndescription: The summary.\n"
        "keywords: a, b\nvoice: joe\nbrand: Brand\nlanguage: hi\n---\n\n# Heading\n\n"
    )
    article, warnings = read(
        tmp_path,
        "<!-- no paragraph here -->\n\n## Intro\n\nFirst paragraph.\n\n## S\n\n- x\n",
        head,
    )
    assert (article.title, article.summary, article.voice, article.brand, article.language) == (
        "From front matter",
        "The summary.",
        "joe",
        "Brand",
        "hi",
    )
    assert article.tags == ["a", "b"]
    assert [s.title for s in article.sections] == ["Intro", "S"]
    assert any(":2: front matter key 'layout'" in w for w in warnings)
    assert any(":11: the front matter's title" in w for w in warnings)


def test_front_matter_mistakes_point_into_the_page(tmp_path: Path) -> None:
    found = error(tmp_path, "## S\n\n- x\n", "---\ntitle: T\nvioce: joe\n---\n\nSummary.\n\n")
    assert found.location.line == 3 and "unknown key 'vioce'" in found.message
    assert found.hint == "did you mean 'voice'?"
    found = error(tmp_path, "## S\n\n- x\n", "---\ntitle: T\nsee_also: 3\n---\n\nSummary.\n\n")
    assert found.location.line == 3 and found.field == "see_also"
    found = error(tmp_path, "## S\n\n- x\n", "---\ntitle: [unclosed\n---\n\nSummary.\n\n")
    assert found.location.line and found.location.line >= 2 and "front matter" in found.message
    found = error(
        tmp_path,
        "## See also\n\n- Cron\n\n## S\n\n- x\n",
        "---\nsee_also: [Retry]\n---\n\n# T\n\nSummary.\n\n",
    )
    assert "given twice" in found.message and "line 2" in found.message


def test_limits_and_text_errors_name_the_line_in_the_page(tmp_path: Path) -> None:
    found = error(tmp_path, "## S\n\n- x\n- " + "word " * 500 + "\n")
    assert found.location.line == 8 and found.field == "sections[0].points[1].text"
    sections = "".join(f"## S{i}\n\n- x\n\n" for i in range(61))
    found = error(tmp_path, sections)
    assert found.field == "sections" and "at most 60" in found.message
    found = error(tmp_path, "", head="# Only a title\n")
    assert "summary" in found.message and found.hint
    found = error(tmp_path, "", head="# Title\n\nJust a summary.\n")
    assert "nothing to show" in found.message


def test_a_page_without_a_title_is_named_after_its_file(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, "## S\n\n- x\n", head="Summary first.\n\n")
    assert article.title == "Page" and "no '# Title'" in warnings[-1]


def test_mermaid_front_matter_and_admonition_labels(tmp_path: Path) -> None:
    chart = parse_mermaid(
        "---\ntitle: Node\nconfig:\n  theme: forest\n---\nflowchart LR\n  a --> b\n  oops ->\n"
    )
    assert chart.is_flow and chart.edges == [("a", "b", None)]
    assert chart.skipped == [(7, "oops ->")]  # lines still count from the block's first
    article, _ = read(
        tmp_path,
        "## Careful\n\n> **Warning**\n> Pickle is not secure.\n\n> [!NOTE]\n> Redis 6 or newer.\n",
    )
    assert [p.text for p in article.sections[0].points or []] == [
        "Pickle is not secure.",
        "Redis 6 or newer.",
    ]


def test_summary_then_first_paragraph_then_description(tmp_path: Path) -> None:
    head = "---\ndescription: From the site.\nsummary: Our own.\n---\n\n# T\n\n"
    article, _ = read(tmp_path, "First paragraph.\n\n## S\n\n- x\n", head)
    assert article.summary == "Our own."
    assert [s.title for s in article.sections] == ["Introduction", "S"]
    head = "---\ndescription: From the site.\n---\n\n# T\n\n"
    article, _ = read(tmp_path, "First paragraph.\n\n## S\n\n- x\n", head)
    assert article.summary == "First paragraph." and len(article.sections) == 1
    article, _ = read(tmp_path, "## S\n\nA paragraph.\n\n- x\n", head)
    assert article.summary == "From the site." and article.sections[0].intro == "A paragraph."


def test_urls_inside_code_are_kept(tmp_path: Path) -> None:
    article, _ = read(
        tmp_path, "## S\n\n- run `curl https://example.com/api` or see https://example.com/docs\n"
    )
    assert (article.sections[0].points or [])[
        0
    ].text == "run curl https://example.com/api or see example.com"


def test_a_row_longer_than_its_header_keeps_its_cells(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, "## T\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 |\n| 5 |\n")
    table = article.sections[0].table
    assert table and table.columns == ["a", "b", "—", "—"]
    assert table.rows == [["1", "2", "3", "4"], ["5", "—", "—", "—"]]
    assert len(warnings) == 1 and ":9:" in warnings[0] and "widened with 2 empty" in warnings[0]
    # in a fence, without outer pipes, with an escaped pipe in a cell
    article, warnings = read(tmp_path, "## T\n\n```\na | b\n--|--\nx \\| y | 2 | 3\n```\n")
    table = article.sections[0].table
    assert table and table.columns == ["a", "b", "—"] and table.rows == [["x | y", "2", "3"]]
    assert len(warnings) == 1 and ":10:" in warnings[0]


@pytest.mark.parametrize(
    "target",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,hi",
        "vbscript:x",
        "//host/x",
        "ftp://x.org/y",
        "mailto:a@b.c",
        "https://x.org/y",
    ],
)
def test_a_link_of_any_scheme_is_its_text_and_a_picture_is_left_out(
    tmp_path: Path, target: str
) -> None:
    article, warnings = read(
        tmp_path, f"## S\n\nSee [the words]({target}) here.\n\n![a picture]({target})\n"
    )
    point = article.sections[0].points[0]  # type: ignore[index]
    assert point.text == "See the words here."
    assert warnings == [
        f"{tmp_path / 'page.md'}:9: image 'a picture' is not a file beside "
        "the page (nothing is downloaded); skipped"
    ]
    shown = build_storyboard(article)
    assert "](" not in str(shown) and target not in str(shown)


def test_lists_and_quotes_nested_as_deep_as_allowed_keep_every_word(tmp_path: Path) -> None:
    items = "".join("  " * i + f"- word{i}\n" for i in range(32))
    quote = "> " * 32 + "quoted\n"
    article, warnings = read(tmp_path, f"## L\n\n{items}\n## Q\n\n{quote}\n## After\n\nEnd.\n")
    text = str(build_storyboard(article))
    assert all(f"word{i}" in text for i in range(32)) and "quoted" in text and "End." in text
    assert not warnings
    deep = error(tmp_path, "## L\n\n" + "".join("  " * i + "- w\n" for i in range(33)))
    assert deep.location.line == 39 and "more than 32 levels" in deep.message


def test_unclosed_front_matter_is_an_error_and_a_closed_one_is_read(tmp_path: Path) -> None:
    body = "\n# Topic\n\nSummary.\n\n## S\n\nx\n"
    exc = error(tmp_path, "", head="---\ntitle: T\nvoice: joe\n" + body)
    assert exc.location.line == 1 and "never closed" in exc.message
    article, _ = read(tmp_path, "", head="---\ntitle: T\n---\n" + body)
    assert article.title == "T" and article.summary == "Summary."


def test_real_docs_syntax_is_read_not_shown(tmp_path: Path) -> None:
    """What real docs pages hold (found rendering 34 public pages): heading ids, site macros
    and shortcodes, MkDocs admonitions with indented bodies, a VitePress container without
    blank lines, fence options, mdBook includes, MDN's `- : definition`, nested task marks."""
    head = (
        "*[English](README.md) ∙ [Deutsch](README-de.md)*\n\n"
        '# Map {#map}\n\n{{JSRef}}\n\nThe **map()** method of {{jsxref("Array")}} '
        'instances.\n\n{{EmbedInteractiveExample("pages/js/array-map.html")}}\n\n'
    )
    article, warnings = read(
        tmp_path,
        (
            "## Parameters { #parameters }\n\n- `callbackFn`\n  - : A function to run.\n"
            "- [ ] Tasks\n    * [x] done one\n    * [ ] open one\n"
            "- Look at the files.\n\n  ![shot](images/none.webp)\n\n"
            '## Notes\n\n!!! note "Heads up"\n\n    The body is prose, not code.\n\n'
            "??? tip\n\n    Folded body.\n\n:::tip API Preference\nThis page has both.\n:::\n\n"
            '{{< glossary_definition term_id="cluster" >}}\n\n'
            'Addons use {{< glossary_tooltip text="DaemonSet" term_id="daemonset" >}}.\n\n'
            "## Code\n\n```js{2-6}\nlet a = 1;\n```\n\n```rust,ignore\nfn main() {}\n```\n\n"
            "```rust\n{{#rustdoc_include ../listings/x/src/main.rs}}\n```\n"
        ),
        head=head,
    )
    assert article.title == "Map" and article.summary == "The map() method of Array instances."
    first, notes, *code = article.sections
    assert first.title == "Parameters"
    texts = [p.text for p in first.points or []]
    assert texts == [
        "callbackFn: A function to run.",
        "Tasks: ✅ done one; ⬜ open one",
        "Look at the files.",
    ]
    assert (first.points or [])[1].icon == "⬜"
    assert notes.title == "Notes" and notes.points
    said = " ".join(p.text for p in notes.points)
    assert "The body is prose, not code." in said and "Folded body." in said
    assert "API Preference This page has both." in said and "Addons use DaemonSet." in said
    assert not any(m in said for m in (":::", "???", "!!!", "{{"))
    assert [(c.code.language if c.code else None) for c in code] == ["js", "rust"]
    found = "\n".join(warnings)
    assert "navigation line" in found and "site macro {{JSRef}} dropped" in found
    assert "glossary_definition" in found and "rustdoc_include" in found
    assert "EmbedInteractiveExample" in found and "pages/js" not in str(article.sections)
    assert "not known" not in found


def test_an_mdx_page_is_markdown_and_other_files_are_named(tmp_path: Path) -> None:
    path = tmp_path / "page.mdx"
    path.write_text(
        "# Tabs\n\nimport Tabs from '@theme/Tabs';\n\nA summary.\n\n## S\n\n- one\n",
        encoding="utf-8",
    )
    article, warnings = load_article(path, warn=False), read_article(path)[2]
    assert article.summary == "A summary." and "MDX statement" in warnings[0]
    (tmp_path / "notes.txt").write_text("title: x\n")
    with pytest.raises(ArticleError) as caught:
        load_article(tmp_path / "notes.txt", warn=False)
    assert "'.txt' is not a kind of article file" in caught.value.message


def test_every_text_a_font_lacks_is_named_at_once(tmp_path: Path, capsys) -> None:
    from .test_cli import run

    path = page(tmp_path, "## S\n\n- ภาษาไทย one\n- fine\n- ภาษาไทย two\n- தமிழ் three\n")
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2 and "page.md:7:" in err, err
    assert "2 other texts cannot be drawn either (lines 9, 10)" in err, err
