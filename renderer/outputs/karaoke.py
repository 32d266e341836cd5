"""Output: caption cues -> word-level captions: WebVTT with word timestamps, and ASS karaoke.

`<slug>.words.vtt` is the karaoke form WebVTT defines: each word after the first carries
its start as a timestamp tag inside the cue (`<00:00:01.250>word`); browsers style words
already said with `::cue(:past)` and words to come with `::cue(:future)`. `<slug>.ass`
times every word with `\\k` (centiseconds), for players and editors that read Advanced
SubStation (VLC, mpv, Aegisub, ffmpeg's subtitles filter): words turn from white to the
theme's accent as they are spoken. `<slug>.vtt` and `.srt` stay phrase-level, which is what
platforms show.
"""

from __future__ import annotations

from pathlib import Path

from renderer.atomic import write_text
from renderer.outputs.captions import RLM, Caption, directed, vtt_time
from renderer.presets import PHONE_SAFE
from renderer.raster.bidi import has_rtl
from renderer.theme import Theme
from renderer.timeline import TimedWord
from renderer.wordsplit import in_lines


def word_cue_text(cue: Caption) -> str:
    """A cue's lines with a timestamp tag before every word that starts inside it (a word
    spoken at the cue's start, or at the same moment as the word before, needs none)."""
    tags = _word_starts(cue)
    placed = _placed(cue) or [[] for _ in cue.lines]
    lines = []
    for line, words in zip(cue.lines, placed, strict=True):
        out, at = [], 0
        for index, start, _end in words:
            out.append(line[at:start])
            if (tag := tags[index]) is not None:
                out.append(f"<{vtt_time(tag)}>")
            at = start
        out.append(line[at:])
        lines.append(RLM + "".join(out) if has_rtl(line) else "".join(out))
    return "\n".join(lines)


def _word_starts(cue: Caption) -> list[float | None]:
    """For each word of the cue, the timestamp to write before it (None for none): rising
    strictly, after the cue's start and before its end, as WebVTT requires."""
    last = cue.start
    out: list[float | None] = []
    for word in cue.words:
        start = round(word.start, 3)
        if last < start < cue.end:
            out.append(start)
            last = start
        else:
            out.append(None)
    return out


def write_word_vtt(cues: list[Caption], path: Path) -> Path:
    """WebVTT with every word's start, UTF-8, written atomically."""
    import webvtt

    document = webvtt.WebVTT()
    for cue in cues:
        text = word_cue_text(cue) if _matches(cue) else "\n".join(cue.lines)
        document.captions.append(webvtt.Caption(vtt_time(cue.start), vtt_time(cue.end), text))
    return write_text(path, document.content)


def _matches(cue: Caption) -> bool:
    """Whether the cue's words are exactly the words of its lines."""
    return _placed(cue) is not None


def _placed(cue: Caption) -> list[list[tuple[int, int, int]]] | None:
    """Each line's words (index, start, end in the line), or None if they are not the
    cue's words (`wordsplit.in_lines`)."""
    return in_lines(cue.lines, [w.text for w in cue.words])


def karaoke_durations(cue: Caption) -> list[tuple[str, int]]:
    """(text, centiseconds) pieces of a cue for `\\k`: a silent lead before the first word,
    then each word until the next one starts (the last until the cue ends)."""
    words: list[TimedWord] = list(cue.words)
    pieces: list[tuple[str, int]] = []
    edges = (
        [round(cue.start * 100)] + [round(w.start * 100) for w in words] + [round(cue.end * 100)]
    )
    edges = [max(edges[0], min(edge, edges[-1])) for edge in edges]
    for i in range(1, len(edges) - 1):  # never backwards
        edges[i] = max(edges[i], edges[i - 1])
    if edges[1] > edges[0]:
        pieces.append(("", edges[1] - edges[0]))
    for i, word in enumerate(words):
        pieces.append((word.text, edges[i + 2] - edges[i + 1]))
    return pieces


def write_ass(cues: list[Caption], path: Path, size: tuple[int, int], theme: Theme) -> Path:
    """Advanced SubStation Alpha with `\\k` karaoke, for a video of `size`: bottom centre
    above the progress bar in landscape, larger and higher in vertical video."""
    import pysubs2

    width, height = size
    vertical = height > width
    unit = min(size) / 1080
    subs = pysubs2.SSAFile()
    subs.info.update(
        {
            "PlayResX": str(width),
            "PlayResY": str(height),
            "WrapStyle": "2",
            "ScaledBorderAndShadow": "yes",
        }
    )
    accent = pysubs2.Color(*theme.accent)
    subs.styles["Default"] = pysubs2.SSAStyle(
        fontname="Inter",
        fontsize=round((64 if vertical else 44) * unit),
        bold=True,
        primarycolor=accent,
        secondarycolor=pysubs2.Color(255, 255, 255),
        outlinecolor=pysubs2.Color(8, 8, 12),
        backcolor=pysubs2.Color(8, 8, 12, 80),
        borderstyle=1,
        outline=round(3 * unit, 1),
        shadow=round(1.5 * unit, 1),
        alignment=pysubs2.Alignment.BOTTOM_CENTER,
        marginv=round(height * (0.30 if vertical else 0.135)),  # vertical: see PHONE_SAFE
        marginl=round(width * 0.08),
        marginr=round(width * (1 - PHONE_SAFE[2] + 0.02 if vertical else 0.08)),
    )
    for cue in cues:
        if _matches(cue):
            text = _karaoke_text(cue)
        else:
            text = r"\N".join(map(directed, cue.lines))
        subs.append(
            pysubs2.SSAEvent(start=round(cue.start * 1000), end=round(cue.end * 1000), text=text)
        )
    return write_text(path, subs.to_string("ass"))


def _karaoke_text(cue: Caption) -> str:
    """`{\\kNN}word` pieces, with the cue's line break kept."""
    placed = _placed(cue) or []
    glue: dict[int, str] = {}  # what comes before each word: a line break, a space or none
    for number, (line, words) in enumerate(zip(cue.lines, placed, strict=False)):
        for k, (index, start, _end) in enumerate(words):
            if k == 0:
                glue[index] = r"\N" if number else ""
                glue[index] += RLM if has_rtl(line) else ""  # a right-to-left line: its mark
            else:
                glue[index] = " " if start > words[k - 1][2] else ""
    out, index = [], 0
    for text, centis in karaoke_durations(cue):
        if not text:
            out.append(f"{{\\k{centis}}}")
            continue
        out.append(f"{glue.get(index, ' ' if index else '')}{{\\k{centis}}}{_escape(text)}")
        index += 1
    return "".join(out)


def _escape(text: str) -> str:
    """Text that ASS shows as written (braces open override blocks; a backslash escapes)."""
    return text.replace("\\", "\\\u2060").replace("{", "(").replace("}", ")")
