"""The reader and the mapping on a small made-up model, without the real weights (run by realmodels.test.mjs).

A random state dict in graph.py's names (testmodel.random_models.random_state, small sizes) is packed
the way CTranslate2's Whisper converter packs it (fused q/k/v and k/v with zero key biases, the
output layer an alias of the embedding), stored as float16 and as int8 with per-row scales, written
with ct2.write_model, read back with ct2.read_model and mapped back with convert.state_from_ct2.
Prints one line per case and "selftest ok".
"""
import sys
import tempfile
from pathlib import Path

import numpy as np
from testmodel.dims import Dims
from testmodel.random_models import random_state

from .convert import check_spec, state_from_ct2
from .ct2 import read_model, write_model

DIMS = Dims(n_mels=8, n_audio_ctx=6, n_state=16, n_head=2, n_encoder_layers=2, n_decoder_layers=2, n_ffn=32, n_vocab=50, n_text_ctx=10)


def ct2_variables(s, dims):
    """graph.py state → CTranslate2 WhisperSpec variables (float32), as the converter lays them out."""
    v = {}
    zeros = np.zeros(dims.n_state, np.float32)

    def norm(dst, src):
        v[f"{dst}/gamma"], v[f"{dst}/beta"] = s[f"{src}.weight"], s[f"{src}.bias"]

    def linear(dst, src):
        v[f"{dst}/weight"], v[f"{dst}/bias"] = s[f"{src}.weight"], s[f"{src}.bias"]

    def fused(dst, src, names):
        v[f"{dst}/weight"] = np.concatenate([s[f"{src}.{n}.weight"] for n in names])
        v[f"{dst}/bias"] = np.concatenate([zeros if n == "k_proj" else s[f"{src}.{n}.bias"] for n in names])

    for i in ("1", "2"):
        linear(f"encoder/conv{i}", f"encoder.conv{i}")
    v["encoder/position_encodings/encodings"] = s["encoder.positions"]
    for side, n in (("encoder", dims.n_encoder_layers), ("decoder", dims.n_decoder_layers)):
        for i in range(n):
            dst, src = f"{side}/layer_{i}", f"{side}.blocks.{i}"
            norm(f"{dst}/self_attention/layer_norm", f"{src}.attn_ln")
            fused(f"{dst}/self_attention/linear_0", f"{src}.attn", ["q_proj", "k_proj", "v_proj"])
            linear(f"{dst}/self_attention/linear_1", f"{src}.attn.out_proj")
            if side == "decoder":
                norm(f"{dst}/attention/layer_norm", f"{src}.cross_ln")
                linear(f"{dst}/attention/linear_0", f"{src}.cross.q_proj")
                fused(f"{dst}/attention/linear_1", f"{src}.cross", ["k_proj", "v_proj"])
                linear(f"{dst}/attention/linear_2", f"{src}.cross.out_proj")
            norm(f"{dst}/ffn/layer_norm", f"{src}.mlp_ln")
            linear(f"{dst}/ffn/linear_0", f"{src}.mlp.0")
            linear(f"{dst}/ffn/linear_1", f"{src}.mlp.2")
    norm("encoder/layer_norm", "encoder.ln_post")
    norm("decoder/layer_norm", "decoder.ln")
    v["decoder/embeddings/weight"] = s["decoder.token_embedding.weight"]
    v["decoder/position_encodings/encodings"] = s["decoder.positional_embedding"]
    return v


def scalars(dims):
    return {
        "encoder/num_heads": np.array(dims.n_head, np.int16), "decoder/num_heads": np.array(dims.n_head, np.int16),
        "decoder/activation": np.array(3, np.int8), "decoder/pre_norm": np.array(1, np.int8),
        "decoder/scale_embeddings": np.array(0, np.int8), "decoder/alibi": np.array(0, np.int8),
        "decoder/start_from_zero_embedding": np.array(0, np.int8),
    }


def quantize_int8(variables):
    """CTranslate2's int8 scheme (model_spec.py): weights of 2-D and conv layers, per-row 127/amax scale."""
    out = {}
    for name, value in variables.items():
        if name.endswith("/weight") and value.ndim >= 2 and not name.startswith("decoder/embeddings"):
            flat = value.reshape(value.shape[0], -1)
            scale = (127.0 / np.maximum(np.abs(flat).max(axis=1), 1e-12)).astype(np.float32)
            out[name] = np.rint(flat * scale[:, None]).astype(np.int8).reshape(value.shape)
            out[name + "_scale"] = scale
        else:
            out[name] = value
    return out


def main():
    state = random_state(DIMS, seed=3)
    variables = ct2_variables(state, DIMS)
    cases = {
        "float16": ({k: x.astype(np.float16) for k, x in variables.items()}, 1e-3),
        "int8 with scales": (quantize_int8(variables), 0.02),
        "float32": (variables, 0.0),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for label, (stored, tol) in cases.items():
            path = Path(tmp) / "model.bin"
            write_model(path, "WhisperSpec", 3, {**stored, **scalars(DIMS)}, {"decoder/projection/weight": "decoder/embeddings/weight"})
            model = read_model(path)
            check_spec(model, DIMS)
            back = state_from_ct2(model, DIMS)
            missing = sorted(set(state) ^ set(back))
            if missing:
                raise SystemExit(f"{label}: names differ: {missing[:5]}")
            worst = max(float(np.abs(back[k] - state[k]).max() / max(np.abs(state[k]).max(), 1e-6)) for k in state)
            if worst > tol:
                raise SystemExit(f"{label}: worst relative error {worst:.3g} > {tol}")
            print(f"{label}: {len(state)} tensors, worst relative error {worst:.2g}")
        data = path.read_bytes()
        try:
            read_model(data[:-3])
        except ValueError as e:
            print(f"truncated file refused: {e}")
        else:
            raise SystemExit("a truncated model.bin was read")
        bad = dict(variables)
        bad["decoder/layer_0/attention/linear_1/bias"] = np.ones(2 * DIMS.n_state, np.float32)
        write_model(path, "WhisperSpec", 3, {**bad, **scalars(DIMS)})
        try:
            state_from_ct2(read_model(path), DIMS)
        except ValueError as e:
            print(f"non-zero key bias refused: {str(e)[:60]}…")
        else:
            raise SystemExit("a non-zero key bias was dropped silently")
    print("selftest ok")


if __name__ == "__main__":
    sys.exit(main())
