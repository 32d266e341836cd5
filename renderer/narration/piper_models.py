"""The piper voice's model as the engine runs it, derived once per machine from the model
the voice package installs (nothing is downloaded) and kept in the cache's `models` folder.

- aligned: piper's own patch adds the phoneme durations as an output (word timings).
- 2-D: the model's 1-D convolutions are run as 2-D ones of height 1. onnxruntime sends 1-D
  convolutions through a generic im2col path and 2-D ones through its blocked (NCHWc) kernels;
  the weights and the arithmetic are the same, the speech the same to float rounding, and it
  is spoken about 1.2x faster (docs/benchmarks.md). Before it is kept, the derived model
  speaks a test phrase beside the source; if the two differ it is not used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from renderer.atomic import write_bytes, write_text
from renderer.store import content_key

AS_2D_REVISION = 1
"""Bump when `_as_2d` changes: a model derived by an older rewrite is then made anew."""


def aligned_model(model: str, models: str | None = None) -> str | bytes:
    """The model with its phoneme durations as an output (piper's alignment patch, made
    with the onnx package): a file in `models`, made once (from the installed model's name,
    size and time, and piper's version) and reused, or else bytes made here; the model as it
    is when it has them already or onnx is missing (words are then estimated)."""
    if models is None:
        return _patch(model) or model
    import piper

    source = Path(model)
    key = content_key(
        kind="aligned-model", **_file_identity(source), piper=getattr(piper, "__version__", "")
    )
    kept = Path(models) / f"{source.stem}-aligned-{key[:16]}.onnx"
    with _made_once(kept):
        if not kept.is_file():
            data = _patch(model)
            if data is None:
                return model
            write_bytes(kept, data)
    return str(kept)


def model_2d(model: str | bytes, models: str | None) -> str | bytes:
    """`model` with its 1-D convolutions run as 2-D ones (faster, same speech), kept in
    `models`; `model` itself when there is no folder to keep it in, or when the derived
    model does not speak as the source does (then a `.refused` note is kept instead, so
    that it is not tried again)."""
    if models is None or isinstance(model, bytes):
        return model  # deriving it at every load would cost more than it saves
    import onnxruntime

    source = Path(model)
    key = content_key(
        kind="2d-model",
        **_file_identity(source),
        revision=AS_2D_REVISION,
        onnxruntime=onnxruntime.__version__,
    )
    kept = Path(models) / f"{source.stem}-2d-{key[:16]}.onnx"
    refused = kept.with_suffix(".refused")
    with _made_once(kept):
        if kept.is_file():
            return str(kept)
        if refused.is_file():
            return model
        data = _as_2d(model)
        why = "the model could not be rewritten" if data is None else _differs(model, data)
        if why is not None or data is None:
            write_text(refused, f"not used: {why}\n", durable=False)
            return model
        write_bytes(kept, data)
    return str(kept)


def _made_once(kept: Path) -> Any:
    """A lock beside `kept`: worker processes, or two renders, starting at once make it once."""
    from filelock import FileLock

    kept.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(f"{kept}.lock")


def _file_identity(source: Path) -> dict[str, Any]:
    stat = source.stat()
    return {"name": source.name, "size": stat.st_size, "mtime": stat.st_mtime_ns}


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


_ELEMENTWISE = frozenset({"Add", "Sub", "Mul", "Div", "LeakyRelu", "Relu", "Tanh", "Sigmoid"})
_AXIS = "render_video_height_axis"


def _as_2d(model: str) -> bytes | None:
    """The model with every 1-D convolution (Conv, ConvTranspose) made a 2-D one of height
    1, and the element-wise operations between them kept in 2-D, so that tensors go back to
    1-D only where another operation reads them. None if the graph has subgraphs (not
    rewritten) or no 1-D convolution."""
    import onnx
    from onnx import helper, numpy_helper

    proto = onnx.load(model)
    graph = proto.graph
    if any(
        a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS)
        for node in graph.node
        for a in node.attribute
    ):
        return None
    weights = {t.name: t for t in graph.initializer}
    scalars = _scalars(graph)
    tall: dict[str, str] = {}  # a 1-D tensor's name -> its height-1 twin's
    flat: set[str] = set()  # tensors that also exist in 1-D
    nodes: list[onnx.NodeProto] = []
    kernels: list[onnx.TensorProto] = []

    def as_tall(name: str) -> str:
        if name not in tall:
            tall[name] = f"{name}_2d"
            flat.add(name)
            nodes.append(helper.make_node("Unsqueeze", [name, _AXIS], [tall[name]]))
        return tall[name]

    def as_flat(name: str) -> None:
        if name in tall and name not in flat:
            flat.add(name)
            nodes.append(helper.make_node("Squeeze", [tall[name], _AXIS], [name]))

    convolutions = 0
    for node in graph.node:
        weight = weights.get(node.input[1]) if len(node.input) > 1 else None
        if (
            node.op_type in ("Conv", "ConvTranspose")
            and weight is not None
            and len(weight.dims) == 3
        ):
            kernel = numpy_helper.to_array(weight)[:, :, None, :]
            kernels.append(numpy_helper.from_array(kernel, f"{weight.name}_2d"))
            out = f"{node.output[0]}_2d"
            nodes.append(
                helper.make_node(
                    node.op_type,
                    [as_tall(node.input[0]), f"{weight.name}_2d", *node.input[2:]],
                    [out],
                    name=node.name,
                    **_attributes_2d(node),
                )
            )
            tall[node.output[0]] = out
            convolutions += 1
        elif (
            node.op_type in _ELEMENTWISE
            and any(i in tall for i in node.input)
            and all(i in tall or i in scalars for i in node.input)
        ):
            out = f"{node.output[0]}_2d"
            nodes.append(
                helper.make_node(
                    node.op_type,
                    [tall.get(i, i) for i in node.input],
                    [out],
                    name=node.name,
                    **{a.name: helper.get_attribute_value(a) for a in node.attribute},
                )
            )
            tall[node.output[0]] = out
        else:
            for name in node.input:
                as_flat(name)
            nodes.append(node)
    if not convolutions:
        return None
    for output in graph.output:
        as_flat(output.name)
    kernels.append(numpy_helper.from_array(np.array([2], dtype=np.int64), _AXIS))
    used = {name for node in nodes for name in node.input}
    kept = [t for t in [*graph.initializer, *kernels] if t.name in used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return bytes(proto.SerializeToString())


def _scalars(graph: Any) -> set[str]:
    """Constants of one element (they broadcast the same against 1-D and 2-D tensors)."""
    from onnx import numpy_helper

    found = {t.name for t in graph.initializer if int(np.prod(t.dims)) == 1}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            if numpy_helper.to_array(node.attribute[0].t).size == 1:
                found.add(node.output[0])
    return found


def _attributes_2d(node: Any) -> dict[str, Any]:
    """A 1-D convolution's attributes for the same convolution over a height of 1."""
    from onnx import helper

    attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    made: dict[str, Any] = {}
    for name, value in attributes.items():
        if name in ("kernel_shape", "strides", "dilations"):
            made[name] = [1, value[0]]
        elif name == "output_padding":
            made[name] = [0, value[0]]
        elif name == "pads":
            made[name] = [0, value[0], 0, value[1]]
        else:
            made[name] = value
    return made


def _differs(model: str, derived: bytes) -> str | None:
    """Why `derived` does not speak as `model` does (None: it does): a test phrase, with
    piper's deterministic settings, must last as long, with the same phoneme durations
    where the model reports them, and the same sound within 60 dB."""
    import onnxruntime

    phonemes = [1, *[i for p in range(20, 60) for i in (p, 0)], 2]  # ^ ... $ of piper's map
    feed = {
        "input": np.array([phonemes], dtype=np.int64),
        "input_lengths": np.array([len(phonemes)], dtype=np.int64),
        "scales": np.array([0.0, 1.0, 0.0], dtype=np.float32),
    }
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    said = []
    for source in (model, derived):  # one session at a time: the peak memory of a first render
        session = onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])
        said.append(session.run(None, feed))
        del session
    (sound, *durations), (sound_2d, *durations_2d) = said
    if sound.size != sound_2d.size:
        return f"it speaks {sound_2d.size} samples, the source {sound.size}"
    if any(not np.array_equal(a, b) for a, b in zip(durations, durations_2d, strict=True)):
        return "its phoneme durations differ from the source's"
    error = float(np.sum((sound.astype(np.float64) - sound_2d) ** 2))
    signal = float(np.sum(sound.astype(np.float64) ** 2))
    if error > signal * 1e-6:
        return f"its sound differs from the source's ({10 * np.log10(signal / error):.0f} dB)"
    return None
