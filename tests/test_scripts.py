"""The world's scripts on slides (issue 33): where lines may break in Chinese, Japanese and
Korean."""

from __future__ import annotations

import pytest

from renderer.raster.wrap import units

NO_LINE_START = "。、，．）」』】〕！？ゃゅょっャュョッー"
NO_LINE_END = "（「『【〔"


@pytest.mark.parametrize(
    "text",
    [
        "异步任务是后台工作。用户不必等待（很好）。",
        "非同期ジョブはバックグラウンドの仕事です。「例えば」キューに入れます。",
        "非同步任務是背景工作，使用者不必等待！",
    ],
)
def test_chinese_and_japanese_break_between_characters_by_the_kinsoku_rules(text: str) -> None:
    pieces = units(text)
    assert "".join(pieces) == text, "nothing lost or added"
    assert len(pieces) > len(text) // 3, "breaks between characters, not only at spaces"
    for piece in pieces:
        assert piece[0] not in NO_LINE_START, f"a line would start with {piece[0]!r}"
        assert piece.rstrip()[-1] not in NO_LINE_END, f"a line would end with {piece[-1]!r}"


def test_korean_and_latin_break_at_spaces() -> None:
    assert units("비동기 작업은 백그라운드 작업입니다.") == [
        "비동기 ",
        "작업은 ",
        "백그라운드 ",
        "작업입니다. ",
    ]
    assert units("An  API-based job") == ["An ", "API-based ", "job "]
