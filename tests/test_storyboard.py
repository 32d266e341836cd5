"""The storyboard: the seed's 22 slides in the seed's order, a pure function of the article."""

from __future__ import annotations

from renderer.article import Article
from renderer.storyboard import QUIZ_THINK_SECONDS, SlideKind, Storyboard, build_storyboard

SEED_ORDER = [
    ("Wiki Article · Cinematic", "Asynchronous job"),
    ("Overview", "Asynchronous job — Quick Facts"),
    ("Topic 1", "Infobox"),
    ("Topic 2", "Overview"),
    ("Topic 3", "Why asynchronous jobs exist"),
    ("Topic 4", "Job vs request/response (concept)"),
    ("Topic 5", "Typical architecture (producer, queue, worker)"),
    ("Topic 6", "Delivery semantics, retries, and idempotency (concept)"),
    ("Topic 7", "Scheduling vs event-driven jobs (concept)"),
    ("Topic 8", "Monitoring and operations (concept)"),
    ("Topic 9", "Security considerations (concept)"),
    ("Topic 10", "Common mistakes (beginner)"),
    ("Topic 11", "Limitations and tradeoffs (concept)"),
    ("Topic 12", "Responsibilities table (table)"),
    ("Topic 13", "Failure modes table (table)"),
    ("Topic 14", "Glossary"),
    ("Diagram", "Visual Flow"),
    ("Diagram", "Visual Flow"),
    ("Related Topics", "See Also"),
    ("Quick Quiz", "Quiz — Question 1"),
    ("Quick Quiz", "Quiz — Question 2"),
    ("Complete! 🎉", "Asynchronous job Complete!"),
]


def test_bundled_storyboard_matches_the_seed(storyboard: Storyboard) -> None:
    assert storyboard.total == 22
    assert [(s.label, s.title) for s in storyboard.slides] == SEED_ORDER
    assert [s.number for s in storyboard.slides] == list(range(1, 23))
    assert storyboard.progress(storyboard.slides[0]) == 0
    assert storyboard.progress(storyboard.slides[-1]) == 100


def test_every_slide_speaks(storyboard: Storyboard) -> None:
    for slide in storyboard.slides:
        assert slide.word_count > 0, slide.title
        assert {cue.step for cue in slide.cues} <= set(range(slide.steps))


def test_points_reveal_one_bullet_per_step(storyboard: Storyboard) -> None:
    overview = storyboard.slides[3]
    assert overview.kind is SlideKind.POINTS
    assert overview.steps == 5  # header, then four bullets
    assert [cue.step for cue in overview.cues] == [0, 1, 2, 3, 4]


def test_quiz_has_countdown_then_reveal(storyboard: Storyboard) -> None:
    quiz = storyboard.slides[19]
    assert quiz.steps == QUIZ_THINK_SECONDS + 2
    beats = [cue for cue in quiz.cues if not cue.text]
    assert [cue.min_seconds for cue in beats] == [1.0] * QUIZ_THINK_SECONDS
    assert "Sahi jawab: B" in quiz.cues[-2].text


def test_storyboard_is_pure(article: Article) -> None:
    assert build_storyboard(article) == build_storyboard(article)
