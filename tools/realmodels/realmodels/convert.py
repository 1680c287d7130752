"""A CTranslate2 Whisper model (model.bin + config.json) → a Hub repo folder as transformers.js loads it.

    PYTHONPATH=tools/testmodel:tools/realmodels /usr/bin/python3 -m realmodels.convert \
        --ct2 .cache/realmodels/ct2/tiny.en --meta ../shared/whisper-meta/Xenova/whisper-tiny.en \
        --out .cache/realmodels/hub/onnx-community/whisper-tiny.en --name onnx-community/whisper-tiny.en

Weights: CTranslate2's variables (whisper_spec.py / transformer_spec.py names; stored float16 in the
faster-whisper conversions, int8/int16 with scales dequantized) are renamed to the state-dict names of
tools/testmodel/testmodel/graph.py, which writes the fp32 encoder and the merged decoder (with
cross_attentions outputs, as the Hub's `_timestamped` exports have them); testmodel/quantize.py
writes the q8 `*_quantized.onnx` variants. CTranslate2 fuses the self-attention q/k/v into one
linear_0 and the cross-attention k/v into linear_1; Whisper's key projections have no bias, so the
converter stored zeros there, which is checked. Metadata (config, generation_config, preprocessor,
tokenizer files) is copied verbatim from the real Hub repo's files in --meta.
Torch-free: numpy and onnx only (Debian's /usr/bin/python3).
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
from testmodel.dims import dims_from_config
from testmodel.graph import write_model
from testmodel.quantize import quantize_file

from .ct2 import read_model

META_FILES = [
    "config.json", "generation_config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
    "added_tokens.json", "merges.txt", "normalizer.json", "special_tokens_map.json", "vocab.json",
]
REQUIRED_META = META_FILES[:5]
GELU = 3  # include/ctranslate2/ops/activation.h: RELU, GELUTanh, Swish, GELU, GELUSigmoid, Tanh


def _split(value, parts):
    return np.split(value, parts, axis=0)


def state_from_ct2(m, dims):
    """graph.py's {name: float32 array} from a CTranslate2 WhisperSpec model."""
    s = {}
    f = m.float32

    def norm(dst, src):
        s[f"{dst}.weight"], s[f"{dst}.bias"] = f(f"{src}/gamma"), f(f"{src}/beta")

    def linear(dst, src, bias=True):
        s[f"{dst}.weight"] = f(f"{src}/weight")
        if bias:
            s[f"{dst}.bias"] = f(f"{src}/bias")

    def no_bias(bias, what):
        if np.any(bias != 0):
            raise ValueError(f"{what}: CTranslate2 stored a non-zero key bias (max |b| {np.abs(bias).max()}); graph.py has none")

    def fused(dst_prefix, src, names):
        """A fused linear (rows [q; k; v] or [k; v]) split into its projections; k has no bias."""
        weights = _split(f(f"{src}/weight"), len(names))
        biases = _split(f(f"{src}/bias"), len(names))
        for name, w, b in zip(names, weights, biases):
            s[f"{dst_prefix}.{name}.weight"] = w
            if name == "k_proj":
                no_bias(b, f"{src} ({name})")
            else:
                s[f"{dst_prefix}.{name}.bias"] = b

    for i in ("1", "2"):
        s[f"encoder.conv{i}.weight"], s[f"encoder.conv{i}.bias"] = f(f"encoder/conv{i}/weight"), f(f"encoder/conv{i}/bias")
    s["encoder.positions"] = f("encoder/position_encodings/encodings")
    for i in range(dims.n_encoder_layers):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        fused(f"{dst}.attn", f"{src}/self_attention/linear_0", ["q_proj", "k_proj", "v_proj"])
        linear(f"{dst}.attn.out_proj", f"{src}/self_attention/linear_1")
        norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
        linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
    norm("encoder.ln_post", "encoder/layer_norm")
    s["decoder.token_embedding.weight"] = f("decoder/embeddings/weight")
    s["decoder.positional_embedding"] = f("decoder/position_encodings/encodings")
    for i in range(dims.n_decoder_layers):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        fused(f"{dst}.attn", f"{src}/self_attention/linear_0", ["q_proj", "k_proj", "v_proj"])
        linear(f"{dst}.attn.out_proj", f"{src}/self_attention/linear_1")
        norm(f"{dst}.cross_ln", f"{src}/attention/layer_norm")
        linear(f"{dst}.cross.q_proj", f"{src}/attention/linear_0")
        fused(f"{dst}.cross", f"{src}/attention/linear_1", ["k_proj", "v_proj"])
        linear(f"{dst}.cross.out_proj", f"{src}/attention/linear_2")
        norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
        linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
    norm("decoder.ln", "decoder/layer_norm")
    return s


def check_spec(m, dims):
    """Fails unless the model is the Whisper graph.py writes, with the sizes of the Hub's config.json."""
    problems = []

    def expect(what, got, want):
        if got != want:
            problems.append(f"{what}: {got} (expected {want})")

    expect("spec", m.spec, "WhisperSpec")
    expect("encoder layers", sum(1 for k in m.variables if k.startswith("encoder/layer_") and k.endswith("/ffn/linear_0/weight")), dims.n_encoder_layers)
    expect("decoder layers", sum(1 for k in m.variables if k.startswith("decoder/layer_") and k.endswith("/ffn/linear_0/weight")), dims.n_decoder_layers)
    expect("encoder heads", m.scalar("encoder/num_heads"), dims.n_head)
    expect("decoder heads", m.scalar("decoder/num_heads"), dims.n_head)
    expect("decoder activation", m.scalar("decoder/activation"), GELU)
    expect("decoder pre_norm", m.scalar("decoder/pre_norm"), 1)
    expect("decoder scale_embeddings", m.scalar("decoder/scale_embeddings"), 0)
    for flag in ("decoder/alibi", "decoder/start_from_zero_embedding"):
        if m.has(flag):
            expect(flag, m.scalar(flag), 0)
    expect("token embedding", m.raw("decoder/embeddings/weight").shape, (dims.n_vocab, dims.n_state))
    expect("decoder positions", m.raw("decoder/position_encodings/encodings").shape, (dims.n_text_ctx, dims.n_state))
    expect("encoder positions", m.raw("encoder/position_encodings/encodings").shape, (dims.n_audio_ctx, dims.n_state))
    expect("conv1", m.raw("encoder/conv1/weight").shape, (dims.n_state, dims.n_mels, 3))
    expect("ffn", m.raw("encoder/layer_0/ffn/linear_0/weight").shape, (dims.n_ffn, dims.n_state))
    # the output layer is the token embedding (tied): an alias, or an equal copy
    if m.has("decoder/projection/weight") and m.aliases.get("decoder/projection/weight") != "decoder/embeddings/weight":
        if not np.array_equal(m.float32("decoder/projection/weight"), m.float32("decoder/embeddings/weight")):
            problems.append("decoder/projection/weight is not the token embedding (graph.py ties them)")
    if m.has("decoder/projection/bias") and np.any(m.float32("decoder/projection/bias") != 0):
        problems.append("decoder/projection/bias is not zero (graph.py has no output bias)")
    if problems:
        raise ValueError("the CTranslate2 model does not match the Whisper graph:\n  " + "\n  ".join(problems))


def compare_metadata(ct2_config, generation_config):
    """The package's CTranslate2 config.json against the Hub's generation_config.json; returns notes."""
    notes = []
    pairs = [
        ("alignment_heads", ct2_config.get("alignment_heads"), generation_config.get("alignment_heads")),
        ("suppress_ids / suppress_tokens", ct2_config.get("suppress_ids"), generation_config.get("suppress_tokens")),
        ("suppress_ids_begin / begin_suppress_tokens", ct2_config.get("suppress_ids_begin"), generation_config.get("begin_suppress_tokens")),
    ]
    if "lang_to_id" in generation_config:
        pairs.append(("lang_ids / lang_to_id", ct2_config.get("lang_ids"), sorted(generation_config["lang_to_id"].values())))
    for what, a, b in pairs:
        notes.append(f"{what}: {'same' if a == b else f'DIFFERENT (package {a}, Hub {b})'}")
    return notes


def convert(ct2_dir, meta, out, name, source):
    missing = [f for f in REQUIRED_META if not (meta / f).is_file()]
    if missing:
        raise FileNotFoundError(f"{meta} lacks {', '.join(missing)}: the real Hub metadata is needed")
    config = json.loads((meta / "config.json").read_text())
    generation_config = json.loads((meta / "generation_config.json").read_text())
    dims = dims_from_config(config)
    model = read_model(ct2_dir / "model.bin")
    check_spec(model, dims)
    state = state_from_ct2(model, dims)
    del model
    notes = compare_metadata(json.loads((ct2_dir / "config.json").read_text()), generation_config)
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    copied = [f for f in META_FILES if (meta / f).is_file()]
    for f in copied:
        shutil.copyfile(meta / f, tmp / f)
    write_model(state, dims, tmp / "onnx", cross_attentions=True)
    del state
    for stem in ("encoder_model", "decoder_model_merged"):
        quantize_file(tmp / "onnx" / f"{stem}.onnx", tmp / "onnx" / f"{stem}_quantized.onnx")
    (tmp / "README.md").write_text(
        f"# {name} (converted here)\n\n"
        f"Weights: {source}, CTranslate2 format, converted to ONNX by tools/realmodels "
        "(testmodel/graph.py: fp32 encoder and merged decoder with cross_attentions outputs; "
        "testmodel/quantize.py: q8 `*_quantized.onnx`).\n"
        f"Metadata: copied from {meta} (the real Hub files).\n\n"
        "Package config vs Hub generation_config:\n" + "".join(f"- {n}\n" for n in notes)
        + "\nLicence: MIT (OpenAI Whisper weights).\n"
    )
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return dims, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ct2", type=Path, required=True, help="folder with the CTranslate2 model.bin and config.json")
    ap.add_argument("--meta", type=Path, required=True, help="the Hub repo's metadata files (../shared/whisper-meta/Xenova/whisper-*)")
    ap.add_argument("--out", type=Path, required=True, help="the repo folder to write ({root}/{owner}/{name})")
    ap.add_argument("--name", required=True, help="repo id, for the README")
    ap.add_argument("--source", default="a CTranslate2 model", help="where the weights come from, for the README")
    args = ap.parse_args()
    dims, notes = convert(args.ct2, args.meta, args.out, args.name, args.source)
    print(f"wrote {args.out} ({dims.n_encoder_layers}+{dims.n_decoder_layers} layers, d_model {dims.n_state}, vocab {dims.n_vocab})")
    for n in notes:
        print(f"  {n}")


if __name__ == "__main__":
    sys.exit(main())
