"""Translations as gettext catalogues: `render-video strings` writes and updates
`<slug>.LANG.po` as msgmerge does, an article is read through it in that language, and a
hostile catalogue is a clear error."""

from __future__ import annotations

import logging
from pathlib import Path

import polib
import pytest

from renderer.article import article_strings, load_translated
from renderer.config import RenderConfig
from renderer.errors import ConfigError
from renderer.plan import make_plan

from .test_cli import run

ARTICLE = """\
title: Retry
summary: Retry matlab fail hua kaam dobara chalana.
language: hi
voice: kokoro-hi-female
sections:
  - title: Achhi retry policy
    icon: "🔁"
    points:
      - {icon: "⏳", text: "Exponential backoff", say: "Har baar thoda zyada wait."}
      - Jitter
  - title: Kab
    table:
      columns: [Kya, Kyun]
      rows: [[Backoff, Load kam]]
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "retry.yaml"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _po(article: Path) -> polib.POFile:
    return polib.pofile(str(article.with_name("retry.en.po")))


def _translate(article: Path, words: dict[str, str]) -> None:
    catalogue = _po(article)
    for entry in catalogue:
        entry.msgstr = words.get(entry.msgid, entry.msgstr)
    catalogue.save()


def test_strings_lists_what_is_seen_and_heard_with_field_and_line(article: Path, capsys) -> None:
    code, out, err = run(["strings", str(article), "--to", "en"], capsys)
    assert code == 0, err
    assert "20 strings, 0 translated" in out  # 11 of the article's, 9 render-video adds
    entries = {e.msgctxt: e for e in _po(article)}
    assert entries["sections.0.points.0.say"].msgid == "Har baar thoda zyada wait."
    assert entries["sections.0.points.0.say"].occurrences == [("retry.yaml", "9")]
    assert entries["sections.1.table.rows.0.1"].msgid == "Load kam"
    assert entries["sections.0.points.1"].msgid == "Jitter"
    said = {e.msgid for e in _po(article)}
    assert not said & {"hi", "kokoro-hi-female", "🔁", "⏳"}, "settings and icons are not text"
    assert _po(article).metadata["X-Render-Video-Article"] == "retry.yaml"
    added = entries["phrases.complete"]  # the Hindi words, at the article's language line
    assert added.msgid == "{title} complete!" and added.occurrences == [("retry.yaml", "3")]
    assert "placeholder" in added.comment


def test_updating_keeps_translations_and_marks_changed_sources_fuzzy(article: Path, capsys) -> None:
    run(["strings", str(article), "--to", "en"], capsys)
    assert _po(article).metadata["Last-Translator"] == "FULL NAME <EMAIL@ADDRESS>"  # theirs
    _translate(article, {"Retry": "Retry", "Jitter": "Jitter", "Load kam": "Less load"})
    catalogue = _po(article)  # as a translator's editor saves it
    catalogue.metadata["Last-Translator"] = "Asha <asha@example.org>"
    catalogue.metadata["PO-Revision-Date"] = "2026-12-04 10:00+0530"
    catalogue.save()
    _translate(article, {"Har baar thoda zyada wait.": "Wait a little longer each time."})
    changed = ARTICLE.replace("Har baar thoda zyada wait.", "Har baar zyada wait karo.")
    changed = changed.replace("  - title: Achhi", "  - title: Pehle\n  - title: Achhi")
    article.write_text(changed.replace("      - Jitter\n", ""), encoding="utf-8")
    code, out, _ = run(["strings", str(article), "--to", "en"], capsys)
    assert code == 0 and "2 translated, 1 fuzzy" in out and "1 obsolete" in out, out
    entries = {e.msgctxt: e for e in _po(article) if not e.obsolete}
    moved = entries["sections.2.table.rows.0.1"]  # a section was put before it
    assert moved.msgstr == "Less load" and "fuzzy" not in moved.flags
    fuzzy = entries["sections.1.points.0.say"]
    assert fuzzy.flags == ["fuzzy"] and fuzzy.msgstr == "Wait a little longer each time."
    assert fuzzy.previous_msgid == "Har baar thoda zyada wait."
    assert [e.msgid for e in _po(article) if e.obsolete] == ["Jitter"]
    kept = _po(article).metadata
    assert kept["Last-Translator"] == "Asha <asha@example.org>"
    assert kept["PO-Revision-Date"] == "2026-12-04 10:00+0530"


def test_the_article_read_in_its_translation(article: Path, capsys, caplog) -> None:
    run(["strings", str(article), "--to", "en"], capsys)
    _translate(
        article,
        {
            "Retry": "Retry",
            "Retry matlab fail hua kaam dobara chalana.": "Retrying is running failed work again.",
            "Achhi retry policy": "A good retry policy",
            "Har baar thoda zyada wait.": "Wait a little longer each time.",
            "Kya": "What",
            "Kyun": "Why",
        },
    )
    with caplog.at_level(logging.WARNING):
        english = load_translated(article, "en")
    assert english.language == "en" and english.voice is None, "the language's own voice"
    section, table = english.sections[0].points, english.sections[1].table
    assert english.sections[0].title == "A good retry policy" and table is not None
    assert section and section[0].say == "Wait a little longer each time."
    assert table.columns == ["What", "Why"]
    assert section[1].text == "Jitter", "untranslated: the source text"
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "sections.0.points.1: untranslated, 'Jitter'" in warned
    with pytest.raises(ConfigError, match="strings are not translated"):
        load_translated(article, "en", strict=True)


@pytest.mark.parametrize(
    ("msgstr", "error"),
    [
        ("Wait {title} longer.", "placeholders"),
        ("Wait\x07 longer.", "control characters"),
    ],
)
def test_a_hostile_translation_is_a_clear_error(
    article: Path, capsys, msgstr: str, error: str
) -> None:
    run(["strings", str(article), "--to", "en"], capsys)
    _translate(article, {"Har baar thoda zyada wait.": msgstr})
    with pytest.raises(ConfigError, match=error) as info:
        load_translated(article, "en")
    assert "retry.en.po:" in info.value.message


def test_a_catalogue_that_is_broken_huge_or_for_another_article_is_refused(
    article: Path, capsys
) -> None:
    target = article.with_name("retry.en.po")
    target.write_text('msgid "x"\nmsgstr "y"\nthis is not gettext\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"not a readable PO file.*line 3"):
        load_translated(article, "en")
    target.write_bytes(b"#" * 10_000_000)
    with pytest.raises(ConfigError, match=r"10\.0 MB"):
        load_translated(article, "en")
    target.unlink()
    run(["strings", str(article), "--to", "en"], capsys)
    other = article.with_name("cron.yaml")
    other.write_text(ARTICLE, encoding="utf-8")
    target.rename(other.with_name("cron.en.po"))
    with pytest.raises(ConfigError, match=r"translates 'retry\.yaml', not 'cron\.yaml'"):
        load_translated(other, "en")
    code, _, err = run(["strings", str(other), "--to", "en"], capsys)
    assert code == 2 and "translates 'retry.yaml'" in err and "Traceback" not in err


def test_strings_refuses_a_bad_language_tag_or_the_articles_own(article: Path, capsys) -> None:
    code, _, err = run(["strings", str(article), "--to", "english!"], capsys)
    assert code == 2 and "not a language tag" in err
    code, _, err = run(["strings", str(article), "--to", "hi"], capsys)
    assert code == 2 and "written in 'hi' already" in err


def test_the_bundled_article_has_every_visible_string() -> None:
    found, language = article_strings(Path("articles/asynchronous-job.yaml"))
    assert language == "hi" and len(found) > 150
    assert all(source.line for source in found), "every string has its line"


def test_a_render_in_another_language_is_planned_and_made_from_the_catalogue(
    article: Path, capsys, caplog
) -> None:
    run(["strings", str(article), "--to", "en"], capsys)
    _translate(article, {"Achhi retry policy": "A good retry policy"})
    config = RenderConfig(out_dir=article.parent / "out", lang="en")
    plan = make_plan(article, config, check=False)
    assert plan.files.video.name == "retry.en.mp4" and plan.language == "en"
    assert plan.voice.name == "joe", "the language's voice, not the article's Hindi one"
    assert plan.storyboard.slides[1].title == "A good retry policy"
    _translate(article, {"Kab": "When"})
    assert make_plan(article, config, check=False).inputs != plan.inputs, "the catalogue counts"
    article.write_text(ARTICLE.replace("voice:", "voices: {EN: joe-hinglish}\nvoice:"), "utf-8")
    named = make_plan(article, config, check=False).voice.name
    assert named == "joe-hinglish", "the voice the article names for the language"
    article.write_text(ARTICLE, encoding="utf-8")
    source = make_plan(article, config.model_copy(update={"lang": "hi"}), check=False)
    assert source.files.video.name == "retry.mp4", "its own language: the article as written"
    out = article.parent / "out"
    flags = ["--lang", "en", "--no-narration", "--preset", "youtube-720p", "--out", str(out)]
    code, _, err = run([str(article), *flags], capsys)
    assert code == 0, err
    captions = (out / "retry.en.srt").read_text(encoding="utf-8")
    assert "A good retry policy" in captions and "Achhi" not in captions
    assert '"language": "en"' in (out / "retry.en.json").read_text("utf-8")
    warned = [r.getMessage() for r in caplog.records]
    assert any("not translated: sections.0.points.0.say" in w for w in warned), "named"
    code, _, err = run([str(article), *flags, "--strict"], capsys)
    assert code == 2 and "not translated" in err and "Traceback" not in err


def test_lang_all_renders_the_article_and_every_catalogue_beside_it(article: Path, capsys) -> None:
    from renderer.article.po import catalogue_languages

    for language in ("en", "de"):
        run(["strings", str(article), "--to", language], capsys)
    _translate(article, {"Kab": "When"})
    (article.parent / "retry.en.po.bak").write_text("not a catalogue")  # not listed
    assert catalogue_languages(article) == ["de", "en"]
    out = article.parent / "out"
    flags = ["--no-narration", "--preset", "youtube-720p", "--out", str(out)]
    code, said, err = run([str(article), "--lang", "all", *flags], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.glob("*.mp4")) == [
        "retry.de.mp4",
        "retry.en.mp4",
        "retry.mp4",
    ]
    assert [
        line.rsplit("language: ", 1)[1] for line in said.splitlines() if "language: " in line
    ] == [
        "hi",
        "de",
        "en",
    ]
    assert "When" in (out / "retry.en.srt").read_text(encoding="utf-8")
    code, _, err = run(["preview", str(article), "--lang", "all", "--out", str(out)], capsys)
    assert code == 2 and "--lang all renders every language" in err


def test_a_batch_renders_the_languages_its_catalogue_or_command_line_asks_for(
    article: Path, capsys, caplog
) -> None:
    for language in ("en", "de"):
        run(["strings", str(article), "--to", language], capsys)
    flags = ["--no-narration", "--preset", "youtube-720p", "--jobs", "1"]
    out = article.parent / "all"
    at_once = [*flags[:-1], "2", "--web"]
    code, _, err = run(
        ["batch", str(article.parent), "--lang", "all", "--out", str(out), *at_once], capsys
    )
    assert code == 0, err
    assert sorted(p.name for p in out.glob("*.mp4")) == [
        "retry.de.mp4",
        "retry.en.mp4",
        "retry.mp4",
    ]
    parts = sorted(p.parent.name for p in (out / "retry-web").glob("assets/*/part.json"))
    assert parts == ["de", "en", "hi"], "languages rendered at once all land in the folder"
    assert not [r for r in caplog.records if "left out" in r.getMessage()], "catalogues kept"
    catalogue = article.parent / "catalogue.yaml"
    catalogue.write_text("defaults: {languages: [en, hi]}\narticles: [retry.yaml]\n")
    out = article.parent / "listed"
    code, _, err = run(["batch", str(catalogue), "--out", str(out), *flags], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.glob("*.mp4")) == ["retry.en.mp4", "retry.mp4"]
    catalogue.write_text("articles: [{path: retry.yaml, languages: [english]}]\n")
    code, _, err = run(["batch", str(catalogue), "--out", str(out), *flags], capsys)
    assert code == 2 and "catalogue.yaml:1" in err and "languages" in err, err


def test_the_words_render_video_adds_are_translated_too(article: Path, capsys, caplog) -> None:
    from renderer.storyboard import build_storyboard

    for language in ("en", "de"):
        run(["strings", str(article), "--to", language], capsys)
    # English has its own: left untranslated, they are English (not the source's Hinglish)
    english = load_translated(article, "en")
    assert build_storyboard(english).slides[-1].cues[0].text == "You have reached the end of Retry."
    assert not [r for r in caplog.records if "phrases." in r.getMessage()]
    # German has none: translated, they are said and shown; left out, English and a warning
    catalogue = polib.pofile(str(article.with_name("retry.de.po")))
    for entry in catalogue:
        if entry.msgctxt == "phrases.complete":
            entry.msgstr = "Das war {title}."
        if entry.msgctxt == "phrases.complete_label":
            entry.msgstr = "Geschafft! 🎉"
        if entry.msgctxt == "phrases.topic_label":
            entry.msgstr = "Thema {number}"
        if entry.msgctxt == "phrases.complete_badge":
            entry.msgstr = "FERTIG"
    assert "phrases.quiz_title" not in {e.msgctxt for e in catalogue}, "no quiz: not listed"
    catalogue.save()
    board = build_storyboard(load_translated(article, "de"))
    closing = board.slides[-1]
    assert closing.cues[0].text == "Das war Retry." and closing.label == "Geschafft! 🎉"
    assert [s.label for s in board.slides[1:-1]] == ["Thema 1", "Thema 2"], "the slides' labels"
    assert closing.body.badge == "FERTIG"  # type: ignore[union-attr]
    assert closing.title == "{title}".format(title="Retry"), "untranslated: English"
    assert any("not translated: phrases.complete_title" in r.getMessage() for r in caplog.records)


def test_an_article_says_render_video_s_words_its_own_way(tmp_path: Path) -> None:
    from renderer.article import load_article
    from renderer.errors import ArticleError
    from renderer.storyboard import build_storyboard

    path = tmp_path / "own.yaml"
    path.write_text(ARTICLE + "phrases: {complete: 'Bas, {title} ho gaya.'}\n", encoding="utf-8")
    closing = build_storyboard(load_article(path)).slides[-1]
    assert closing.cues[0].text == "Bas, Retry ho gaya."
    assert closing.title == "Retry Complete!", "the others stay the language's own"
    path.write_text(ARTICLE + "phrases: {complete: 'Bas, {topic} ho gaya.'}\n", encoding="utf-8")
    with pytest.raises(ArticleError) as error:
        load_article(path)
    assert "this phrase takes {title}" in str(error.value.render())
    assert error.value.location.line == len(ARTICLE.splitlines()) + 1
    assert "has {topic}" in str(error.value.render())
