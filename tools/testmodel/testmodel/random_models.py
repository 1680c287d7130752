"""whisper-tiny-random and whisper-base-random: openai/whisper-tiny and -base dimensions, random weights.

For benchmarks where accuracy does not matter: same shapes and vocabulary size, so the same speed.
Metadata (config, generation_config, preprocessor, tokenizer) is copied from --meta (the real
Xenova/whisper-* files, when ../shared/whisper-meta is present) or else written here with Whisper's
real token id layout (51865 ids: text, <|endoftext|> 50257, 99 languages, tasks, timestamps 50364…).
"""
import argparse
import json
import shutil
import tempfile
from pathlib import Path

import torch

from .export import export_model
from .hub_files import config_json, preprocessor_config_json, write_json
from .model import Dims, Whisper
from .quantize import quantize_file
from .tokenizer import BYTE_CHARS

REAL = {
    "tiny": Dims(n_mels=80, n_audio_ctx=1500, n_state=384, n_head=6, n_encoder_layers=4, n_decoder_layers=4, n_ffn=1536, n_vocab=51865, n_text_ctx=448),
    "base": Dims(n_mels=80, n_audio_ctx=1500, n_state=512, n_head=8, n_encoder_layers=6, n_decoder_layers=6, n_ffn=2048, n_vocab=51865, n_text_ctx=448),
}
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


def make(size, out, meta, seed):
    dims = REAL[size]
    torch.manual_seed(seed)
    model = Whisper(dims).eval()
    out.mkdir(parents=True, exist_ok=True)
    source = meta / f"whisper-{size}" if meta else None
    if source and all((source / f).exists() for f in META_FILES):
        for f in META_FILES:
            shutil.copyfile(source / f, out / f)
        origin = f"real metadata from {source}"
    else:
        whisper_layout_metadata(out, dims, f"testmodels/whisper-{size}-random")
        origin = "Whisper-layout metadata made here"
    with tempfile.TemporaryDirectory() as work:
        export_model(model, out / "onnx", Path(work))
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
