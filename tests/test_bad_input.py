"""Bad input: every mistake in the committed corpus gives one clear error and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renderer.article import load_article
from renderer.errors import ArticleError

from .test_cli import run

CORPUS = Path(__file__).parent / "bad_articles"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def test_the_corpus_covers_every_file() -> None:
    found = {p.name for p in [*CORPUS.glob("*.yaml"), *CORPUS.glob("*.md")]}
    assert set(EXPECTED) == found - {"expected.yaml"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["validate", "render"])
def test_each_mistake_is_one_clear_error(name: str, command: str, tmp_path: Path, capsys) -> None:
    want = EXPECTED[name]
    out = tmp_path / "out"
    args = [command, str(CORPUS / name)]
    if command == "render":
        args += ["--out", str(out), "--no-narration", "--cache-dir", str(tmp_path / "c")]
    code, _, err = run(args, capsys)
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 3, err
    first = err.strip().splitlines()[0]
    location = f"{name}:{want['line']}" if want["line"] else f"{name}:"
    assert location in first, first
    if want["field"]:
        assert f"[{want['field']}]" in first, first
    assert want["says"] in err, err
    assert "hint:" in err or want["line"] is None, err
    assert not out.exists() or not any(out.iterdir()), "nothing is written"


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: Big\nsummary: x\n# " + "x" * 1_100_000 + "\n")
    code, _, err = run(["validate", str(big)], capsys)
    assert code == 2 and "the limit is" in err


def test_unknown_theme_and_preset_are_clear(capsys) -> None:
    code, _, err = run(["validate", "asynchronous-job.yaml", "--theme", "dak"], capsys)
    assert code == 2 and "theme" in err and "Traceback" not in err
    code, _, err = run(["validate", "asynchronous-job.yaml", "--preset", "short"], capsys)
    assert code == 2 and "did you mean 'shorts'?" in err


def test_the_bundled_article_validates(capsys) -> None:
    code, out, _ = run(["validate", "asynchronous-job.yaml"], capsys)
    assert code == 0, out
    assert "voice: kokoro-hi-female" in out and "22 slides" in out and "valid" in out


def test_text_too_long_for_its_box_is_a_warning(write_article, capsys, caplog) -> None:
    long_point = "A point so long that it cannot possibly fit its card " * 6
    path = write_article(
        "title: Warn\nsummary: Short.\nsections:\n"
        f'  - title: A\n    points: ["{long_point.strip()}", b, c, d, e, f]\n'
    )
    code, out, _ = run(["validate", str(path)], capsys)
    assert code == 0
    assert "warn  slide 2 (A):" in out and "cut short" in out
    # the render warns too (as it draws the slide), and still renders
    code, _, err = run(
        [
            str(path),
            "--no-narration",
            "--preset",
            "youtube-720p",
            "--out",
            str(path.parent / "out"),
            "--cache-dir",
            str(path.parent / "c"),
        ],
        capsys,
    )
    assert code == 0, err
    assert any("slide 2 (A):" in r.message and "cut short" in r.message for r in caplog.records)


# -- the loader never fails in any other way than ArticleError -----------------------------

YAML_TEXT = st.text(alphabet=st.sampled_from(list("ab:- []{}\n\t'\"#&*!|>,.0123 ")), max_size=120)

leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=20))
shaped = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "summary",
                    "sections",
                    "points",
                    "table",
                    "rows",
                    "columns",
                    "quiz",
                    "options",
                    "answer",
                    "flow",
                    "nodes",
                    "edges",
                    "id",
                    "label",
                    "from",
                    "to",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAML_TEXT)
def test_random_yaml_is_an_article_or_an_article_error(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "a.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_article(path)
    except ArticleError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shaped)
def test_random_article_shaped_data_is_an_article_or_an_article_error(
    tmp_path_factory, data: object
) -> None:
    if isinstance(data, dict):
        data = {"title": "T", "summary": "S", **data}
    path = tmp_path_factory.mktemp("fuzz") / "a.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_article(path)
    except ArticleError:
        pass


def test_an_unexpected_exception_is_one_line_exit_70_and_a_log(
    monkeypatch, tmp_path: Path, capsys
) -> None:
    import renderer.cli as cli
    import renderer.commands.render as commands

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug \x1b[2J somewhere")

    monkeypatch.setattr(commands, "make_plan", broken)
    code, _, err = run(["render", "asynchronous-job.yaml", "--out", str(tmp_path / "o")], capsys)
    assert code == 70
    assert err.startswith("internal error: ZeroDivisionError: a bug \\x1b[2J somewhere")
    assert "\x1b" not in err and "Traceback" not in err, "no raw escapes, no traceback"
    log = Path(err.split("the details are in ")[1].split()[0])
    assert "Traceback" in log.read_text() and "ZeroDivisionError" in log.read_text()
    assert not (tmp_path / "o").exists()
    with pytest.raises(ZeroDivisionError):  # --debug shows the real thing
        cli.main(["render", "asynchronous-job.yaml", "--out", str(tmp_path / "o"), "--debug"])


def test_numbers_of_any_size_are_text_where_text_is_expected(write_article) -> None:
    huge = "7" * 3000
    article = load_article(
        write_article(
            f"title: T\nsummary: {huge[:100]}\nsections:\n  - title: A\n    points: [a]\n"
            f"quiz:\n  - question: Q?\n    options: [{huge[:1500]}, two]\n    answer: 1\n"
        )
    )
    assert article.quiz and article.quiz[0].options[0] == huge[:1500]
    with pytest.raises(ArticleError) as info:  # past Python's 4300 digits: still a message
        load_article(
            write_article(
                f"title: T\nsummary: x\nsections:\n  - title: A\n    points: [{'7' * 5000}]\n"
            )
        )
    assert "at most 2000" in info.value.message


def test_article_text_never_injects_phonemes() -> None:
    from renderer.narration.lexicon import Lexicon

    lexicon = Lexicon.of({"hai": "[[hˈɛː]]"})
    spoken = lexicon.apply("Write [[x]] or [[[y]]] and hai", ipa=True)
    assert spoken.count("[[") == 1 and spoken.count("]]") == 1, spoken
    assert "[x]" in spoken and "[y]" in spoken and "[[hˈɛː]]" in spoken
    assert Lexicon().apply("a [[b]] c", ipa=True) == "a [b] c"
