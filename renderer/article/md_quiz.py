"""A Markdown quiz: task lists are the options (`- [x] right`, `- [ ] wrong`); the question
is the heading or the text just before them (or the list item they are nested in); text
after the options is the explanation.

    ## Quiz
    ### What is an asynchronous job?
    - [ ] Work finished inside the request
    - [x] Work a background worker finishes later
    The job waits in a queue; the user gets an answer at once.
"""

from __future__ import annotations

from typing import Any

from renderer.article.md_inline import checkbox, split_icons
from renderer.article.md_media import Prose
from renderer.article.md_parts import left_out
from renderer.article.md_units import Context, Item, ListBlock, Unit
from renderer.article.yaml_reader import Marks
from renderer.errors import ArticleError, SourceLocation
from renderer.graphemes import head


def _is_options(items: list[Item]) -> bool:
    return bool(items) and all(checkbox(item.inline.shown)[0] is not None for item in items)


def _sequence(unit: Unit) -> list[Prose | ListBlock]:
    """The unit as texts and option lists, in order (nested questions unfolded)."""
    seq: list[Prose | ListBlock] = []
    for block in unit.blocks:
        if isinstance(block, Prose):
            seq.append(block)
        elif isinstance(block, ListBlock):
            if _is_options(block.items):
                seq.append(block)
                continue
            for item in block.items:
                text = item.inline
                seq.append(Prose(text.shown, text.spoken, item.line, heading=True))
                if item.quote:
                    seq.append(Prose(item.quote, item.quote, item.line))
                if _is_options(item.children):
                    seq.append(ListBlock(item.children, item.children[0].line))
                else:  # nested text that is not options: more of the question
                    seq.extend(Prose(*child.folded(), child.line) for child in item.children)
                seq.extend(Prose(m.shown, m.spoken, item.line) for m in item.more)
    return seq


def read_quiz(unit: Unit, quiz: list[dict[str, Any]], marks: Marks, ctx: Context) -> bool:
    """Add the unit's questions to `quiz`; False if it holds no task list (not a quiz)."""
    seq = _sequence(unit)
    if not any(isinstance(part, ListBlock) for part in seq):
        return False
    left_out(unit, ctx, [part for part in seq if isinstance(part, ListBlock)])
    texts: list[Prose] = []
    previous: dict[str, Any] | None = None
    for part in seq:
        if isinstance(part, Prose):
            texts.append(part)
            continue
        if not texts:
            ctx.warn(part.line, "options without a question before them; left out")
            continue
        start = max((i for i, t in enumerate(texts) if t.heading), default=len(texts) - 1)
        question, explained = texts[start:], texts[:start]
        if explained:
            if previous is not None:
                previous["explanation"] = " ".join(t.shown for t in explained)
            else:
                for text in explained:
                    ctx.warn(
                        text.line,
                        f"text before the first question is left out: '{head(text.shown, 60)}'",
                    )
        index = len(quiz)
        previous = _question(question, part, index, marks, ctx)
        quiz.append(previous)
        texts = []
    if texts and previous is not None:
        previous["explanation"] = " ".join(t.shown for t in texts)
    return True


def _question(
    question: list[Prose], options: ListBlock, index: int, marks: Marks, ctx: Context
) -> dict[str, Any]:
    marked = [checkbox(item.inline.shown) for item in options.items]
    right = [k for k, (checked, _) in enumerate(marked, 1) if checked]
    where = SourceLocation(ctx.path, options.line)
    field = f"quiz[{index}].answer"
    if not right:
        raise ArticleError(
            "no option is marked as the right answer",
            location=where,
            field=field,
            hint="mark the right one '- [x] ...', the others '- [ ] ...'",
        )
    if len(right) > 1:
        raise ArticleError(
            f"{len(right)} options are marked right; a question has one answer",
            location=where,
            field=field,
            hint="keep '[x]' on the right answer only",
        )
    marks[("quiz", index)] = (question[0].line, 1)
    marks[("quiz", index, "question")] = (question[0].line, 1)
    marks[("quiz", index, "options")] = (options.line, 1)
    marks[("quiz", index, "answer")] = (options.line, 1)
    for k, item in enumerate(options.items):
        marks[("quiz", index, "options", k)] = (item.line, 1)
    text = " ".join(split_icons(t.shown)[1] for t in question)
    return {
        "question": text,
        "options": [split_icons(text)[1] for _, text in marked],
        "answer": right[0],
    }
