"""faster-whisper on the evaluation's clips: the seed's own engine, as the native reference.

    python -m realmodels.native MODEL_DIR COMPUTE_TYPE OUT.json [--language CODE|auto] FILE...

One WhisperModel (CPU, every core) transcribes each file greedily in the given language (English
unless told; `auto`: faster-whisper detects it, as the app does, and both detections are reported) with VAD off (so it
hears the same audio as the app), without conditioning on the previous text (the app does not
prompt windows with earlier text either) and with word timestamps (the app gives them too, from the
same cross-attention heads). Writes per file: segments with words, seconds spent, audio seconds.
"""
import json
import os
import sys
import time

from faster_whisper import WhisperModel
from faster_whisper.audio import decode_audio

OPTIONS = dict(
    task="transcribe",
    beam_size=1,
    best_of=1,
    temperature=0.0,
    vad_filter=False,
    condition_on_previous_text=False,
    word_timestamps=True,
)


def transcribe(model: WhisperModel, path: str, language: str | None) -> dict:
    audio = decode_audio(path, sampling_rate=16000)
    started = time.perf_counter()
    segments, info = model.transcribe(audio, **{**OPTIONS, "language": language})
    out = []
    for s in segments:  # a generator: the decoding happens here
        words = [{"word": w.word.strip(), "start": round(w.start, 3), "end": round(w.end, 3)} for w in (s.words or [])]
        out.append({"start": round(s.start, 3), "end": round(s.end, 3), "text": s.text.strip(), "words": words})
    return {"segments": out, "seconds": time.perf_counter() - started, "audio_s": len(audio) / 16000,
            "language": info.language, "language_probability": round(info.language_probability, 3)}


def main() -> None:
    model_dir, compute_type, out_path, *files = sys.argv[1:]
    language: str | None = "en"
    if files[:1] == ["--language"]:
        language = None if files[1] == "auto" else files[1]
        files = files[2:]
    started = time.perf_counter()
    model = WhisperModel(model_dir, device="cpu", compute_type=compute_type, cpu_threads=os.cpu_count() or 1)
    load_s = time.perf_counter() - started
    results = {}
    for path in files:
        results[path] = transcribe(model, path, language)
        print(f"  faster-whisper {compute_type}: {os.path.basename(path)} {results[path]['seconds']:.1f} s", flush=True)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"compute_type": compute_type, "load_s": load_s, "options": {**OPTIONS, "language": language}, "files": results}, f, indent=1)


if __name__ == "__main__":
    main()
