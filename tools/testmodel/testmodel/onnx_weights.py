"""The weights of a model folder written by the project, read back as a numpy state dict (model.py's names).

Torch-free, so graph.py's output can be checked against the committed whisper-synth (and training can
go on from the committed files, from_onnx.py). Two layouts:
- graph.py's: every weight under its state-dict name, Linear weights transposed as "<name>.T";
- the older PyTorch export's (the committed whisper-synth): the decoder's initializers keep their
  PyTorch names under "first/" (exported without constant folding); the encoder's Linear weights
  were folded into transposed "onnx::MatMul_*" initializers, so each is identified by the bias its
  MatMul feeds (q_proj, v_proj, out_proj, mlp.0, mlp.2) or, for k_proj (no bias), by the block's
  LayerNorm that feeds it.
"""
import onnx
from onnx import numpy_helper


def _named(init, prefix):
    """graph.py's initializers: state-dict names, with "<name>.T" stored transposed."""
    state = {}
    for name, value in init.items():
        if not name.startswith(prefix):
            continue
        if name.endswith(".T"):
            state[name[:-2]] = value.T
        else:
            state[name] = value
    return state


def encoder_weights(path):
    graph = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    if any(name.endswith(".T") for name in init):
        return _named(init, "encoder.")
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    state = {k: v for k, v in init.items() if k.startswith("encoder.")}
    unnamed = []
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in init or not node.input[1].startswith("onnx::"):
            continue
        weight = init[node.input[1]].T  # MatMul(x, W.T) → Linear weight W
        bias = None
        for user in consumers.get(node.output[0], []):
            if user.op_type == "Add":
                bias = next((i for i in user.input if i.startswith("encoder.") and i.endswith(".bias")), None)
        if bias is None:
            unnamed.append((node, weight))
        else:
            state[bias[: -len("bias")] + "weight"] = weight
    # k_proj has no bias: in each block it is the one MatMul left without a name
    for node, weight in unnamed:
        block = _block_of(graph, node)
        key = f"encoder.blocks.{block}.attn.k_proj.weight"
        if block is None or key in state:
            raise ValueError(f"cannot place {node.input[1]} in an encoder block")
        state[key] = weight
    return state


def _block_of(graph, node):
    """The encoder block a bias-free MatMul belongs to: the block of the LayerNorm that feeds it."""
    producer = {o: n for n in graph.node for o in n.output}
    seen, frontier = set(), [node.input[0]]
    while frontier:
        name = frontier.pop()
        if name in seen:
            continue
        seen.add(name)
        src = producer.get(name)
        if src is None:
            continue
        for i in src.input:
            if i.startswith("encoder.blocks.") and "attn_ln" in i:
                return int(i.split(".")[2])
        frontier.extend(i for i in src.input if not i.startswith("encoder."))
    return None


def decoder_weights(path):
    graph = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    if any(name.endswith(".T") for name in init):
        return _named(init, "decoder.")
    state = {}
    for i in graph.initializer:
        if i.name.startswith("first/decoder."):
            state[i.name[len("first/"):]] = numpy_helper.to_array(i)
    return state


def state_from_folder(folder):
    """{name: float32 array} of a model folder's fp32 encoder_model.onnx and decoder_model_merged.onnx."""
    state = encoder_weights(folder / "onnx" / "encoder_model.onnx")
    state.update(decoder_weights(folder / "onnx" / "decoder_model_merged.onnx"))
    return state
