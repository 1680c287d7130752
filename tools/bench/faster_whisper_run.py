"""faster-whisper on the CPU, one run, for the bench's `real` section (tools/bench/real.mjs).

Runs in the venv of tools/realmodels (faster-whisper 1.2.1, ctranslate2 4.8.5: see
tools/realmodels/requirements.lock). The CTranslate2 model folder (float16 weights) is loaded with
compute_type int8, the configuration faster-whisper's README benchmarks on CPU. Decoding: greedy
(beam_size 1, temperature 0 alone, so no fallback), language given, no VAD filter, no conditioning on
the previous text. The imports, the model load and the transcription are timed separately; transcribe() returns a lazy
generator, so the clock stops after the last segment is consumed. Prints one JSON object.

    .cache/realmodels/venv/bin/python tools/bench/faster_whisper_run.py MODEL_DIR AUDIO [--threads N] [--language en]
"""
import argparse
import json
import os
import resource
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model_dir")
    parser.add_argument("audio")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--language", default="en")
    parser.add_argument("--compute-type", default="int8")
    args = parser.parse_args()

    started = time.perf_counter()
    from faster_whisper import WhisperModel, __version__ as fw_version
    import ctranslate2

    import_s = time.perf_counter() - started
    started = time.perf_counter()
    model = WhisperModel(args.model_dir, device="cpu", compute_type=args.compute_type, cpu_threads=args.threads)
    load_s = time.perf_counter() - started

    started = time.perf_counter()
    segments, info = model.transcribe(
        args.audio,
        language=args.language,
        beam_size=1,
        temperature=0.0,
        vad_filter=False,
        condition_on_previous_text=False,
    )
    texts = [segment.text for segment in segments]
    transcribe_s = time.perf_counter() - started
    text = " ".join(t.strip() for t in texts)
    print(json.dumps({
        "faster_whisper": fw_version,
        "ctranslate2": ctranslate2.__version__,
        "compute_type": args.compute_type,
        "threads": args.threads,
        "import_s": import_s,
        "load_s": load_s,
        "transcribe_s": transcribe_s,
        "audio_s": info.duration,
        "segments": len(texts),
        "text": text,
        # ru_maxrss is in KiB on Linux: the peak resident set of this process.
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
