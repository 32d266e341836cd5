"""Article -> Storyboard: the slides in order, each with its reveal steps and narration cues
(the types are in `storyboard_model`).

A pure function of the article: no I/O, no randomness.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from renderer.article import Article, QuizQuestion, Section
from renderer.article.phrases import phrases
from renderer.article.rules import code_lines, phrase_at
from renderer.media import MediaFile
from renderer.reveals import (
    body_start,
    flow_marks,
    page_marks,
    page_size,
    phone_pages,
    revealed,
    table_marks,
)
from renderer.storyboard_model import (
    QUIZ_THINK_SECONDS,
    CompleteBody,
    Cue,
    SeeAlsoBody,
    Slide,
    SlideBody,
    SlideKind,
    Storyboard,
    TitleBody,
)
from renderer.wordsplit import CLOSE_SET, KANA


def _sentence(text: str) -> str:
    """Text ending with sentence punctuation, so the voice pauses after it."""
    text = " ".join(text.split())
    if text[-1:] in ":;,،؛：；，":  # a lead-in ("as follows:") ends where its list begins
        text = text[:-1].rstrip()
    if text[-1:] in SENTENCE_ENDS:
        return text
    return text + FULL_STOPS.get(_script_stop(text), ".")


SENTENCE_ENDS = ".!?।॥۔؟。！？"
"""Marks that end a sentence, in the scripts render-video draws."""

FULL_STOPS = {"arabic": "۔", "cjk": "。"}
"""The full stop a sentence gets in a script that writes its own (Urdu's ۔, the ideographic
。); Arabic proper, Hebrew and the rest take "."."""


def _script_stop(text: str) -> str:
    """Which full stop `text` takes: "cjk" for Chinese and Japanese, "arabic" for Urdu's
    script (its Urdu-only letters), else ""."""
    if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text):
        return "cjk"
    if any(ch in "ہےۓںڈڑٹ" for ch in text):
        return "arabic"
    return ""


def _phrases(article: Article) -> dict[str, str]:
    """The words the storyboard adds, in the article's language (and its own words)."""
    own = article.phrases.given() if article.phrases is not None else None
    return phrases(article.language, own)


def _draft(
    kind: SlideKind,
    label: str,
    title: str,
    icons: tuple[str, ...],
    body: SlideBody,
    steps: int,
    cues: list[Cue],
    notes: str | None = None,
) -> Slide:
    """A slide before it is numbered."""
    return Slide(0, kind, label, title, icons, body, steps, tuple(cues), notes)


def _with_words(slide: Slide, say: Mapping[str, str], *keys: str) -> Slide:
    """The slide with the phrases it draws besides its label and title (`Slide.words`)."""
    return replace(slide, words=tuple((key, say[key]) for key in keys))


def build_storyboard(
    article: Article, media: Mapping[str, MediaFile] | None = None, page: int = 0
) -> Storyboard:
    """Turn an article into its storyboard (title, facts, sections, see also, quiz, complete).
    `media` (from `media.check_media`) gives the files pictures are drawn from; without it
    the storyboard is complete but its pictures cannot be painted. With `page` (rows a
    vertical frame shows at once, `reveals.PHONE_PAGE`), long tables and glossaries
    continue over steps, a page of rows at a time."""
    drafts: list[Slide] = []  # numbered at the end
    say = _phrases(article)
    title = _draft(
        SlideKind.TITLE,
        say["title_label"],
        article.title,
        (),
        TitleBody(article.summary, article.tagline, article.narrator),
        1,
        [Cue(0, _sentence(article.title)), Cue(0, _sentence(article.summary))],
    )
    drafts.append(_with_words(title, say, "now_playing", "length_badge"))
    if article.facts:
        drafts.append(_facts_slide(article, say))
    topic = 0
    for section in article.sections:
        if section.flow is not None:
            label = say["diagram_label"]
        else:
            topic += 1
            label = say["topic_label"].format(number=topic)
        slide = _section_slide(section, label, say, page)
        if section.code is not None:
            slide = _with_words(slide, say, "code_lines")
        if section.image is not None and media and section.image.src in media:
            slide = replace(slide, media=(media[section.image.src],))
        if section.video is not None and media and section.video.src in media:
            clip = media[section.video.src]
            length = clip_seconds(section, clip.duration)
            first = replace(slide.cues[0], min_seconds=max(slide.cues[0].min_seconds, length))
            slide = replace(slide, media=(clip,), cues=(first, *slide.cues[1:]))
        drafts.append(slide)
    if article.see_also:
        topics = tuple(article.see_also)
        cues = [Cue(0, say["related"]), Cue(0, _sentence(", ".join(topics)))]
        drafts.append(
            _draft(
                SlideKind.SEE_ALSO,
                say["see_also_label"],
                say["see_also_title"],
                ("🔗",),
                SeeAlsoBody(topics),
                1,
                cues,
            )
        )
    for number, question in enumerate(article.quiz or [], start=1):
        quiz = _quiz_slide(question, number, say)
        drafts.append(_with_words(quiz, say, "quiz_badge", "letters"))
    cues = [Cue(0, _sentence(say["complete"].format(title=article.title)))]
    if article.up_next:
        cues.append(Cue(0, _sentence(say["up_next"].format(topic=article.up_next))))
    drafts.append(
        _draft(
            SlideKind.COMPLETE,
            say["complete_label"],
            say["complete_title"].format(title=article.title),
            ("🎉",),
            CompleteBody(
                article.up_next, article.tagline, say["complete_badge"], say["up_next_label"]
            ),
            1,
            cues,
        )
    )
    slides = tuple(replace(draft, number=i) for i, draft in enumerate(drafts, 1))
    return Storyboard(
        article.title, article.slug, article.language, article.brand, article.narrator, slides
    )


def _facts_slide(article: Article, say: dict[str, str]) -> Slide:
    facts = article.facts
    assert facts is not None
    title = facts.title or say["facts_title"].format(title=article.title)
    cues = [Cue(0, _sentence(re.sub(r"\s*—\s*", ", ", title)))]  # said as a pause
    cues += [Cue(0, _sentence(f"{item.label}: {item.value}")) for item in facts.items]
    return _draft(SlideKind.FACTS, say["facts_label"], title, ("🌟",), facts, 1, cues)


def _section_slide(section: Section, label: str, say: Mapping[str, str], page: int = 0) -> Slide:
    kind = SlideKind(section.body_kind) if section.body_kind != "points" else SlideKind.POINTS
    icons = section.header_icons
    intro = [Cue(0, _sentence(section.intro))] if section.intro else []
    if section.code is not None:
        return _code_slide(section, label, intro)
    if section.points is not None:
        steps = 1 + len(section.points)
        if section.narration and section.points[0].reveal_at:  # points appear on words
            words = _sentence(section.narration).split()
            marks, after = [], 0
            for i, point in enumerate(section.points, 1):
                found = phrase_at(words, point.reveal_at or "", after)
                if found is not None:  # checked by the article's rules
                    marks.append((i, found))
                    after = found + 1
            cues = [*intro, Cue(0, _sentence(section.narration), marks=tuple(marks))]
        elif section.narration:
            cues = [*intro, Cue(0, _sentence(section.narration))]
            cues += [Cue(i, "") for i in range(1, steps)]
        else:
            cues = [Cue(0, _sentence(_spoken_title(section.title))), *intro]
            cues += [Cue(i, _sentence(p.say or p.text)) for i, p in enumerate(section.points, 1)]
        return _draft(kind, label, section.title, icons, section, steps, cues, section.notes)
    if section.narration:
        cues = [*intro, Cue(0, _sentence(section.narration))]
    else:
        cues = [
            Cue(0, _sentence(_spoken_title(section.title))),
            *intro,
            *_default_body_cues(section, say),
        ]
    steps = 1
    if revealed(section):  # rows or boxes appear as the narration mentions them
        texts, first = [cue.text for cue in cues], body_start(section)
        mentions = (
            table_marks(section, texts, first)
            if section.table
            else flow_marks(section, texts, first)
        )
        steps = 1 + len(mentions)
        cues = [
            replace(cue, marks=tuple((step, word) for c, step, word in mentions if c == i))
            for i, cue in enumerate(cues)
        ]
    elif page and (pages := phone_pages(section, page)) > 1:  # a page of rows a step,
        steps = pages  # turned as they are read
        if section.narration:
            cues[-1] = replace(cues[-1], marks=page_marks(len(cues[-1].text.split()), steps))
        else:
            body = 1 + len(intro)  # after the spoken title and the intro: a cue an item
            size = page_size(len(cues) - body, steps)
            cues = cues[:body] + [replace(cue, step=i // size) for i, cue in enumerate(cues[body:])]
    return _draft(kind, label, section.title, icons, section, steps, cues, section.notes)


def _spoken_title(title: str) -> str:
    """Drop bracketed asides like "(concept)" from a spoken title."""
    out, depth = [], 0
    for ch in title:
        depth += ch == "("
        if depth == 0:
            out.append(ch)
        depth -= ch == ")" and depth > 0
    return " ".join("".join(out).split()) or title


ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")


def _marks(text: str) -> tuple[str, str]:
    """The comma and the colon that join an article's words into narration, as its script
    writes them (they are read in the captions too)."""
    if CLOSE_SET.search(text):
        return ("、" if KANA.search(text) else "，", "：")
    if ARABIC.search(text):
        return ("، ", ": ")
    return (", ", ": ")


def _default_body_cues(section: Section, say: Mapping[str, str]) -> list[Cue]:
    cues: list[Cue] = []
    if section.table:
        columns = section.table.columns
        for row in section.table.rows:
            comma, colon = _marks(" ".join([*columns, *row]))
            parts = [row[0]] + [
                f"{col}{colon}{cell}" for col, cell in zip(columns[1:], row[1:], strict=False)
            ]
            cues.append(Cue(0, _sentence(comma.join(parts))))
    elif section.glossary:
        for entry in section.glossary:
            colon = _marks(entry.term + entry.definition)[1]
            cues.append(Cue(0, _sentence(f"{entry.term}{colon}{entry.definition}")))
    elif section.image and section.image.alt:
        cues.append(Cue(0, _sentence(section.image.alt)))
    elif section.video and section.video.alt:
        cues.append(Cue(0, _sentence(section.video.alt)))
    elif section.flow:
        labels = {node.id: node.label for node in section.flow.nodes}
        for edge in section.flow.edges:
            said = say["flow_edge"].format(source=labels[edge.source], target=labels[edge.target])
            if edge.label:  # Chinese and Japanese put their own brackets, with no space
                close = CLOSE_SET.search(said[-1:]) and CLOSE_SET.search(edge.label)
                said += f"（{edge.label}）" if close else f" ({edge.label})"
            cues.append(Cue(0, _sentence(said)))
    return cues


def clip_seconds(section: Section, duration: float) -> float:
    """How long a video section's clip plays (its file lasts `duration` seconds)."""
    assert section.video is not None
    end = section.video.end if section.video.end is not None else duration
    return max(0.0, min(end, duration) - section.video.start)


CODE_PAGE_LINES = 16
"""Lines of code one slide shows at once; longer code turns a page a step."""
CODE_PAGE_SECONDS = 4.0
"""A page of code with nothing said about it stays this long."""


def code_pages(line_count: int) -> int:
    """How many pages of CODE_PAGE_LINES a piece of code needs."""
    return max(1, -(-line_count // CODE_PAGE_LINES))


def _code_slide(section: Section, label: str, intro: list[Cue]) -> Slide:
    """Step 0 shows the code (its first page) while the title and narration are said; each
    of its `steps` then highlights lines while their words are said; code without steps that
    is longer than a page turns a page a step."""
    code = section.code
    assert code is not None
    said = (
        [Cue(0, _sentence(section.narration))]
        if section.narration
        else [Cue(0, _sentence(_spoken_title(section.title))), *intro]
    )
    if section.narration and intro:
        said = [*intro, *said]
    if code.steps:
        cues = said + [
            Cue(k, _sentence(step.say) if step.say else "", 0.0 if step.say else CODE_PAGE_SECONDS)
            for k, step in enumerate(code.steps, 1)
        ]
        steps = 1 + len(code.steps)
    else:
        steps = code_pages(len(code.source.splitlines()))
        cues = said + [Cue(k, "", CODE_PAGE_SECONDS) for k in range(1, steps)]
    return _draft(
        SlideKind.CODE,
        label,
        section.title,
        section.header_icons,
        section,
        steps,
        cues,
        section.notes,
    )


def code_window(section: Section, step: int) -> tuple[int, set[int]]:
    """For a code slide's step: the first line shown (0-based) and the highlighted lines
    (1-based; empty for none)."""
    code = section.code
    assert code is not None
    count = len(code.source.splitlines())
    if code.steps:
        if step == 0:
            return 0, set()
        lines = set(code_lines(code.steps[step - 1].lines))
        first = min(lines) - 1
        top = max(0, min(first - 2, count - CODE_PAGE_LINES))  # two lines of context above
        return top, lines
    return step * CODE_PAGE_LINES, set()


def _quiz_slide(question: QuizQuestion, number: int, say: dict[str, str]) -> Slide:
    letters = say["letters"].split()
    options = " ".join(f"{letters[i]}: {_sentence(o)}" for i, o in enumerate(question.options))
    cues = [Cue(0, _sentence(question.question)), Cue(0, options)]
    cues += [Cue(step, "", 1.0) for step in range(1, QUIZ_THINK_SECONDS + 1)]
    reveal = QUIZ_THINK_SECONDS + 1
    letter = letters[question.answer - 1]
    correct = question.options[question.answer - 1]
    answer = say["answer"].format(letter=letter, option=correct)
    cues.append(Cue(reveal, _sentence(answer)))
    if question.explanation:
        cues.append(Cue(reveal, _sentence(question.explanation)))
    return _draft(
        SlideKind.QUIZ,
        say["quiz_label"],
        say["quiz_title"].format(number=number),
        ("🧠",),
        question,
        reveal + 1,
        cues,
    )
