#!/usr/bin/env bash
# Installs what tools/testmodel needs on Debian: torch and onnx to train and export, espeak-ng and
# ffmpeg for speech and media, OpenBLAS (without it torch falls back to reference BLAS, ~15x slower).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q python3-torch python3-onnx python3-numpy python3-scipy libopenblas0-pthread espeak-ng ffmpeg sox
