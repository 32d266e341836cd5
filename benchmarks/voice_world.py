"""How the offline Japanese and Chinese voices are heard by a speech recogniser (issue 33).

A measurement, not a test. Each voice speaks every sentence of its language's world fixture
(`tests/fixtures/media/world-<language>.yaml`: every slide kind, with numbers, units and
English words inside) through the product's own path (`narrate`, the narration cache shared
with renders). Whisper base (multilingual, the bench extra, as `voice_quality.py` loads it)
then listens to each sentence on its own:

- language ID: the share of sentences heard as the voice's language, and its mean
  probability;
- a reading error rate, script-neutral, since whisper writes Chinese in Traditional or
  Simplified characters and Japanese in kanji or kana as it likes: the written sentence and
  the transcript are both turned into their reading, compared as sequences. Chinese: toneless
  pinyin syllables (pypinyin; numbers as words by cn2an on both sides). Japanese: katakana
  (OpenJTalk's reading, pyopenjtalk), compared letter by letter. Latin words are kept as
  lower-case words on both sides. Whisper base is weak: read these as a level and a trend
  between voices, not as absolutes;
- the real-time factor of the speaking (from an empty cache with --no-cache).

    .venv/bin/python benchmarks/voice_world.py                  # ja and zh, both voices each
    .venv/bin/python benchmarks/voice_world.py --languages zh --sentences
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.voice_quality import edits, to_whisper, whisper_folder  # noqa: E402
from renderer.article import load_article  # noqa: E402
from renderer.config import default_cache_dir  # noqa: E402
from renderer.narration.cache import SpeechCache  # noqa: E402
from renderer.narration.model import SpokenSentence  # noqa: E402
from renderer.narration.speak import narrate  # noqa: E402
from renderer.narration.voices import resolve_voice  # noqa: E402
from renderer.storyboard import build_storyboard  # noqa: E402

WORLD = ROOT / "tests" / "fixtures" / "media"
VOICES = ROOT / "voices"
LANGUAGE_VOICES = {
    "ja": ("kokoro-ja-female", "kokoro-ja-male"),
    "zh": ("kokoro-zh-female", "kokoro-zh-male"),
}
_LATIN = re.compile(r"[A-Za-z]+")
_MARKS = re.compile(r"[^\w]+")


def reading(text: str, language: str) -> list[str]:
    """The text as what is said: pinyin syllables (zh) or katakana letters (ja), Latin words
    as lower-case words."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    out: list[str] = []
    for piece in re.split(r"([A-Za-z]+)", text):
        if _LATIN.fullmatch(piece):
            out.append(piece.lower())
        elif piece.strip():
            out += _zh(piece) if language == "zh" else _ja(piece)
    return out


def _zh(text: str) -> list[str]:
    import cn2an
    from pypinyin import Style, lazy_pinyin

    said = cn2an.transform(text, "an2cn")
    syllables = lazy_pinyin(_MARKS.sub(" ", said), style=Style.NORMAL, errors="ignore")
    return [s for s in syllables if s.strip() and s.isalpha()]


def _ja(text: str) -> list[str]:
    import pyopenjtalk

    kana = pyopenjtalk.g2p(_MARKS.sub("、", text), kana=True)
    return [c for c in kana if "\u30a0" <= c <= "\u30ff" and c != "・"]


def speak(language: str, name: str, cache: SpeechCache | None, jobs: int) -> Spoken:
    """A voice's speech of every sentence of its language's fixture, as a render speaks it."""
    board = build_storyboard(load_article(WORLD / f"world-{language}.yaml"))
    voice = resolve_voice(name, VOICES, explicit=True)
    start = time.perf_counter()
    narration = narrate(board, voice, cache, workers=jobs)
    seconds = time.perf_counter() - start
    sentences = [s for slide in narration.slides for cue in slide.cues for s in cue.sentences]
    return Spoken(language, name, sentences, seconds)


@dataclass
class Spoken:
    language: str
    voice: str
    sentences: list[SpokenSentence]
    speak_seconds: float
    heard: list[tuple[str, str, float, str, int, int]] = field(default_factory=list)
    """Each sentence: its text, the language heard, P(voice's language), the transcript,
    reading edits, reading length."""

    def listen(self, model: Any) -> None:
        for sentence in self.sentences:
            segments, info = model.transcribe(
                to_whisper(sentence.speech), beam_size=5, temperature=0, without_timestamps=True
            )
            transcript = "".join(segment.text for segment in segments).strip()
            p = dict(info.all_language_probs or []).get(self.language, 0.0)
            want = reading(sentence.text, self.language)
            got = reading(transcript, self.language)
            self.heard.append(
                (sentence.text, info.language, p, transcript, edits(want, got), len(want))
            )

    def row(self) -> str:
        count = len(self.heard)
        audio = sum(s.speech.seconds for s in self.sentences)
        heard_as = sum(h[1] == self.language for h in self.heard) / count
        p = sum(h[2] for h in self.heard) / count
        error = sum(h[4] for h in self.heard) / max(1, sum(h[5] for h in self.heard))
        return (
            f"| {self.language} | {self.voice} | {count} ({audio:.0f} s) | {heard_as:.0%} | "
            f"{p:.3f} | {error:.1%} | {self.speak_seconds / audio:.2f} |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", default="ja,zh", help="comma-separated (default ja,zh)")
    parser.add_argument("--sentences", action="store_true", help="print each transcript")
    parser.add_argument("--jobs", type=int, default=2, help="CPU budget (default 2)")
    parser.add_argument("--no-cache", action="store_true", help="speak every sentence afresh")
    args = parser.parse_args(argv)
    root = default_cache_dir()
    cache = None if args.no_cache else SpeechCache(root)
    # every voice speaks before whisper loads: the voices' workers fork from this process
    spoken = [
        speak(language, name, cache, args.jobs)
        for language in args.languages.split(",")
        for name in LANGUAGE_VOICES[language]
    ]
    from faster_whisper import WhisperModel

    model = WhisperModel(
        str(whisper_folder(root)), device="cpu", compute_type="int8", cpu_threads=args.jobs
    )
    for voice in spoken:
        voice.listen(model)
    print(
        "| language | voice | sentences (audio) | heard as its language | mean P(language) "
        "| reading error rate | speaking RTF |"
    )
    print("|---|---|---|---|---|---|---|")
    for voice in spoken:
        print(voice.row())
    if args.sentences:
        for voice in spoken:
            print(f"\n### {voice.voice}\n")
            for text, heard, p, transcript, wrong, length in voice.heard:
                print(f"- [{heard} {p:.2f} {wrong}/{length}] {text} → {transcript}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
