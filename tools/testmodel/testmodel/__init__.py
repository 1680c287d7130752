"""The project's own Whisper-architecture test models (see ../README.md)."""
