"""Upload metadata stays within YouTube's limits however long the article is."""

from __future__ import annotations

import json

from renderer.article import load_article
from renderer.outputs.chapters import Chapter
from renderer.outputs.metadata import build_metadata, tags_length, write_metadata


def long_article(write_article):
    sections = "\n".join(
        f"  - title: Section number {i} about a rather long subject name\n    points: [Point {i}]"
        for i in range(40)
    )
    related = ", ".join(f"Related topic with a long name {i}" for i in range(8))
    return load_article(
        write_article(
            f"title: {'A very long title for a video ' * 6}\n"
            f"summary: {'यह <सारांश> लंबा है। ' * 95}\n"
            f"brand: Aliens Wiki\n"
            f"sections:\n{sections}\n"
            f"see_also: [{related}]\n"
        )
    )


def test_limits_hold_for_a_huge_article(write_article, tmp_path) -> None:
    article = long_article(write_article)
    chapters = [Chapter(i * 20.0, (i + 1) * 20.0, f"Section number {i}") for i in range(40)]
    meta = build_metadata(article, chapters, 800.0, {"video": tmp_path / "x.mp4"})
    assert len(meta.title) <= 100 and meta.title.endswith("…")
    assert len(meta.description.encode("utf-8")) <= 5000
    assert "<" not in meta.description and ">" not in meta.description
    assert "0:00 Section number 0" in meta.description, "chapters are kept before the summary"
    assert tags_length(meta.tags) <= 500 and len(meta.tags) >= 3
    assert len({t.lower() for t in meta.tags}) == len(meta.tags)
    write_metadata(meta, tmp_path / "x.json", tmp_path / "x.description.txt")
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data["duration_seconds"] == 800.0 and data["files"]["video"].endswith("x.mp4")
    assert not list(tmp_path.glob(".*partial"))


def test_tags_count_quotes_and_commas() -> None:
    assert tags_length(["one", "two words"]) == 3 + 11 + 1


def test_a_huge_brand_cannot_stall_the_description(write_article) -> None:
    article = load_article(
        write_article(
            f"title: T\nsummary: Short.\nbrand: {'बहुत बड़ा ब्रांड ' * 115}\n"
            "sections:\n  - title: A\n    points: [a]\n"
        )
    )
    meta = build_metadata(article, [], 60.0, {})
    assert meta.description == "Short."


def test_a_vertical_video_of_three_minutes_at_most_is_marked_as_a_short(
    write_article, tmp_path
) -> None:
    article = long_article(write_article)
    video = {"video": tmp_path / "x.mp4"}
    assert build_metadata(article, [], 170.0, video, size=(1080, 1920)).short
    assert not build_metadata(article, [], 190.0, video, size=(1080, 1920)).short
    assert not build_metadata(article, [], 170.0, video, size=(1920, 1080)).short
