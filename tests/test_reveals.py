"""Reveals on words: points on their reveal_at words, table rows and diagram boxes as the
narration mentions them; on the frame the word starts."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from renderer.article import load_article
from renderer.config import Pacing, VideoSpec
from renderer.errors import ArticleError
from renderer.narration.speak import narrate
from renderer.narration.voices import silent_voice
from renderer.raster import paint_slide
from renderer.storyboard import Storyboard, build_storyboard
from renderer.theme import load_theme
from renderer.timeline import build_timeline

ARTICLE = """\
title: Job queue
summary: How a job travels from the app to a worker and back.
sections:
  - title: The path of a job
    reveal: mentioned
    narration: "The app puts a job on the queue. A worker takes it, and writes to the store."
    flow:
      nodes:
        - {id: app, label: App}
        - {id: q, label: Queue}
        - {id: w, label: Worker}
        - {id: s, label: Store}
        - {id: x, label: Monitor}
      edges:
        - {from: app, to: q}
        - {from: q, to: w}
        - {from: w, to: s}
  - title: Which queue
    reveal: mentioned
    table:
      columns: [Queue, Good for]
      rows: [[Redis, small fast jobs], [RabbitMQ, routing], [SQS, managed]]
  - title: Three rules
    narration: "First, keep jobs idempotent. Then retry with backoff. Finally, watch it."
    points:
      - {text: Idempotent jobs, reveal_at: idempotent}
      - {text: Retry with backoff, reveal_at: "retry with"}
      - {text: Watch the backlog, reveal_at: watch}
"""


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Storyboard:
    path = tmp_path_factory.mktemp("reveals") / "reveals.yaml"
    path.write_text(ARTICLE, encoding="utf-8")
    return build_storyboard(load_article(path))


def test_marks_point_at_the_words_that_mention(board: Storyboard) -> None:
    flow, table, points = board.slides[1], board.slides[2], board.slides[3]
    assert flow.steps == 5, "four boxes mentioned; Monitor, never mentioned, from the start"
    words = flow.cues[0].text.split()
    assert [words[w] for _, w in flow.cues[0].marks] == ["app", "queue.", "worker", "store."]
    assert table.steps == 4
    assert [(c.text.split()[0], c.marks) for c in table.cues[1:]] == [
        ("Redis,", ((1, 0),)),
        ("RabbitMQ,", ((2, 0),)),
        ("SQS,", ((3, 0),)),
    ]
    said = points.cues[0].text.split()
    assert [said[w] for _, w in points.cues[0].marks] == ["idempotent.", "retry", "watch"]
    assert [step for step, _ in points.cues[0].marks] == [1, 2, 3]


def test_steps_start_on_the_frame_their_word_starts(board: Storyboard) -> None:
    fps = Fraction(30)
    timeline = build_timeline(board, narrate(board, silent_voice()), fps, Pacing())
    for index in (1, 2, 3):
        slide = board.slides[index]
        spans = [s for s in timeline.spans if s.slide == index]
        assert [s.step for s in spans] == list(range(slide.steps))
        assert all(a.end == b.start for a, b in itertools.pairwise(spans))
        for c, cue in enumerate(slide.cues):
            words = [
                w
                for placed in timeline.sentences
                if placed.slide == index and placed.cue == c
                for w in placed.words
            ]
            for step, word in cue.marks:  # the frame showing the word's start
                assert spans[step].start == math.floor(words[word].start * fps + 1e-3)


def test_painters_show_what_was_mentioned(board: Storyboard) -> None:
    spec, theme = VideoSpec(640, 360, Fraction(30)), load_theme()

    def picture(slide: int, step: int) -> np.ndarray:
        return np.asarray(
            paint_slide(board, board.slides[slide], step, spec, theme), dtype=np.int16
        )

    for slide in (1, 2, 3):
        pictures = [picture(slide, step) for step in range(board.slides[slide].steps)]
        for before, after in itertools.pairwise(pictures):
            assert np.abs(after - before).max() > 60, "each step shows something new"
    # the last step of a revealed table is the table shown all at once
    whole = build_storyboard(load_article(_without_reveal(board)))
    assert np.array_equal(
        picture(2, 3),
        np.asarray(paint_slide(whole, whole.slides[2], 0, spec, theme), dtype=np.int16),
    )


def _without_reveal(board: Storyboard) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "plain.yaml"
    path.write_text(ARTICLE.replace("    reveal: mentioned\n", ""), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("reveal_at: watch}", "reveal_at: nowhere}"), "'nowhere' is not in the narration"),
        (("reveal_at: watch}", "reveal_at: first}"), "said before the previous point's words"),
        (
            ('{text: Retry with backoff, reveal_at: "retry with"}', "Retry with backoff"),
            "has no reveal_at but others have",
        ),
        (
            ("  - title: Three rules\n", "  - title: Three rules\n    reveal: mentioned\n"),
            "reveal: mentioned works on tables and diagrams",
        ),
    ],
)
def test_reveal_mistakes_are_clear_errors(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "bad.yaml"
    assert change[0] in ARTICLE
    path.write_text(ARTICLE.replace(*change), encoding="utf-8")
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert message in caught.value.message
    assert caught.value.location is not None and caught.value.location.line > 1


PAGED = """\
title: Status codes
summary: What a server answers.
sections:
  - title: Codes
    table:
      columns: [Code, Name]
      rows: [["200", OK], ["201", Created], ["204", No Content], ["301", Moved],
             ["302", Found], ["404", Not Found]]
  - title: Said in one breath
    narration: "Six codes, from two hundred to four hundred and four, each with its name."
    table:
      columns: [Code, Name]
      rows: [["200", OK], ["201", Created], ["204", No Content], ["301", Moved],
             ["302", Found], ["404", Not Found]]
  - title: Words
    glossary:
""" + "".join(f"      - {{term: T{i}, definition: Meaning {i}}}\n" for i in range(8))


def test_a_long_table_or_glossary_continues_over_pages_in_a_vertical_frame(tmp_path: Path) -> None:
    from renderer.raster.canvas import Canvas

    path = tmp_path / "paged.yaml"
    path.write_text(PAGED)
    article = load_article(path)
    wide, tall = build_storyboard(article), build_storyboard(article, page=4)
    assert [s.steps for s in wide.slides[1:4]] == [1, 1, 1], "landscape shows it all"
    table, narrated, glossary = tall.slides[1:4]
    assert (table.steps, narrated.steps, glossary.steps) == (2, 2, 2)
    assert [cue.step for cue in table.cues] == [0, 0, 0, 0, 1, 1, 1], "3 rows, then 3"
    assert [step for step, _ in narrated.cues[-1].marks] == [1], "the narration turns it"
    spec = VideoSpec(540, 960)
    seen: list[list[str]] = []

    def texts(canvas: Canvas) -> None:
        seen.append([" ".join(fitted.lines) for _, fitted in canvas.placed])

    for step in range(table.steps):
        paint_slide(tall, table, step, spec, load_theme(), texts)
    assert "404" not in " ".join(seen[0]) and "200" in " ".join(seen[0])
    assert "404" in " ".join(seen[1]) and "200" not in " ".join(seen[1])


LONG_LIST = """\
title: Monitoring
summary: What to watch.
sections:
  - title: What to watch
    points:
""" + "".join(
    f"      - 'Signal {i}: queue depth and how long jobs wait before a worker takes them'\n"
    for i in range(6)
)


def test_a_long_list_turns_pages_in_a_vertical_frame_at_phone_size(tmp_path: Path) -> None:
    from renderer.raster.canvas import Canvas, type_scale

    path = tmp_path / "list.yaml"
    path.write_text(LONG_LIST)
    slide = build_storyboard(load_article(path)).slides[1]
    spec = VideoSpec(1080, 1920)
    seen: list[list[tuple[str, int]]] = []

    def texts(canvas: Canvas) -> None:
        seen.append([(" ".join(fitted.lines), fitted.style.size) for _, fitted in canvas.placed])

    board = build_storyboard(load_article(path))
    for step in range(slide.steps):
        paint_slide(board, slide, step, spec, load_theme(), texts)
    shown = [[text for text, _ in page if text.startswith("Signal")] for page in seen]
    assert shown[1] == [
        "Signal 0: queue depth and how long jobs wait before a worker takes them"
    ], "the newest point on the first page"
    assert [len(page) for page in shown] == [0, 1, 2, 3, 1, 2, 3], "3 points a page"
    assert all(text.startswith(("Signal 3", "Signal 4", "Signal 5")) for text in shown[-1])
    body = round(34 * type_scale(spec))
    sizes = {size for page in seen for text, size in page if text.startswith("Signal")}
    assert min(sizes) >= 0.9 * body, f"points read at phone size ({sizes} against {body})"
    marks = [{text for text, _ in page} & {"1/2", "2/2"} for page in seen]
    assert marks == [{"1/2"}] * 4 + [{"2/2"}] * 3, "the page is marked in the top bar"
    landscape: list[list[tuple[str, int]]] = []
    paint_slide(
        board,
        slide,
        slide.steps - 1,
        VideoSpec(1920, 1080),
        load_theme(),
        lambda canvas: landscape.append(
            [(" ".join(f.lines), f.style.size) for _, f in canvas.placed]
        ),
    )
    assert sum(text.startswith("Signal") for text, _ in landscape[0]) == 6, "all at once"


MENTIONED = """\
title: Queues
summary: Which to pick.
sections:
  - title: Which queue
    reveal: mentioned
    narration: "Redis first, then RabbitMQ, SQS, Kafka, NATS and finally Beanstalk."
    table:
      columns: [Queue, Good for]
      rows: [[Redis, fast], [RabbitMQ, routing], [SQS, managed], [Kafka, streams],
             [NATS, light], [Beanstalk, simple]]
"""


def test_a_mentioned_table_shows_the_newest_rows_page_in_a_vertical_frame(tmp_path: Path) -> None:
    path = tmp_path / "mentioned.yaml"
    path.write_text(MENTIONED)
    board = build_storyboard(load_article(path))
    slide = board.slides[1]
    assert slide.steps == 7
    names = ["Redis", "RabbitMQ", "SQS", "Kafka", "NATS", "Beanstalk"]
    seen: list[list[str]] = []
    for step in range(slide.steps):
        paint_slide(
            board,
            slide,
            step,
            VideoSpec(1080, 1920),
            load_theme(),
            lambda canvas: seen.append([" ".join(f.lines) for _, f in canvas.placed]),
        )
    shown = [[name for name in names if name in page] for page in seen]
    assert shown == [
        [],
        ["Redis"],
        ["Redis", "RabbitMQ"],
        ["Redis", "RabbitMQ", "SQS"],
        ["Redis", "RabbitMQ", "SQS", "Kafka"],
        ["NATS"],
        ["NATS", "Beanstalk"],
    ]
    assert ["1/2" in page for page in seen] == [True] * 5 + [False] * 2
    assert ["2/2" in page for page in seen] == [False] * 5 + [True] * 2
