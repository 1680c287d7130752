"""Writes a model folder again with graph.py, from the weights of its own fp32 ONNX files.

The check that graph.py (torch-free) computes what the PyTorch export computed: the copy must score
the PyTorch reference values like the original (tools/testmodel/graph.test.mjs).

  python3 -m testmodel.rebuild --model models/testmodels/whisper-synth --out /tmp/x/testmodels/whisper-synth
"""
import argparse
import json
import shutil
from pathlib import Path

from .dims import dims_from_config
from .graph import write_model
from .onnx_weights import state_from_folder


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cross-attentions", action="store_true", help="also output cross_attentions.{i}")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for f in args.model.iterdir():
        if f.is_file():
            shutil.copyfile(f, args.out / f.name)
    dims = dims_from_config(json.loads((args.model / "config.json").read_text(encoding="utf-8")))
    write_model(state_from_folder(args.model), dims, args.out / "onnx", cross_attentions=args.cross_attentions)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
