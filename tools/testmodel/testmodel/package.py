"""Writes a trained whisper-synth checkpoint as a Hub-layout model folder (configs, tokenizer, ONNX, q8)."""
import argparse
from pathlib import Path

import torch

from .graph import write_model
from .hub_files import config_json, generation_config_json, preprocessor_config_json, write_json
from .model import Dims, Whisper
from .quantize import quantize_file
from .reference import write_reference
from .synth_spec import SYNTH
from .tokenizer import Tokenizer


def write_model_folder(model, tokenizer, out, name, window_s):
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "config.json", config_json(model.dims, {"eot": tokenizer.eot, "sot": tokenizer.sot}, name))
    write_json(out / "generation_config.json", generation_config_json(model.dims, tokenizer))
    write_json(out / "preprocessor_config.json", preprocessor_config_json(window_s))
    tokenizer.write(out)
    state = {name: value.detach().float().numpy() for name, value in model.state_dict().items()}
    write_model(state, model.dims, out / "onnx")
    for stem in ("encoder_model", "decoder_model_merged"):
        quantize_file(out / "onnx" / f"{stem}.onnx", out / "onnx" / f"{stem}_quantized.onnx")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--reference", type=Path, help="where to write the PyTorch reference values for the tests")
    args = ap.parse_args()
    saved = torch.load(args.checkpoint)
    model = Whisper(Dims(**saved["dims"]))
    model.load_state_dict(saved["model"])
    tokenizer = Tokenizer(SYNTH.window_s)
    write_model_folder(model, tokenizer, args.out, "testmodels/whisper-synth", SYNTH.window_s)
    if args.reference:
        write_reference(args.reference, model, tokenizer, SYNTH.window_s)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
