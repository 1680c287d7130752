"""Scores `npm run eval:real`: the app's transcripts against the references and faster-whisper's.

    python -m realmodels.score RUN.json REPORT.md

RUN.json (written by eval.mjs): {"clips": [{path, duration_s, reference, utterances?, role,
"app": {segments, seconds}, "fp32": {...}, "int8": {...}}], "machine": {...}}.

Text normalisation: OpenAI Whisper's English normaliser (whisper_normalizer.english, the copy of
whisper/normalizers/english.py on PyPI): lower case, punctuation and symbols removed, spelled-out
numbers written as digits, British spellings and contractions made American/expanded; the same on
both sides, after dropping parentheses and brackets (not their words: see BRACKETS). WER is word-level Levenshtein; pooled WER is all errors over all reference words.

Prints the per-clip table, the LJ Speech utterance starts, the silence check and the last line
`real-speech: app WER X % · faster-whisper WER Y % · N clips · app RTF a · native RTF b`; exits 1
when a bar of issue 18 is missed.
"""
import json
import re
import statistics
import sys

import numpy as np
from faster_whisper.audio import decode_audio
from whisper_normalizer.english import EnglishTextNormalizer

NORMALISE = EnglishTextNormalizer()
# Bars (issue 18): pooled WER within this many points of faster-whisper fp32's; no clip worse by more.
POOLED_BAR_POINTS = 1.0
CLIP_BAR_POINTS = 5.0
UTTERANCE_START_BAR_S = 0.5
SR = 16000


# The normaliser deletes whatever stands in parentheses or brackets (Whisper's non-speech
# annotations), but LJ Speech's transcripts put spoken words in parentheses ("the first Bible
# actually dated (which also was printed at Maintz by Peter Schoeffer in the year 1462)"): the
# brackets themselves are dropped first, on both sides, so those words count.
BRACKETS = re.compile(r"[()\[\]]")


def words_of(text: str) -> list[str]:
    return NORMALISE(BRACKETS.sub(" ", text)).split()


def edit_alignment(ref: list[str], hyp: list[str]) -> tuple[int, list[int | None]]:
    """Word errors, and for each reference word the hypothesis word it was matched to (equal), else None."""
    n, m = len(ref), len(hyp)
    d = np.zeros((n + 1, m + 1), dtype=np.int32)
    d[:, 0] = np.arange(n + 1)
    d[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]))
    matched: list[int | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        if d[i, j] == d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] == hyp[j - 1]:
                matched[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif d[i, j] == d[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return int(d[n, m]), matched


def text_of(run: dict) -> str:
    return " ".join(s["text"] for s in run["segments"])


def start_differences(a: list[dict], b: list[dict]) -> list[float]:
    """Each segment start of either run against the nearest start of the other, seconds."""
    if not a or not b:
        return []
    sa, sb = [s["start"] for s in a], [s["start"] for s in b]
    return [min(abs(x - y) for y in sb) for x in sa] + [min(abs(y - x) for x in sa) for y in sb]


# --- LJ Speech utterance starts --------------------------------------------------------------------

def plain(word: str) -> str:
    return re.sub(r"[^\w']", "", word.lower())


def utterance_starts(utterances: list[dict], run: dict) -> list[float | None]:
    """Where a run puts each utterance's first word: the reference is aligned to the run's timed words
    (lower case, punctuation off); an utterance whose first three words are all missed is not found."""
    ref, owner = [], []
    for k, u in enumerate(utterances):
        for w in u["text"].split():
            if plain(w):
                ref.append(plain(w))
                owner.append(k)
    timed = [(plain(w["word"]), w["start"]) for s in run["segments"] for w in s.get("words", []) if plain(w["word"])]
    _, matched = edit_alignment(ref, [w for w, _ in timed])
    starts: list[float | None] = []
    for k in range(len(utterances)):
        first = [i for i, o in enumerate(owner) if o == k][:3]
        hit = next((matched[i] for i in first if matched[i] is not None), None)
        starts.append(None if hit is None else timed[hit][1])
    return starts


def onset_s(audio: np.ndarray) -> float:
    """Where speech begins in a clip: the first 10-ms frame above 5 % of the loudest frame's RMS."""
    frames = audio[: len(audio) // 160 * 160].reshape(-1, 160)
    rms = np.sqrt((frames ** 2).mean(axis=1))
    return float(np.argmax(rms > 0.05 * rms.max()) * 0.01)


def anchors(concat_path: str, utterances: list[dict], clips: dict[str, str]) -> dict[int, float]:
    """Exact speech onsets, independent of any recogniser, for the utterances that also exist as their
    own file in ../shared (found in the concat by cross-correlation): utterance → seconds."""
    concat = decode_audio(concat_path, sampling_rate=SR)
    size = 1 << int(np.ceil(np.log2(len(concat) * 2)))
    spectrum = np.fft.rfft(concat, size)
    found = {}
    for k, u in enumerate(utterances):
        path = clips.get(u["id"])
        if path is None:
            continue
        clip = decode_audio(path, sampling_rate=SR)
        corr = np.fft.irfft(spectrum * np.conj(np.fft.rfft(clip, size)), size)[: len(concat)]
        found[k] = int(np.argmax(corr)) / SR + onset_s(clip)
    return found


# --- Report ------------------------------------------------------------------------------------------

def pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def main() -> None:
    run_path, report_path = sys.argv[1:3]
    run = json.load(open(run_path, encoding="utf-8"))
    out: list[str] = []
    failures: list[str] = []
    emit = out.append

    scored = [c for c in run["clips"] if c["role"] == "speech"]
    totals = {k: [0, 0] for k in ("app", "fp32", "int8")}
    rows = []
    for c in scored:
        ref = words_of(c["reference"])
        w = {}
        for k in totals:
            errors, _ = edit_alignment(ref, words_of(text_of(c[k])))
            totals[k][0] += errors
            totals[k][1] += len(ref)
            w[k] = errors / len(ref)
        diffs = start_differences(c["app"]["segments"], c["fp32"]["segments"])
        worse = (w["app"] - w["fp32"]) * 100
        if worse > CLIP_BAR_POINTS:
            failures.append(f"{c['path']}: app WER {pct(w['app'])} is {worse:.1f} points above faster-whisper fp32's {pct(w['fp32'])}")
        rows.append([
            c["path"], f"{c['duration_s']:.1f} s", pct(w["app"]), pct(w["fp32"]), pct(w["int8"]),
            f"{statistics.median(diffs):.2f} s" if diffs else "–", f"{max(diffs):.2f} s" if diffs else "–",
            f"{c['app']['seconds'] / c['duration_s']:.3f}", f"{c['fp32']['seconds'] / c['duration_s']:.3f}",
            f"{c['int8']['seconds'] / c['duration_s']:.3f}",
        ])
    emit("## Real speech: the app (production build, Chromium, WASM, q8) vs faster-whisper (CPU)\n")
    m = run["machine"]
    emit(f"Model onnx-community/whisper-tiny.en converted from {m['model_source']}; faster-whisper {m['faster_whisper']} on the same "
         f"CTranslate2 model, greedy, language en, VAD off, no previous-text prompt, word timestamps on (the app gives them too). "
         f"WER after Whisper's English normaliser on both sides (parentheses dropped first, their words kept: LJ Speech writes spoken words in them). RTF = seconds spent / audio seconds: the app from Start to done "
         f"(model already in the browser's storage), faster-whisper per file after one model load. Machine: {m['cpus']} CPUs, "
         f"load average {m['load_before']} before, {m['load_after']} after; {m['date']}.\n")
    emit(table(["clip", "duration", "WER app", "WER fw fp32", "WER fw int8", "start Δ median", "start Δ max", "app RTF", "fw fp32 RTF", "fw int8 RTF"], rows))
    emit("")

    pooled = {k: e / n for k, (e, n) in totals.items()}
    gap = (pooled["app"] - pooled["fp32"]) * 100
    emit(f"Pooled WER ({totals['app'][1]} reference words): app {pct(pooled['app'])}, faster-whisper fp32 {pct(pooled['fp32'])}, "
         f"int8 {pct(pooled['int8'])}; app − fp32 = {gap:+.2f} points (bar ≤ {POOLED_BAR_POINTS}, goal 0.5).\n")
    if gap > POOLED_BAR_POINTS:
        failures.append(f"pooled app WER is {gap:.2f} points above faster-whisper fp32's")

    for c in (c for c in run["clips"] if c.get("utterances")):
        emit(f"### Utterance starts in {c['path']} ({len(c['utterances'])} utterances)\n")
        exact = anchors(c["abs_path"], c["utterances"], run["utterance_files"])
        fw = utterance_starts(c["utterances"], c["fp32"])
        app = utterance_starts(c["utterances"], c["app"])
        urows, misses = [], 0
        for k, u in enumerate(c["utterances"]):
            truth, source = (exact[k], "onset of its own file") if k in exact else (fw[k], "faster-whisper fp32 word")
            delta = None if truth is None or app[k] is None else abs(app[k] - truth)
            if delta is None or delta > UTTERANCE_START_BAR_S:
                misses += 1
            urows.append([u["id"], "–" if truth is None else f"{truth:.2f}", source,
                          "–" if fw[k] is None else f"{fw[k]:.2f}", "not found" if app[k] is None else f"{app[k]:.2f}",
                          "–" if delta is None else f"{delta:.2f}"])
        emit(table(["utterance", "start (s)", "from", "faster-whisper fp32", "app", "|app − start|"], urows))
        checks = [abs(fw[k] - exact[k]) for k in exact if fw[k] is not None]
        emit(f"\nfaster-whisper fp32 against the exact onsets: max {max(checks):.2f} s over {len(checks)} utterances. "
             f"Utterances whose start the app misses by more than {UTTERANCE_START_BAR_S} s (or not at all): {misses}.\n")
        if misses:
            failures.append(f"{c['path']}: {misses} utterance starts not found within {UTTERANCE_START_BAR_S} s")

    for c in (c for c in run["clips"] if c["role"] == "silence"):
        said = {k: words_of(text_of(c[k])) for k in ("app", "fp32", "int8")}
        emit(f"### Silence: {c['path']}\n\nWords emitted: app {len(said['app'])} {said['app'][:12]}, faster-whisper fp32 "
             f"{len(said['fp32'])} {said['fp32'][:12]}, int8 {len(said['int8'])} {said['int8'][:12]}.\n")
        if said["app"]:
            failures.append(f"{c['path']}: the app emitted {len(said['app'])} words in silence")

    app_rtf = sum(c["app"]["seconds"] for c in scored) / sum(c["duration_s"] for c in scored)
    native_rtf = sum(c["fp32"]["seconds"] for c in scored) / sum(c["duration_s"] for c in scored)
    int8_rtf = sum(c["int8"]["seconds"] for c in scored) / sum(c["duration_s"] for c in scored)
    emit(f"Bars: {'all met' if not failures else 'MISSED: ' + '; '.join(failures)}\n")
    emit(f"real-speech: app WER {pooled['app'] * 100:.1f} % · faster-whisper WER {pooled['fp32'] * 100:.1f} % · {len(scored)} clips · "
         f"app RTF {app_rtf:.3f} · native RTF {native_rtf:.3f} (int8 {int8_rtf:.3f})")
    text = "\n".join(out) + "\n"
    print(text)
    with open(report_path, "w", encoding="utf-8") as f:
        f.write(text)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
