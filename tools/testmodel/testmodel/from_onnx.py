"""Reads a whisper-synth model folder's fp32 ONNX files back into a PyTorch checkpoint.

The committed model folder is the only copy of the trained weights that survives a session (the
checkpoints are not committed), so training can go on from it (onnx_weights.py reads them). The
result is checked against the PyTorch reference values written when the model was packaged
(reference/whisper-synth.json).

  python3 -m testmodel.from_onnx --model models/testmodels/whisper-synth --out work/committed.pt \
      --reference reference/whisper-synth.json
"""
import argparse
import json
from pathlib import Path

import numpy as np
import torch

from .model import Whisper
from .onnx_weights import state_from_folder
from .reference import reference_values
from .synth_spec import SYNTH, synth_dims
from .tokenizer import Tokenizer


def load_model_folder(folder):
    tokenizer = Tokenizer(SYNTH.window_s)
    model = Whisper(synth_dims(tokenizer))
    state = {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in state_from_folder(folder).items()}
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
