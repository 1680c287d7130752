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
# the pool first, rendered by 1 and by 3 processes: espeak-ng keeps state between sentences, so a
# pool that depended on which process spoke what would differ here
/usr/bin/python3 - "$per_language" <<'PY'
import sys
import numpy as np
from testmodel.corpus import _render_all
from testmodel.grammar import LANGUAGES
a, b = (_render_all(1234, LANGUAGES, int(sys.argv[1]), processes) for processes in (1, 3))
different = sum(1 for u, v in zip(a, b) if (u is None) != (v is None) or (u is not None and not np.array_equal(u.audio, v.audio)))
if different:
    sys.exit(f"NOT deterministic: {different} of {len(a)} utterances differ between 1 and 3 rendering processes")
print(f"pool deterministic: all {len(a)} utterances identical with 1 and 3 rendering processes")
PY
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
