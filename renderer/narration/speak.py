"""Stage: Storyboard -> Narration (audio of every sentence, grouped by slide and cue; the
types are in `narration.model`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass

import numpy as np

from renderer.errors import VoiceError
from renderer.graphemes import head
from renderer.narration.base import Engine, Speech
from renderer.narration.cache import SpeechCache, cache_key
from renderer.narration.model import CueAudio, Narration, SlideAudio, SpokenSentence
from renderer.narration.sentences import split_sentences
from renderer.narration.voices import Voice
from renderer.narration.words import Unit, estimate
from renderer.storyboard_model import Storyboard
from renderer.workers import process_pool

log = logging.getLogger(__name__)

SOUNDLESS_PAUSE_SECONDS = 0.3
"""What a sentence the voice speaks as no sound at all ("...", a lone symbol) becomes."""


def count_sentences(storyboard: Storyboard) -> int:
    """How many sentences `narrate` will synthesise (for progress bars)."""
    return sum(len(split_sentences(cue.text)) for s in storyboard.slides for cue in s.cues)


def spoken_sentences(storyboard: Storyboard, voice: Voice) -> Iterator[tuple[int, str, str]]:
    """(slide number, a sentence as written, exactly the text the voice's engine is given
    for it) for every sentence, in order: what `narrate` speaks (`storyboard --spoken`)."""
    for slide in storyboard.slides:
        for cue in slide.cues:
            for text in split_sentences(cue.text):
                yield slide.number, text, voice.spoken(text)


def narrate(
    storyboard: Storyboard,
    voice: Voice,
    cache: SpeechCache | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> Narration:
    """Synthesise every sentence of every cue; identical sentences are spoken once, and
    sentences already in the cache are not synthesised at all. `workers` is the CPU budget:
    an engine that allows it speaks in that many processes of one thread each (piper: two
    single-threaded processes do the work of one two-threaded process in about 85% of the
    time); otherwise it speaks here with that many threads."""
    engine = voice.engine.with_models(cache.root / "models" if cache is not None else None)
    identity = engine.identity()
    memo: dict[str, Speech] = {}
    where: dict[str, tuple[Said, int, str]] = {}  # key -> (what to say, slide number, title)
    plan: list[list[list[tuple[str, str]]]] = []  # slide, cue: (text, key)
    for slide in storyboard.slides:
        plan.append([])
        for cue in slide.cues:
            plan[-1].append([])
            for text in split_sentences(cue.text):
                spoken = voice.spoken(text)
                key = cache_key(identity, voice.pronunciation, spoken, text)
                plan[-1][-1].append((text, key))
                if key not in where:
                    where[key] = (Said(spoken, voice.units(text)), slide.number, slide.title)
    todo = []
    for key, (said, _, _) in where.items():
        hit = cache.get(engine.name, key) if cache is not None else None
        if hit is None:
            todo.append((key, said))
        else:
            memo[key] = _sounding(hit, where[key])
    done = sum(len(sentences) for cues in plan for sentences in cues) - len(todo)
    if progress and done:
        progress(done)
    for key, speech in _synthesize(engine, todo, workers):
        if isinstance(speech, Exception):
            _, number, title = where[key]
            raise _failure(speech, voice.name, number, title)
        memo[key] = speech = _sounding(speech, where[key])
        if cache is not None:
            cache.put(engine.name, key, speech)
        if progress:
            progress(1)
    return Narration(
        voice.name,
        tuple(
            SlideAudio(
                tuple(
                    CueAudio(
                        cue.step,
                        cue.min_seconds,
                        tuple(SpokenSentence(text, memo[key], key) for text, key in sentences),
                    )
                    for cue, sentences in zip(slide.cues, cues, strict=True)
                )
            )
            for slide, cues in zip(storyboard.slides, plan, strict=True)
        ),
    )


def _sounding(speech: Speech, said: tuple[Said, int, str]) -> Speech:
    """A sentence the voice speaks as no sound at all is kept as a short pause, with a
    warning naming its slide: the slide keeps its place and nothing downstream (the
    timeline, the mix, the loudness meter) ever meets audio of no samples."""
    if len(speech.samples):
        return speech
    what, number, title = said
    log.warning(
        "slide %d (%r): the voice says nothing for %r; it is a %.1f s pause",
        number,
        title,
        head(what.spoken, 60),
        SOUNDLESS_PAUSE_SECONDS,
    )
    pause = np.zeros(round(SOUNDLESS_PAUSE_SECONDS * speech.sample_rate), dtype=np.int16)
    words = [word for unit in what.units for word in unit.words]
    return Speech(
        pause, speech.sample_rate, tuple(estimate(words, pause, speech.sample_rate)), speech.timed
    )


@dataclass(frozen=True)
class Said:
    """What the voice is given for one sentence, and the pieces its words are timed by."""

    spoken: str
    units: tuple[Unit, ...]


def _synthesize(
    engine: Engine, todo: list[tuple[str, Said]], workers: int
) -> Iterator[tuple[str, Speech | Exception]]:
    """(key, its speech or the error) for every sentence, in order of completion."""
    if workers <= 1 or not engine.parallel or not todo:
        # (one sentence of a parallel engine still goes to a worker: a model used here
        # before this process forks would hang the workers that use it after the fork,
        # as onnxruntime's state is not fork-safe)
        here = engine.with_threads(workers)
        for key, said in todo:
            try:
                yield key, here.synthesize_words(said.spoken, said.units)
            except Exception as exc:  # reported with its slide by the caller
                yield key, exc
        return
    single = engine.with_threads(1)  # the processes share the cores
    with process_pool(min(workers, len(todo))) as pool:
        futures = {pool.submit(_speak, single, said): key for key, said in todo}
        try:
            for future in as_completed(futures):
                error = future.exception()
                yield futures[future], error if isinstance(error, Exception) else future.result()
        finally:
            for future in futures:
                future.cancel()


def _speak(engine: Engine, said: Said) -> Speech:
    """In a worker process: the engine arrives without its model (engines pickle their
    parameters only) and loads it once per process (see PiperEngine)."""
    return engine.synthesize_words(said.spoken, said.units)


def narrate_with_fallback(
    storyboard: Storyboard,
    voice: Voice,
    backups: Sequence[Voice],
    cache: SpeechCache | None,
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Narration:
    """Narrate; if the voice fails mid-render, narrate again with the next of `backups`
    (the plan's fallback chain), with one warning each time."""
    speakers = [voice, *backups]
    for number, speaker in enumerate(speakers):
        try:
            return narrate(
                storyboard,
                speaker,
                cache,
                progress=progress if number == 0 else None,
                workers=workers,
            )
        except VoiceError as exc:
            if number + 1 == len(speakers):
                raise
            log.warning("%s; narrating with '%s' instead", exc.message, speakers[number + 1].name)
        finally:
            speaker.engine.close()
    raise AssertionError("unreachable: the last voice's failure is raised")


def _failure(exc: Exception, voice: str, number: int, title: str) -> VoiceError:
    """An engine's failure as one message naming the voice and the slide."""
    if isinstance(exc, VoiceError):
        exc.message = f"voice '{voice}' failed on slide {number} ({title!r}): {exc.message}"
        return exc
    error = VoiceError(f"voice '{voice}' failed on slide {number} ({title!r}): {exc}")
    error.__cause__ = exc
    return error
