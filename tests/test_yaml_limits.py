"""Each limit of the YAML reader is named with its value, never called a mistake of syntax;
and a real mistake of syntax near a limit is not called a limit."""

from __future__ import annotations

import pytest

from renderer.article import load_article
from renderer.errors import ArticleError

HEAD = "title: T\nsummary: S\nsections:\n  - title: A\n    points: [a]\n"
LONG = "x" * 1100


def error_for(write_article, text: str) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        load_article(write_article(text))
    return caught.value


@pytest.mark.parametrize(
    ("text", "says", "where"),
    [
        (
            HEAD + "tags: [" + "a," * 20_001 + "a]\n",
            "more than 20,000 YAML values (the limit)",
            (6, None),
        ),
        (
            HEAD + "tags: " + "[" * 40 + "]" * 40 + "\n",
            "nested more than 32 levels deep (the limit)",
            (6, 38),
        ),
        (HEAD + LONG + ": v\n", "a key is longer than 1,024 characters", (6, 1)),
        (HEAD + f'"{LONG}" : v\n', "a key is longer than 1,024 characters", (6, 1)),
        (HEAD + "tags:\n  - " + LONG + ": c\n", "a key is longer than 1,024 characters", (7, 5)),
        (HEAD + "tags: [" + LONG + ": c]\n", "a key is longer than 1,024 characters", (6, 8)),
        (
            HEAD + "tags: {a: b, " + LONG + ": d}\n",
            "a key is longer than 1,024 characters",
            (6, 14),
        ),
    ],
)
def test_a_limit_names_itself_and_its_value(
    write_article, text: str, says: str, where: tuple[int, int | None]
) -> None:
    error = error_for(write_article, text)
    assert says in error.message and "YAML syntax" not in error.message, error.message
    assert error.hint
    assert error.location is not None and error.location.line == where[0]
    assert where[1] is None or error.location.column == where[1]


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "notes: " + LONG + ": c\n",  # a value holding ': ' is a mistake however long
        HEAD + "tags: {a: " + LONG + ": d}\n",
        HEAD + f'"{LONG}" x\n',  # no ':' after the long key: what is wrong is not its length
        HEAD + "    " + LONG + "\n",  # a line without a key
    ],
)
def test_a_mistake_of_syntax_near_a_limit_is_still_one(write_article, text: str) -> None:
    assert "YAML syntax" in error_for(write_article, text).message


def test_long_text_that_is_not_a_key_is_fine(write_article) -> None:
    article = load_article(
        write_article(
            f"title: T\nsummary: {LONG}\nsections:\n  - title: A\n    points:\n      - {LONG}\n"
            f'    notes: "{LONG}: quoted"\n'
        )
    )
    assert article.summary == LONG


def test_a_file_over_1_mb_says_so(write_article) -> None:
    error = error_for(write_article, HEAD + "# " + "x" * 1_100_000 + "\n")
    assert "the limit is 1,000,000 (1 MB)" in error.message and error.hint
