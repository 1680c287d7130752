"""whisper-tiny-random and whisper-base-random: openai/whisper-tiny and -base dimensions, random weights.

For benchmarks where accuracy does not matter: same shapes and vocabulary size, so the same speed.
Torch-free: numpy draws the weights (PyTorch's default initialisation scales) and graph.py writes the
ONNX files, so a fresh machine makes them with Debian's numpy and onnx only.
Metadata (config, generation_config, preprocessor, tokenizer) is copied from --meta (the real
Xenova/whisper-* files, when ../shared/whisper-meta is present) or else written here with Whisper's
real token id layout (51865 ids: text, <|endoftext|> 50257, 99 languages, tasks, timestamps 50364…).
"""
import argparse
import json
import shutil
from pathlib import Path

import numpy as np

from .dims import WHISPER_DIMS as REAL
from .graph import write_model
from .hub_files import config_json, preprocessor_config_json, write_json
from .quantize import quantize_file
from .tokenizer import BYTE_CHARS

META_FILES = ["config.json", "generation_config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json"]
# openai/whisper's language order, which fixes the language token ids 50259…50357
WHISPER_LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr bg lt la mi ml "
    "cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn yo so af oc ka be tg sd gu am "
    "yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su"
).split()
EOT = 50257


def whisper_layout_metadata(out, dims, name):
    """Configs and a tokenizer with Whisper's id layout, for machines without the real metadata."""
    specials = ["<|endoftext|>", "<|startoftranscript|>"] + [f"<|{l}|>" for l in WHISPER_LANGUAGES]
    specials += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"]
    ids = {tok: EOT + i for i, tok in enumerate(specials)}
    vocab = {BYTE_CHARS[b]: b for b in range(256)}
    for i in range(256, EOT):  # stand-ins for the BPE merges this model never needs to spell
        vocab[f"<|text_{i}|>"] = i
    vocab["<|endoftext|>"] = EOT
    timestamps = [f"<|{k * 0.02:.2f}|>" for k in range(1501)]
    added = [{"id": ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True} for t in specials]
    added += [{"id": ids["<|notimestamps|>"] + 1 + k, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": False} for k, t in enumerate(timestamps)]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
                  "fuse_unk": False, "byte_fallback": False, "vocab": vocab, "merges": []},
    }
    write_json(out / "tokenizer.json", tokenizer)
    write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "WhisperTokenizer", "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>", "model_max_length": 1024, "add_prefix_space": False,
        "processor_class": "WhisperProcessor",
    })
    write_json(out / "config.json", config_json(dims, {"eot": EOT, "sot": ids["<|startoftranscript|>"]}, name))
    write_json(out / "generation_config.json", {
        "decoder_start_token_id": ids["<|startoftranscript|>"], "bos_token_id": EOT, "eos_token_id": EOT, "pad_token_id": EOT,
        "max_length": dims.n_text_ctx, "is_multilingual": True,
        "lang_to_id": {f"<|{l}|>": ids[f"<|{l}|>"] for l in WHISPER_LANGUAGES},
        "task_to_id": {"transcribe": ids["<|transcribe|>"], "translate": ids["<|translate|>"]},
        "no_timestamps_token_id": ids["<|notimestamps|>"], "prev_sot_token_id": ids["<|startofprev|>"],
        "begin_suppress_tokens": [220, EOT], "suppress_tokens": [], "max_initial_timestamp_index": 50,
    })
    write_json(out / "preprocessor_config.json", preprocessor_config_json(30))


def sinusoids(length, channels, max_timescale=10000):
    """Whisper's fixed encoder position table (openai/whisper's formula)."""
    log_timescale_increment = np.log(max_timescale) / (channels // 2 - 1)
    inv_timescales = np.exp(-log_timescale_increment * np.arange(channels // 2))
    scaled_time = np.arange(length)[:, None] * inv_timescales[None, :]
    return np.concatenate([np.sin(scaled_time), np.cos(scaled_time)], axis=1).astype(np.float32)


def random_state(dims, seed):
    """A state dict with model.py's names, drawn at PyTorch's default initialisation scales."""
    rng = np.random.default_rng(seed)
    state = {}

    def uniform(shape, fan_in):
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape).astype(np.float32)

    def linear(key, n_in, n_out, bias=True):
        state[f"{key}.weight"] = uniform((n_out, n_in), n_in)
        if bias:
            state[f"{key}.bias"] = uniform((n_out,), n_in)

    def norm(key, n):
        state[f"{key}.weight"] = np.ones(n, np.float32)
        state[f"{key}.bias"] = np.zeros(n, np.float32)

    def attention(key):
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            linear(f"{key}.{proj}", dims.n_state, dims.n_state, bias=proj != "k_proj")

    def mlp(key):
        linear(f"{key}.mlp.0", dims.n_state, dims.n_ffn)
        linear(f"{key}.mlp.2", dims.n_ffn, dims.n_state)

    state["encoder.conv1.weight"] = uniform((dims.n_state, dims.n_mels, 3), dims.n_mels * 3)
    state["encoder.conv1.bias"] = uniform((dims.n_state,), dims.n_mels * 3)
    state["encoder.conv2.weight"] = uniform((dims.n_state, dims.n_state, 3), dims.n_state * 3)
    state["encoder.conv2.bias"] = uniform((dims.n_state,), dims.n_state * 3)
    state["encoder.positions"] = sinusoids(dims.n_audio_ctx, dims.n_state)
    for i in range(dims.n_encoder_layers):
        key = f"encoder.blocks.{i}"
        norm(f"{key}.attn_ln", dims.n_state)
        attention(f"{key}.attn")
        norm(f"{key}.mlp_ln", dims.n_state)
        mlp(key)
    norm("encoder.ln_post", dims.n_state)
    # small: the embedding is also the output layer (model.py initialises it the same way)
    state["decoder.token_embedding.weight"] = rng.normal(0, 0.02, (dims.n_vocab, dims.n_state)).astype(np.float32)
    state["decoder.positional_embedding"] = rng.normal(0, 0.01, (dims.n_text_ctx, dims.n_state)).astype(np.float32)
    for i in range(dims.n_decoder_layers):
        key = f"decoder.blocks.{i}"
        for part in ("attn", "cross"):
            norm(f"{key}.{part}_ln", dims.n_state)
            attention(f"{key}.{part}")
        norm(f"{key}.mlp_ln", dims.n_state)
        mlp(key)
    norm("decoder.ln", dims.n_state)
    return state


def make(size, out, meta, seed):
    dims = REAL[size]
    out.mkdir(parents=True, exist_ok=True)
    source = meta / f"whisper-{size}" if meta else None
    if source and all((source / f).exists() for f in META_FILES):
        for f in META_FILES:
            shutil.copyfile(source / f, out / f)
        origin = f"real metadata from {source}"
    else:
        whisper_layout_metadata(out, dims, f"testmodels/whisper-{size}-random")
        origin = "Whisper-layout metadata made here"
    write_model(random_state(dims, seed), dims, out / "onnx")
    for stem in ("encoder_model", "decoder_model_merged"):
        quantize_file(out / "onnx" / f"{stem}.onnx", out / "onnx" / f"{stem}_quantized.onnx")
    (out / "README.md").write_text(f"# whisper-{size}-random\n\nRandom weights with openai/whisper-{size}'s dimensions "
                                   f"(tools/testmodel/testmodel/random_models.py, seed {seed}); {origin}. For speed measurements only.\n")
    return origin


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--out", type=Path, default=here / "models" / "testmodels")
    ap.add_argument("--meta", type=Path, default=here.parent.parent.parent / "shared" / "whisper-meta" / "Xenova")
    ap.add_argument("--sizes", nargs="+", default=["tiny", "base"], choices=sorted(REAL))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    meta = args.meta if args.meta.is_dir() else None
    for size in args.sizes:
        origin = make(size, args.out / f"whisper-{size}-random", meta, args.seed)
        print(f"wrote {args.out / f'whisper-{size}-random'} ({origin})")


if __name__ == "__main__":
    main()
