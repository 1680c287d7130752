"""Held-out evaluation audio the model never saw: new sentences (none of the training pool's), new seeds.

Writes DIR/manifest.json and one 16 kHz mono float32 file (.f32) per item:
  - per language, N windows of one or two sentences at random offsets (WER, language probe, starts);
  - per language, one ~2-minute recording of sentences separated by pauses (long-form);
  - a short file for checking the log-mel front end against transformers.js.
"""
import argparse
import json
import random
from pathlib import Path

import numpy as np

from .corpus import training_sentences
from .grammar import LANGUAGES, Grammar
from .speech import SAMPLE_RATE, Voice, speak
from .synth_spec import SYNTH


def fresh_sentence(grammar, rng, seen):
    while True:
        s = grammar.sentence(rng)
        if s not in seen:
            return s


def spoken(language, grammar, rng, seen, voice):
    """A fresh sentence that espeak-ng's word events line up with (a few sentences never do)."""
    while True:
        u = speak(language, fresh_sentence(grammar, rng, seen), voice)
        if u is not None:
            return u


def build(language, grammar, rng, seen, count_sentences, first_offset, pause_range, max_s, limit_s):
    """Sentences with pauses, the last ending by max_s, audio cut at limit_s; returns (audio, [{start, end, text}])."""
    audio = [np.zeros(int(first_offset * SAMPLE_RATE), np.float32)]
    t, segments = first_offset, []
    voice = Voice.random(language, rng)
    for i in range(count_sentences):
        u = spoken(language, grammar, rng, seen, voice)
        if t + u.duration > max_s:
            break
        audio.append(u.audio * 0.8)
        segments.append({"start": round(t, 3), "end": round(t + u.duration, 3), "text": " ".join(u.words)})
        t += u.duration
        gap = rng.uniform(*pause_range)
        audio.append(np.zeros(int(gap * SAMPLE_RATE), np.float32))
        t += gap
    # the pause after the last sentence may run past max_s; a window item must fit the model's window
    # (transformers.js would cut it and warn), so the recording ends at most at the limit it was built for
    return np.concatenate(audio)[: int(limit_s * SAMPLE_RATE)], segments


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--per-language", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--long-s", type=float, default=120.0)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seen = training_sentences(SYNTH.seed, LANGUAGES, SYNTH.per_language)
    rng = random.Random(args.seed)
    items = []
    for language in LANGUAGES:
        grammar = Grammar(language)
        for i in range(args.per_language):
            audio, segments = build(language, grammar, rng, seen, rng.choice([1, 2]), rng.uniform(0.2, 2.5), (0.5, 1.5), SYNTH.window_s - 0.5, SYNTH.window_s)
            name = f"{language}_{i:03d}.f32"
            audio.astype("<f4").tofile(args.out / name)
            items.append({"file": name, "kind": "window", "language": language, "segments": segments})
        audio, segments = build(language, grammar, rng, seen, 1000, 1.0, (0.6, 2.5), args.long_s, args.long_s + 2.5)
        name = f"{language}_long.f32"
        audio.astype("<f4").tofile(args.out / name)
        items.append({"file": name, "kind": "long", "language": language, "segments": segments, "duration_s": len(audio) / SAMPLE_RATE})
    manifest = {"sample_rate": SAMPLE_RATE, "seed": args.seed, "items": items}
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(items)} items to {args.out}")


if __name__ == "__main__":
    main()
