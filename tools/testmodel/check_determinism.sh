#!/usr/bin/env bash
# Trains twice from scratch with the same seed (a short run: small pool, few steps, both training
# losses on) and checks that the two checkpoints hold bit-identical weights.
#   bash tools/testmodel/check_determinism.sh [steps] [sentences per language]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/work/determinism"
steps="${1:-30}"
per_language="${2:-300}"
cd "$here"
export PYTHONPATH="$here"
export OMP_WAIT_POLICY=PASSIVE  # see retrain.sh
rm -rf "$work"
for run in a b; do
  # each run renders its own pool (no cache shared between them), so espeak-ng's output is checked too
  TESTMODEL_POOL_CACHE="$work/$run/pool-cache" /usr/bin/python3 -m testmodel.train --out "$work/$run" --steps "$steps" --per-language "$per_language"
done
/usr/bin/python3 - "$work/a/checkpoint.pt" "$work/b/checkpoint.pt" <<'PY'
import sys
import torch
a, b = (torch.load(p)["model"] for p in sys.argv[1:])
different = [k for k in a if not torch.equal(a[k], b[k])]
if different:
    sys.exit(f"NOT deterministic: {len(different)} of {len(a)} tensors differ, e.g. {different[:3]}")
print(f"deterministic: all {len(a)} tensors bit-identical after two runs")
PY
