"""The converted ONNX model against the package's own runtime (CTranslate2, CPU, float32) on real speech.

Runs in the tool's virtual environment (ctranslate2, onnxruntime, faster-whisper; see ../requirements.lock):

    .cache/realmodels/venv/bin/python -m realmodels.check --ct2 DIR --hub DIR --audio jfk.wav --report out.json

One log-mel of the clip (faster-whisper's FeatureExtractor, 30 s window) goes into both:
1. encoder: CTranslate2's Whisper.encode against encoder_model.onnx → max |difference|;
2. logits: CTranslate2's greedy generate without logit processors (no suppression) returns each
   step's logits; decoder_model_merged.onnx, teacher-forced on the same tokens in one pass
   (use_cache_branch false), gives its logits at the same positions → max |difference|;
3. greedy tokens: onnxruntime's own greedy loop over the merged decoder with its KV cache
   (use_cache_branch true after the first step) must give CTranslate2's tokens, both without
   suppression and with the model's suppress_tokens / begin_suppress_tokens (CTranslate2's defaults);
   the q8 files' greedy text is reported too.
Exits 1 if a difference passes its bound or the tokens differ.
"""
import argparse
import json
import sys
import time
import wave
from pathlib import Path

import ctranslate2
import numpy as np
import onnxruntime as ort
from faster_whisper.feature_extractor import FeatureExtractor
from tokenizers import Tokenizer

ENCODER_BOUND = 5e-3
LOGITS_BOUND = 1e-2
MAX_TOKENS = 120


def read_wav(path):
    with wave.open(str(path)) as w:
        if w.getframerate() != 16000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16 kHz mono 16-bit PCM")
        return np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768.0


def log_mel(audio):
    fe = FeatureExtractor(feature_size=80)
    audio = np.pad(audio, (0, max(0, fe.n_samples - len(audio))))[: fe.n_samples]
    return fe(audio, padding=0)[:, : fe.nb_max_frames].astype(np.float32)[None]


def session(path, threads):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


class OnnxWhisper:
    def __init__(self, onnx_dir, suffix, threads):
        self.encoder = session(onnx_dir / f"encoder_model{suffix}.onnx", threads)
        self.decoder = session(onnx_dir / f"decoder_model_merged{suffix}.onnx", threads)
        self.past_names = [i.name for i in self.decoder.get_inputs() if i.name.startswith("past_key_values.")]
        shape = next(i.shape for i in self.decoder.get_inputs() if i.name == self.past_names[0])
        self.heads, self.head_dim = shape[1], shape[3]
        self.outputs = [o.name for o in self.decoder.get_outputs()]

    def encode(self, mel):
        return self.encoder.run(["last_hidden_state"], {"input_features": mel})[0]

    def step(self, ids, hidden, past=None):
        feeds = {"input_ids": np.array([ids], np.int64), "encoder_hidden_states": hidden,
                 "use_cache_branch": np.array([past is not None])}
        for name in self.past_names:
            feeds[name] = past[name] if past is not None else np.zeros((1, self.heads, 0, self.head_dim), np.float32)
        out = dict(zip(self.outputs, self.decoder.run(self.outputs, feeds)))
        present = {n.replace("present.", "past_key_values."): v for n, v in out.items() if n.startswith("present.")}
        return out["logits"][0], present, out

    def greedy(self, hidden, prompt, eot, suppress=(), begin_suppress=()):
        logits, past, _ = self.step(prompt, hidden)
        tokens = []
        last = logits[-1]
        for _ in range(MAX_TOKENS):
            last = last.copy()
            last[list(suppress)] = -np.inf
            if not tokens:
                last[list(begin_suppress)] = -np.inf
            token = int(np.argmax(last))
            if token == eot:
                break
            tokens.append(token)
            logits, past, _ = self.step([token], hidden, past)
            last = logits[-1]
        return tokens


def prompt_of(generation_config):
    prompt = [generation_config["decoder_start_token_id"]]
    if generation_config.get("is_multilingual"):
        prompt += [generation_config["lang_to_id"]["<|en|>"], generation_config["task_to_id"]["transcribe"]]
    return prompt + [generation_config["no_timestamps_token_id"]]


def run(args):
    t0 = time.time()
    hub = args.hub
    generation_config = json.loads((hub / "generation_config.json").read_text())
    eot = generation_config["eos_token_id"]
    prompt = prompt_of(generation_config)
    tokenizer = Tokenizer.from_file(str(hub / "tokenizer.json"))
    text = lambda ids: tokenizer.decode(ids, skip_special_tokens=True).strip()  # noqa: E731
    mel = log_mel(read_wav(args.audio))

    ct2 = ctranslate2.models.Whisper(str(args.ct2), device="cpu", compute_type="float32", intra_threads=args.threads)
    features = ctranslate2.StorageView.from_array(mel)
    ct2_hidden = np.array(ct2.encode(features, to_cpu=True))
    ox = OnnxWhisper(hub / "onnx", "", args.threads)
    ort_hidden = ox.encode(mel)
    encoder_diff = float(np.abs(ct2_hidden - ort_hidden).max())

    # raw greedy (no logit processors): per-step logits, teacher-forced comparison
    raw = ct2.generate(features, [prompt], beam_size=1, return_logits_vocab=True, suppress_blank=False,
                       suppress_tokens=[], max_length=MAX_TOKENS + len(prompt))[0]
    ct2_raw = [t for t in raw.sequences_ids[0]]
    ct2_logits = np.stack([np.array(x) for x in raw.logits[0]])
    forced = prompt + ct2_raw + ([eot] if len(ct2_logits) > len(ct2_raw) else [])
    ort_logits, _, _ = ox.step(forced[: len(prompt) - 1 + len(ct2_logits)], ort_hidden)
    ort_logits = ort_logits[len(prompt) - 1 :]
    logits_diff = float(np.abs(ct2_logits - ort_logits).max())
    argmax_same = bool(np.array_equal(ct2_logits.argmax(-1), ort_logits.argmax(-1)))
    ort_raw = ox.greedy(ort_hidden, prompt, eot)

    # greedy with the model's suppression, as CTranslate2 (and faster-whisper) decode by default
    ct2_default = list(ct2.generate(features, [prompt], beam_size=1, max_length=MAX_TOKENS + len(prompt))[0].sequences_ids[0])
    ort_default = ox.greedy(ort_hidden, prompt, eot, generation_config.get("suppress_tokens", []),
                            generation_config.get("begin_suppress_tokens", []))

    q8 = OnnxWhisper(hub / "onnx", "_quantized", args.threads)
    q8_hidden = q8.encode(mel)
    q8_tokens = q8.greedy(q8_hidden, prompt, eot, generation_config.get("suppress_tokens", []),
                          generation_config.get("begin_suppress_tokens", []))

    report = {
        "model": str(hub), "audio": str(args.audio), "prompt": prompt,
        "encoder_max_abs_diff": encoder_diff, "encoder_max_abs": float(np.abs(ct2_hidden).max()),
        "logits_positions": int(len(ct2_logits)), "logits_max_abs_diff": logits_diff,
        "logits_max_abs": float(np.abs(ct2_logits).max()), "teacher_forced_argmax_same": argmax_same,
        "greedy_raw": {"ctranslate2": ct2_raw, "onnxruntime": ort_raw, "same": ct2_raw == ort_raw},
        "greedy_suppressed": {"ctranslate2": ct2_default, "onnxruntime": ort_default, "same": ct2_default == ort_default},
        "text_ctranslate2": text(ct2_default), "text_onnxruntime": text(ort_default),
        "q8": {"tokens": q8_tokens, "text": text(q8_tokens), "same_as_fp32": q8_tokens == ort_default,
               "encoder_max_abs_diff_vs_fp32": float(np.abs(q8_hidden - ort_hidden).max())},
        "versions": {"ctranslate2": ctranslate2.__version__, "onnxruntime": ort.__version__},
        "bounds": {"encoder": ENCODER_BOUND, "logits": LOGITS_BOUND},
        "seconds": round(time.time() - t0, 1),
    }
    failures = []
    if encoder_diff > ENCODER_BOUND:
        failures.append(f"encoder differs by {encoder_diff:.3g} > {ENCODER_BOUND}")
    if logits_diff > LOGITS_BOUND:
        failures.append(f"logits differ by {logits_diff:.3g} > {LOGITS_BOUND}")
    if not report["greedy_raw"]["same"]:
        failures.append("greedy tokens (no suppression) differ")
    if not report["greedy_suppressed"]["same"]:
        failures.append("greedy tokens (with suppression) differ")
    report["ok"] = not failures
    report["failures"] = failures
    return report


def summary(r):
    lines = [
        f"check {r['model']}",
        f"  audio {r['audio']}, prompt {r['prompt']}",
        f"  encoder output: max |ctranslate2 - onnx| = {r['encoder_max_abs_diff']:.3g} (values up to {r['encoder_max_abs']:.3g})",
        f"  logits, {r['logits_positions']} teacher-forced positions: max |diff| = {r['logits_max_abs_diff']:.3g} "
        f"(values up to {r['logits_max_abs']:.3g}); argmax same: {r['teacher_forced_argmax_same']}",
        f"  greedy tokens, no suppression: {'same' if r['greedy_raw']['same'] else 'DIFFERENT'} ({len(r['greedy_raw']['ctranslate2'])} tokens)",
        f"  greedy tokens, model's suppression: {'same' if r['greedy_suppressed']['same'] else 'DIFFERENT'} {r['greedy_suppressed']['ctranslate2']}",
        f"  ctranslate2: {r['text_ctranslate2']!r}",
        f"  onnxruntime: {r['text_onnxruntime']!r}",
        f"  q8 onnx:     {r['q8']['text']!r} (tokens same as fp32: {r['q8']['same_as_fp32']})",
        f"  {'OK' if r['ok'] else 'FAILED: ' + '; '.join(r['failures'])} ({r['seconds']} s; ctranslate2 {r['versions']['ctranslate2']}, onnxruntime {r['versions']['onnxruntime']})",
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ct2", type=Path, required=True, help="the CTranslate2 model folder (model.bin, config.json, vocabulary)")
    ap.add_argument("--hub", type=Path, required=True, help="the converted repo folder")
    ap.add_argument("--audio", type=Path, required=True, help="16 kHz mono 16-bit WAV")
    ap.add_argument("--report", type=Path, help="write the report as JSON here")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    report = run(args)
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n")
    print(summary(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
