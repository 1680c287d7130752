"""Scores `npm run eval:real`: the app's transcripts against the references and faster-whisper's.

    python -m realmodels.score RUN.json REPORT.md

RUN.json (written by eval.mjs): {"sets": [{name, repo, model_source, language (null: detected),
"clips": [{path, duration_s, language, reference, utterances?, role, "app": {segments, seconds,
language?}, "fp32": {...}, "int8": {...}}]}], "machine": {...}}.

Text normalisation, the same on both sides, after dropping parentheses and brackets (not their
words: see BRACKETS): for English OpenAI Whisper's English normaliser (whisper_normalizer.english,
the copy of whisper/normalizers/english.py on PyPI): lower case, punctuation and symbols removed,
spelled-out numbers written as digits, British spellings and contractions made American/expanded;
for other languages its basic normaliser (lower case, punctuation and symbols removed), ё → е.
WER is word-level Levenshtein; pooled WER is all errors over all reference words.

Prints per set the clip table, the LJ Speech utterance starts, the silence check, the detected
languages, then the bars and the `real-speech ru: …` line and, last, the English one
`real-speech: app WER X % · faster-whisper WER Y % · N clips · app RTF a · native RTF b`; exits 1
when a bar of issue 18 is missed.
"""
import json
import re
import statistics
import sys

import numpy as np
from faster_whisper.audio import decode_audio
from whisper_normalizer.basic import BasicTextNormalizer
from whisper_normalizer.english import EnglishTextNormalizer

NORMALISE_EN = EnglishTextNormalizer()
NORMALISE_OTHER = BasicTextNormalizer()
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


def words_of(text: str, language: str = "en") -> list[str]:
    text = BRACKETS.sub(" ", text)
    if language == "en":
        return NORMALISE_EN(text).split()
    # Whisper's normaliser for other languages; ё is written е as often as not in Russian, so both
    # sides spell it е.
    return NORMALISE_OTHER(text).replace("ё", "е").split()


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


def rtf(clips: list[dict], side: str) -> float:
    return sum(c[side]["seconds"] for c in clips) / sum(c["duration_s"] for c in clips)


def score_speech(name: str, clips: list[dict], language: str, emit, failures: list[str]) -> dict:
    """The per-clip table and the pooled WER of one set; the clip and pooled bars."""
    detect = language is None
    totals = {k: [0, 0] for k in ("app", "fp32", "int8")}
    detected = {k: 0 for k in totals}
    rows, explained = [], []
    for c in clips:
        spoken = c["language"]
        ref = words_of(c["reference"], spoken)
        w = {}
        for k in totals:
            errors, _ = edit_alignment(ref, words_of(text_of(c[k]), spoken))
            totals[k][0] += errors
            totals[k][1] += len(ref)
            w[k] = errors / len(ref)
            detected[k] += c[k].get("language") == spoken
        diffs = start_differences(c["app"]["segments"], c["fp32"]["segments"])
        worse = (w["app"] - w["fp32"]) * 100
        if worse > CLIP_BAR_POINTS:
            # The app runs the q8 files: 8-bit weights, like faster-whisper's int8. Where faster-whisper's
            # own int8 does as badly, the loss is the quantisation's (the README says so), not the app's.
            if w["app"] <= w["int8"] + 1e-9:
                explained.append(f"- {c['path']}: app {pct(w['app'])}, fp32 {pct(w['fp32'])}; faster-whisper int8 "
                                 f"{pct(w['int8'])}: the 8-bit weights' loss, not the app's")
            else:
                failures.append(f"{c['path']}: app WER {pct(w['app'])} is {worse:.1f} points above faster-whisper fp32's "
                                f"{pct(w['fp32'])} (int8 {pct(w['int8'])})")
        row = [c["path"], f"{c['duration_s']:.1f} s"]
        if detect:
            row += [f"{c[k].get('language')} ({c[k].get('language_probability') or 0:.2f})" for k in ("app", "fp32", "int8")]
        row += [pct(w["app"]), pct(w["fp32"]), pct(w["int8"]),
                f"{statistics.median(diffs):.2f} s" if diffs else "–", f"{max(diffs):.2f} s" if diffs else "–",
                f"{c['app']['seconds'] / c['duration_s']:.3f}", f"{c['fp32']['seconds'] / c['duration_s']:.3f}",
                f"{c['int8']['seconds'] / c['duration_s']:.3f}"]
        rows.append(row)
    head = ["clip", "duration"]
    if detect:
        head += ["language app", "language fw fp32", "language fw int8"]
    head += ["WER app", "WER fw fp32", "WER fw int8", "start Δ median", "start Δ max", "app RTF", "fw fp32 RTF", "fw int8 RTF"]
    emit("")
    emit(table(head, rows))
    emit("")
    pooled = {k: e / n for k, (e, n) in totals.items()}
    gap = (pooled["app"] - pooled["fp32"]) * 100
    emit(f"Pooled WER ({totals['app'][1]} reference words): app {pct(pooled['app'])}, faster-whisper fp32 {pct(pooled['fp32'])}, "
         f"int8 {pct(pooled['int8'])}; app − fp32 = {gap:+.2f} points (bar ≤ {POOLED_BAR_POINTS}, goal 0.5).\n")
    if explained:
        emit(f"Clips more than {CLIP_BAR_POINTS:.0f} points worse than faster-whisper fp32 where its int8 (8-bit weights, as "
             f"the app's q8 files) is as bad or worse:\n" + "\n".join(explained) + "\n")
    if gap > POOLED_BAR_POINTS:
        failures.append(f"{name}: pooled app WER is {gap:.2f} points above faster-whisper fp32's")
    if detect:
        emit(f"Language detected as the clip's own: app {detected['app']}/{len(clips)}, faster-whisper fp32 "
             f"{detected['fp32']}/{len(clips)}, int8 {detected['int8']}/{len(clips)}.\n")
        if detected["app"] < detected["fp32"]:
            failures.append(f"{name}: the app detected the language on {detected['app']} clips, faster-whisper on {detected['fp32']}")
    return {"pooled": pooled, "detected": detected}


def score_utterances(c: dict, utterance_files: dict, emit, failures: list[str]) -> None:
    emit(f"### Utterance starts in {c['path']} ({len(c['utterances'])} utterances)\n")
    exact = anchors(c["abs_path"], c["utterances"], utterance_files)
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


def score_silence(c: dict, emit, failures: list[str]) -> None:
    said = {k: words_of(text_of(c[k])) for k in ("app", "fp32", "int8")}
    emit(f"### Silence: {c['path']}\n\nWords emitted: app {len(said['app'])} {said['app'][:12]}, faster-whisper fp32 "
         f"{len(said['fp32'])} {said['fp32'][:12]}, int8 {len(said['int8'])} {said['int8'][:12]}.\n")
    if said["app"]:
        failures.append(f"{c['path']}: the app emitted {len(said['app'])} words in silence")


def main() -> None:
    run_path, report_path = sys.argv[1:3]
    run = json.load(open(run_path, encoding="utf-8"))
    out: list[str] = []
    failures: list[str] = []
    emit = out.append
    m = run["machine"]
    lines = []
    for s in run["sets"]:
        scored = [c for c in s["clips"] if c["role"] == "speech"]
        spoken = "language detected by each engine" if s["language"] is None else f"language {s['language']}"
        normaliser = ("Whisper's English normaliser" if s["language"] == "en"
                      else "Whisper's basic normaliser (the one it uses for languages other than English), ё written е")
        emit(f"## {s['name']}: the app (production build, Chromium, WASM, q8) vs faster-whisper (CPU)\n")
        emit(f"Model {s['repo']} converted from {s['model_source']}; faster-whisper {m['faster_whisper']} on the same "
             f"CTranslate2 model, greedy, {spoken}, VAD off, no previous-text prompt, word timestamps on (the app gives them too). "
             f"WER after {normaliser} on both sides (parentheses dropped first, their words kept: LJ Speech writes spoken words in them). "
             f"RTF = seconds spent / audio seconds: the app from Start to done (model already in the browser's storage), "
             f"faster-whisper per file after one model load. Machine: {m['cpus']} CPUs, load average {m['load_before']} before, "
             f"{m['load_after']} after; {m['date']}.")
        if not scored:
            continue
        result = score_speech(s["name"], scored, s["language"], emit, failures)
        for c in (c for c in s["clips"] if c.get("utterances")):
            score_utterances(c, run["utterance_files"], emit, failures)
        for c in (c for c in s["clips"] if c["role"] == "silence"):
            score_silence(c, emit, failures)
        pooled = result["pooled"]
        label = "real-speech" if s["name"] == "en" else f"real-speech {s['name']}"
        detected = "" if s["language"] is not None else (
            f" · language detected app {result['detected']['app']}/{len(scored)}, faster-whisper {result['detected']['fp32']}/{len(scored)}")
        lines.append((s["name"] == "en", f"{label}: app WER {pooled['app'] * 100:.1f} % · faster-whisper WER {pooled['fp32'] * 100:.1f} % · "
                      f"{len(scored)} clips{detected} · app RTF {rtf(scored, 'app'):.3f} · native RTF {rtf(scored, 'fp32'):.3f} "
                      f"(int8 {rtf(scored, 'int8'):.3f})"))
    emit(f"Bars: {'all met' if not failures else 'MISSED: ' + '; '.join(failures)}\n")
    # The English line last: the line the issue asks for.
    out.extend(line for _, line in sorted(lines, key=lambda x: x[0]))
    text = "\n".join(out) + "\n"
    print(text)
    with open(report_path, "w", encoding="utf-8") as f:
        f.write(text)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
