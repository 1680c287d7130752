#!/usr/bin/env bash
# Measures whisper-synth's bars (tools/testmodel/README.md) on freshly generated held-out speech.
#   bash tools/testmodel/evaluate.sh [fp32|q8]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
heldout="$(mktemp -d)"
trap 'rm -rf "$heldout"' EXIT
PYTHONPATH="$here" /usr/bin/python3 -m testmodel.heldout --out "$heldout"
node "$here/eval/evaluate.mjs" --heldout "$heldout" --dtype "${1:-fp32}"
