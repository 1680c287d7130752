#!/usr/bin/env python3
"""Writes test media with known words: espeak-ng speech at known offsets, muxed by ffmpeg.

  /usr/bin/python3 tools/testmodel/make_media.py --lang en --sentences 3 --seed 7 --offset 1.5 \
      --format mp4 --out /tmp/x.mp4

writes /tmp/x.mp4 and /tmp/x.mp4.json = {language, duration_s, text, voice, segments: [{start, end,
text}], words: [{start, end, word}]}. Sentences come from --text (repeatable) or are drawn from the
test model's grammar with --seed. Video formats get a synthetic picture track; audio is 44.1 kHz
stereo (48 kHz for Opus) so the app's downmix and resampling are exercised. Needs numpy, scipy, espeak-ng and ffmpeg.
"""
import argparse
import json
import random
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from testmodel.grammar import Grammar  # noqa: E402
from testmodel.speech import SAMPLE_RATE, Voice, speak  # noqa: E402

DEFAULT_VOICE = {"en": "en-us", "ru": "ru"}
CODECS = {
    "mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"],
    "webm": ["-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus", "-b:a", "64k"],
    "mkv": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "libvorbis"],
    "mov": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    "wav": ["-c:a", "pcm_s16le"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "96k"],
    "ogg": ["-c:a", "libvorbis"],
    "m4a": ["-c:a", "aac", "-b:a", "96k"],
}
VIDEO_FORMATS = {"mp4", "webm", "mkv", "mov"}
OUTPUT_RATE = {"webm": 48000}  # Opus only takes 48 kHz; everything else gets 44.1 kHz


def render(language, sentences, voice, offset, pause, tail):
    """Concatenates the sentences with pauses; returns (float32 audio, segments, words)."""
    pieces = [np.zeros(int(offset * SAMPLE_RATE), np.float32)]
    t = offset
    segments, words = [], []
    for i, sentence in enumerate(sentences):
        u = speak(language, sentence, voice)
        if u is None:
            raise SystemExit(f"espeak-ng's word events do not match the words of {sentence!r}; rephrase it")
        pieces.append(u.audio * 0.8)
        for w, s, e in zip(u.words, u.starts, u.ends):
            words.append({"start": round(t + s, 3), "end": round(t + e, 3), "word": w})
        segments.append({"start": round(t, 3), "end": round(t + u.duration, 3), "text": sentence})
        t += u.duration
        gap = pause if i < len(sentences) - 1 else tail
        pieces.append(np.zeros(int(gap * SAMPLE_RATE), np.float32))
        t += gap
    return np.concatenate(pieces), segments, words


def write_wav(path, audio):
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(SAMPLE_RATE)
        f.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


def mux(wav_path, out, fmt, duration, video):
    cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]
    if video:
        cmd += ["-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=15:duration={duration:.3f}"]
    cmd += ["-i", str(wav_path)]
    if video:
        cmd += ["-map", "0:v", "-map", "1:a"]
    cmd += ["-ac", "2", "-ar", str(OUTPUT_RATE.get(fmt, 44100)), *CODECS[fmt], "-shortest" if video else "-vn", str(out)]
    subprocess.run([c for c in cmd if c], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["en", "ru"], required=True)
    ap.add_argument("--text", action="append", help="a sentence to speak (repeatable)")
    ap.add_argument("--sentences", type=int, default=3, help="random grammar sentences when --text is absent")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--voice", help="espeak-ng voice, e.g. en-us+f3 (default en-us / ru)")
    ap.add_argument("--rate", type=int, default=165, help="words per minute")
    ap.add_argument("--offset", type=float, default=1.0, help="silence before the first sentence, s")
    ap.add_argument("--pause", type=float, default=1.0, help="silence between sentences, s")
    ap.add_argument("--tail", type=float, default=1.0, help="silence after the last sentence, s")
    ap.add_argument("--format", choices=sorted(CODECS), default="mp4")
    ap.add_argument("--no-video", action="store_true", help="audio only, even in a video container")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    sentences = args.text
    if not sentences:
        grammar, rng = Grammar(args.lang), random.Random(f"media:{args.seed}")
        sentences = [grammar.sentence(rng) for _ in range(args.sentences)]
    voice = Voice(name=args.voice or DEFAULT_VOICE[args.lang], rate_wpm=args.rate)
    audio, segments, words = render(args.lang, sentences, voice, args.offset, args.pause, args.tail)
    duration = len(audio) / SAMPLE_RATE
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "speech.wav"
        write_wav(wav, audio)
        mux(wav, args.out, args.format, duration, video=args.format in VIDEO_FORMATS and not args.no_video)
    truth = {
        "language": args.lang,
        "duration_s": round(duration, 3),
        "voice": voice.name,
        "text": " ".join(sentences),
        "segments": segments,
        "words": words,
    }
    Path(f"{args.out}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(args.out)


if __name__ == "__main__":
    main()
