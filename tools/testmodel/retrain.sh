#!/usr/bin/env bash
# Retrains whisper-synth from scratch and rewrites its committed model folder and test reference.
# Deterministic for a given seed (the default is the committed model's); about 45 minutes on 2 cores.
#   bash tools/testmodel/retrain.sh [--seed N] [--steps N] ...   (options of python3 -m testmodel.train)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/work"
cd "$here"
PYTHONPATH="$here" /usr/bin/python3 -m testmodel.train --out "$work" "$@"
PYTHONPATH="$here" /usr/bin/python3 -m testmodel.package --checkpoint "$work/checkpoint.pt" \
  --out "$here/models/testmodels/whisper-synth" --reference "$here/reference/whisper-synth.json"
cp "$work/train_log.json" "$here/reference/whisper-synth-train-log.json"
