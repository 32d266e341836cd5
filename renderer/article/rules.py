"""Rules of a valid article that its schema cannot say (one body per section, table widths,
flow references, the music file's place, quiz answers in range)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from renderer.article.explain import format_path
from renderer.article.model import BODY_FIELDS, Article, CodeBody, Section
from renderer.article.yaml_reader import Marks, find
from renderer.config import ASSETS_DIR
from renderer.errors import ArticleError


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or below it (media and music must be)."""
    return path == folder or folder in path.parents


def check_meaning(article: Article, path: Path, marks: Marks) -> None:
    """Rules across fields that a schema cannot say; the first one broken is an
    ArticleError naming its line and field."""

    def fail(field: tuple[str | int, ...], message: str, hint: str | None = None) -> None:
        raise ArticleError(
            message, location=find(path, marks, field), field=format_path(field), hint=hint
        )

    for i, section in enumerate(article.sections):
        bodies = [name for name in BODY_FIELDS if getattr(section, name) is not None]
        if not bodies:
            fail(
                ("sections", i),
                "section has no body",
                "give exactly one of: " + ", ".join(BODY_FIELDS),
            )
        if bodies == ["points", "image"]:
            bodies = ["points"]  # a picture beside the points
        if len(bodies) > 1:
            fail(
                ("sections", i, bodies[1]),
                f"section has two bodies ({' and '.join(bodies)})",
                "split it into two sections",
            )
        if section.table:
            width = len(section.table.columns)
            for r, row in enumerate(section.table.rows):
                if len(row) != width:
                    fail(
                        ("sections", i, "table", "rows", r),
                        f"row has {len(row)} cells but the table has {width} columns",
                        "add or remove cells so every row matches 'columns'",
                    )
        if section.flow:
            ids: set[str] = set()
            for n, node in enumerate(section.flow.nodes):
                if node.id in ids:
                    fail(
                        ("sections", i, "flow", "nodes", n, "id"),
                        f"duplicate node id '{node.id}'",
                        "give every node its own id",
                    )
                ids.add(node.id)
            for e, edge in enumerate(section.flow.edges):
                for key, ref in (("from", edge.source), ("to", edge.target)):
                    if ref not in ids:
                        close = difflib.get_close_matches(ref, sorted(ids), n=1)
                        fail(
                            ("sections", i, "flow", "edges", e, key),
                            f"edge points to unknown node '{ref}'",
                            f"did you mean '{close[0]}'?"
                            if close
                            else "known ids: " + ", ".join(sorted(ids)),
                        )
        if section.code:
            _check_code(section.code, ("sections", i, "code"), fail)
        if section.reveal == "mentioned" and not (section.table or section.flow):
            fail(
                ("sections", i, "reveal"),
                "reveal: mentioned works on tables and diagrams",
                "remove it, or use reveal_at on points",
            )
        if section.points and any(point.reveal_at for point in section.points):
            _check_reveals(section, ("sections", i), fail)
        video = section.video
        if video and video.end is not None and video.end <= video.start:
            fail(
                ("sections", i, "video", "end"),
                f"end {video.end:g} s is not after start {video.start:g} s",
                "give end in seconds into the file, after start",
            )
    if article.music:
        music = (path.parent / article.music).resolve()
        if not inside(music, path.parent.resolve()) and not inside(music, ASSETS_DIR):
            fail(
                ("music",),
                f"music file '{article.music}' is outside the article's folder",
                "put the music file next to the article (or in a folder below it)",
            )
        if not music.is_file():
            fail(
                ("music",),
                f"music file '{article.music}' not found",
                "give a path relative to the article's folder",
            )
    for q, question in enumerate(article.quiz or []):
        if not 1 <= question.answer <= len(question.options):
            fail(
                ("quiz", q, "answer"),
                f"answer {question.answer} is out of range",
                f"use a number from 1 to {len(question.options)} (options count from 1)",
            )


def _check_reveals(
    section: Section,
    at: tuple[str | int, ...],
    fail: Callable[[tuple[str | int, ...], str, str | None], None],
) -> None:
    """Points that appear on words: all of them do, on words of the narration, in order."""
    assert section.points is not None
    if not section.narration:
        fail(
            (*at, "points", 0, "reveal_at"),
            "reveal_at needs the section's narration",
            "add 'narration:' that says the words, or remove reveal_at (each point is "
            "then read as it appears)",
        )
    words = (section.narration or "").split()
    after = 0
    for p, point in enumerate(section.points):
        if not point.reveal_at:
            fail(
                (*at, "points", p),
                "this point has no reveal_at but others have",
                "give every point of the section a reveal_at, or none",
            )
            continue
        found = phrase_at(words, point.reveal_at, after)
        if found is None:
            earlier = phrase_at(words, point.reveal_at, 0)
            fail(
                (*at, "points", p, "reveal_at"),
                f"'{point.reveal_at}' is not in the narration"
                if earlier is None
                else f"'{point.reveal_at}' is said before the previous point's words",
                "quote words the narration says, in the order the points appear",
            )
        else:
            after = found + 1


def phrase_at(words: list[str], phrase: str, after: int = 0) -> int | None:
    """Index of the first word of `phrase` among `words`, at `after` or later, comparing
    words without case or surrounding punctuation; None if it is not there."""
    wanted = [_bare(word) for word in phrase.split()]
    said = [_bare(word) for word in words]
    for start in range(after, len(said) - len(wanted) + 1):
        if said[start : start + len(wanted)] == wanted:
            return start
    return None


def _bare(word: str) -> str:
    """A word without case and without the punctuation around it."""
    return word.casefold().strip(".,;:!?।\"'()[]{}«»“”‘’—–-")


def code_lines(spec: str) -> list[int]:
    """Line numbers of a code step's `lines` ("1-2, 6" -> [1, 2, 6])."""
    found: list[int] = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        start, end = int(first), int(last or first)
        found.extend(range(min(start, end), max(start, end) + 1))
    return found


def known_language(name: str) -> bool:
    """Whether Pygments has a lexer of this name or alias."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


def _check_code(
    code: CodeBody,
    at: tuple[str | int, ...],
    fail: Callable[[tuple[str | int, ...], str, str | None], None],
) -> None:
    if code.language and not known_language(code.language):
        from pygments.lexers import get_all_lexers

        names = sorted({alias for _, aliases, _, _ in get_all_lexers() for alias in aliases})
        close = difflib.get_close_matches(code.language.lower(), names, n=1)
        fail(
            (*at, "language"),
            f"unknown language '{code.language}'",
            f"did you mean '{close[0]}'?"
            if close
            else "use a Pygments name such as python, bash, yaml or json, or leave it out",
        )
    count = len(code.source.splitlines())
    for k, step in enumerate(code.steps or []):
        beyond = [n for n in code_lines(step.lines) if not 1 <= n <= count]
        if beyond:
            fail(
                (*at, "steps", k, "lines"),
                f"line {beyond[0]} is not in the code ({count} lines)",
                "count lines from 1",
            )
