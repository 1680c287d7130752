"""Writes a model folder again with graph.py, from the weights of its own fp32 ONNX files.

The check that graph.py (torch-free) computes what the PyTorch export computed: the copy must score
the PyTorch reference values like the original (tools/testmodel/testmodel.test.mjs).

  python3 -m testmodel.rebuild --model models/testmodels/whisper-synth --out /tmp/x/testmodels/whisper-synth
"""
import argparse
import json
import shutil
from pathlib import Path

import numpy as np

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
    state = state_from_folder(args.model)
    write_model(state, dims, args.out / "onnx", cross_attentions=args.cross_attentions)
    # the copy must carry the very same numbers under the same names (graph.py's layout read back)
    copy = state_from_folder(args.out)
    if copy.keys() != state.keys() or any(not np.array_equal(copy[k], state[k]) for k in state):
        raise SystemExit(f"{args.out} does not hold the weights of {args.model}")
    print(f"wrote {args.out}: {len(state)} tensors, identical to the source's")


if __name__ == "__main__":
    main()
