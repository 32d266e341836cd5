"""Loading and validating articles: the bundled one, and a clear error for each mistake."""

from __future__ import annotations

import textwrap

import pytest

from renderer.article import Article, load_article
from renderer.errors import ArticleError

VALID = textwrap.dedent("""\
    title: Test
    summary: A short summary.
    sections:
      - title: One
        points: [a, b]
""")


def test_bundled_article_is_complete(article: Article) -> None:
    assert article.title == "Asynchronous job"
    assert len(article.sections) == 16
    assert article.see_also and len(article.see_also) == 6
    assert article.quiz and len(article.quiz) == 2
    assert article.up_next == "Asynchronous programming"
    text = article.model_dump_json()
    assert "…" not in text, "every line the seed cut off must be completed"


def test_plain_string_points_become_points(write_article) -> None:
    article = load_article(write_article(VALID))
    points = article.sections[0].points
    assert points is not None and [p.text for p in points] == ["a", "b"]


def error_for(write_article, text: str | bytes) -> ArticleError:
    with pytest.raises(ArticleError) as info:
        load_article(write_article(text))
    return info.value


def test_unknown_key_names_line_and_suggests(write_article) -> None:
    error = error_for(write_article, VALID.replace("  - title: One", "  - titel: One"))
    assert error.field == "sections[0].titel"
    assert error.location.line == 4
    assert error.hint == "did you mean 'title'?"


def test_missing_required_field(write_article) -> None:
    error = error_for(write_article, VALID.replace("summary: A short summary.\n", ""))
    assert error.field == "summary"
    assert "missing" in error.message


def test_table_row_with_wrong_cell_count(write_article) -> None:
    text = VALID + (
        "  - title: T\n"
        "    table:\n"
        "      columns: [A, B]\n"
        "      rows:\n"
        "        - [1, 2]\n"
        "        - [1, 2, 3]\n"
    )
    error = error_for(write_article, text)
    assert error.field == "sections[1].table.rows[1]"
    assert error.location.line == 11


def test_quiz_answer_out_of_range(write_article) -> None:
    text = VALID + "quiz:\n  - question: Q?\n    options: [x, y]\n    answer: 3\n"
    error = error_for(write_article, text)
    assert error.field == "quiz[0].answer"
    assert "1 to 2" in (error.hint or "")


def test_flow_edge_to_unknown_node_and_duplicate_ids(write_article) -> None:
    flow = VALID + (
        "  - title: F\n"
        "    flow:\n"
        "      nodes: [{id: a, label: A}, {id: b, label: B}]\n"
        "      edges: [{from: a, to: c}]\n"
    )
    error = error_for(write_article, flow)
    assert error.field == "sections[1].flow.edges[0].to"
    duplicate = flow.replace("{id: b, label: B}", "{id: a, label: B}").replace("to: c", "to: a")
    error = error_for(write_article, duplicate)
    assert error.field == "sections[1].flow.nodes[1].id"


def test_section_with_two_bodies_or_none(write_article) -> None:
    two = VALID + "    glossary: [{term: a, definition: b}]\n"
    assert "two bodies" in error_for(write_article, two).message
    none = VALID.replace("    points: [a, b]\n", "    notes: hi\n")
    assert error_for(write_article, none).field == "sections[0]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: [unclosed\n", "YAML syntax"),
        ("title: a\n\tsummary: b\n", "YAML syntax"),
        ("- just\n- a list\n", "top level must be a mapping"),
        ("   \n", "empty"),
        (b"title: caf\xe9\n", "not UTF-8"),
        ("title: !!python/object/apply:os.system [echo hi]\n", "YAML syntax"),
    ],
)
def test_unreadable_files(write_article, text: str | bytes, expected: str) -> None:
    error = error_for(write_article, text)
    assert expected in error.message
    assert error.render().startswith("error: ")
    assert "Traceback" not in error.render()
