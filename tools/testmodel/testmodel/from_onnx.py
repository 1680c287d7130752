"""Reads a whisper-synth model folder's fp32 ONNX files back into a PyTorch checkpoint.

The committed model folder is the only copy of the trained weights that survives a session (the
checkpoints are not committed), so training can go on from it. The decoder's initializers keep
their PyTorch names (exported without constant folding); the encoder's Linear weights were folded
into transposed "onnx::MatMul_*" initializers, so each is identified by the bias its MatMul feeds
(q_proj, v_proj, out_proj, mlp.0, mlp.2) or, for k_proj (no bias), by the block's LayerNorm that
feeds it. The result is checked against the PyTorch reference values written when the model was
packaged (reference/whisper-synth.json).

  python3 -m testmodel.from_onnx --model models/testmodels/whisper-synth --out work/committed.pt \
      --reference reference/whisper-synth.json
"""
import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .model import Whisper
from .reference import reference_values
from .synth_spec import SYNTH, synth_dims
from .tokenizer import Tokenizer


def _encoder_weights(path):
    graph = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
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


def _decoder_weights(path):
    graph = onnx.load(str(path)).graph
    state = {}
    for i in graph.initializer:
        if i.name.startswith("first/decoder."):
            state[i.name[len("first/"):]] = numpy_helper.to_array(i)
    return state


def load_model_folder(folder):
    tokenizer = Tokenizer(SYNTH.window_s)
    model = Whisper(synth_dims(tokenizer))
    state = _encoder_weights(folder / "onnx" / "encoder_model.onnx")
    state.update(_decoder_weights(folder / "onnx" / "decoder_model_merged.onnx"))
    state = {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in state.items()}
    missing = set(model.state_dict()) - set(state)
    extra = set(state) - set(model.state_dict())
    if missing or extra:
        raise ValueError(f"ONNX weights do not match the model: missing {sorted(missing)}, extra {sorted(extra)}")
    model.load_state_dict(state)
    return model, tokenizer


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--reference", type=Path, help="reference values to check the recovered weights against")
    args = ap.parse_args()
    model, tokenizer = load_model_folder(args.model)
    if args.reference:
        want = json.loads(args.reference.read_text(encoding="utf-8"))
        got = reference_values(model, tokenizer, SYNTH.window_s)
        for key in ("first_step_last_logits", "second_step_logits"):
            if got[key]["ids"] != want[key]["ids"] or not np.allclose(got[key]["logits"], want[key]["logits"], atol=1e-4):
                raise SystemExit(f"recovered weights disagree with {args.reference} on {key}: {got[key]} vs {want[key]}")
        print(f"recovered weights reproduce {args.reference}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"dims": model.dims.as_dict(), "model": model.state_dict()}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
