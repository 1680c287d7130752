"""Trains whisper-synth on espeak-ng speech. Deterministic for a given seed and thread count.

Training uses bfloat16 autocast for the matrix products (several times faster on CPUs with
AVX512-BF16, still correct elsewhere) and an auxiliary character-level CTC loss on the encoder
output (training only, not exported): letters are shared by all words, so the encoder learns what
is said long before the attention decoder would find out alone (with word-level CTC targets a first
run was still near the prior after 900 steps).
"""
import argparse
import json
import math
import os
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from .corpus import render_pool
from .features import LogMel
from .model import Dims, Whisper
from .synth_spec import SYNTH, synth_dims
from .tokenizer import Tokenizer
from .windows import compose


class Alphabet:
    """Characters of both grammars for the CTC head; index 0 is the CTC blank."""

    def __init__(self, tokenizer):
        chars = sorted({c for w in tokenizer.word_ids for c in w} | {" "})
        self.index = {c: i + 1 for i, c in enumerate(chars)}
        self.size = len(chars) + 1

    def spell(self, words):
        return torch.tensor([self.index[c] for c in " ".join(words)], dtype=torch.long)


def batch_of(pool, tokenizer, alphabet, rng, size, log_mel, p_speech_ends):
    examples = [compose(pool, tokenizer, SYNTH.window_s, rng, p_speech_ends=p_speech_ends) for _ in range(size)]
    audio = torch.from_numpy(np.stack([e.audio for e in examples]))
    mel = log_mel(audio)
    length = max(len(e.tokens) for e in examples)
    tokens = torch.full((size, length), tokenizer.eot, dtype=torch.long)
    weight = torch.zeros(size, length - 1)
    for i, e in enumerate(examples):
        tokens[i, : len(e.tokens)] = torch.tensor(e.tokens)
        weight[i, : len(e.tokens) - 1] = 1.0
        if not e.lang_trained:
            weight[i, 0] = 0.0  # the swapped language token is an input here, not a target
    ctc_targets = [alphabet.spell(e.words) for e in examples]
    return mel, tokens, weight, ctc_targets


@torch.no_grad()
def greedy(model, mel, prefix, eot, max_len):
    tokens = torch.tensor([prefix])
    audio = model.encoder(mel[None])
    cross = model.decoder.cross_keys_values(audio)
    for _ in range(max_len - len(prefix)):
        logits, _ = model.decoder(tokens, cross)
        nxt = int(logits[0, -1].argmax())
        tokens = torch.cat([tokens, torch.tensor([[nxt]])], dim=1)
        if nxt == eot:
            break
    return tokens[0].tolist()


def word_error_rate(ref, hyp):
    d = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(hyp) + 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
    return d[len(hyp)] / max(1, len(ref))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True, help="folder for checkpoint.pt and train_log.json")
    ap.add_argument("--seed", type=int, default=SYNTH.seed)
    ap.add_argument("--steps", type=int, default=SYNTH.steps)
    ap.add_argument("--batch", type=int, default=SYNTH.batch)
    ap.add_argument("--per-language", type=int, default=SYNTH.per_language)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=SYNTH.lr)
    ap.add_argument("--ctc-weight", type=float, default=SYNTH.ctc_weight)
    ap.add_argument("--init", type=Path, help="start from this checkpoint's weights (a second training phase)")
    ap.add_argument("--window-seed", type=int, help="seed of the window sampler (default: --seed)")
    ap.add_argument("--p-speech-ends", type=float, default=0.0, help="share of windows whose speech stops early (windows.compose)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()

    tokenizer = Tokenizer(SYNTH.window_s)
    pool = render_pool(args.seed, tokenizer.languages, args.per_language, processes=args.threads)
    print(f"pool: {', '.join(f'{k} {len(v)} sentences' for k, v in pool.items())} in {time.time() - started:.0f} s", flush=True)

    dims = synth_dims(tokenizer)
    model = Whisper(dims)
    alphabet = Alphabet(tokenizer)
    ctc_head = torch.nn.Linear(dims.n_state, alphabet.size)
    if args.init:
        saved = torch.load(args.init)
        model.load_state_dict(saved["model"])
        if "ctc_head" in saved:  # a later phase that keeps the CTC loss goes on with the trained head
            ctc_head.load_state_dict(saved["ctc_head"])
    params = list(model.parameters()) + list(ctc_head.parameters())
    optimizer = torch.optim.AdamW(params, lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)
    warmup = max(1, args.steps // 20)

    def lr_at(step):
        if step < warmup:
            return args.lr * (step + 1) / warmup
        progress = (step - warmup) / max(1, args.steps - warmup)
        return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))

    log_mel = LogMel(int(SYNTH.window_s * 16000))
    rng = np.random.default_rng(args.seed if args.window_seed is None else args.window_seed)
    probe_rng = np.random.default_rng(args.seed + 1)
    probes = [compose(pool, tokenizer, SYNTH.window_s, probe_rng, p_silence=0, p_no_timestamps=1, p_wrong_language=0) for _ in range(12)]
    history = []
    last_log = (0, time.time())
    for step in range(args.steps):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        mel, tokens, weight, ctc_targets = batch_of(pool, tokenizer, alphabet, rng, args.batch, log_mel, args.p_speech_ends)
        model.train()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            audio, logits = model(mel, tokens[:, :-1])
            ctc_logits = ctc_head(audio) if args.ctc_weight > 0 else None
        ce = F.cross_entropy(logits.float().transpose(1, 2), tokens[:, 1:], reduction="none")
        ce = (ce * weight).sum() / weight.sum()
        ctc = torch.zeros(())
        if args.ctc_weight > 0:
            log_probs = ctc_logits.float().log_softmax(-1).transpose(0, 1)
            ctc = F.ctc_loss(
                log_probs,
                torch.cat(ctc_targets),
                torch.full((args.batch,), log_probs.shape[0], dtype=torch.long),
                torch.tensor([len(t) for t in ctc_targets]),
                blank=0,
                zero_infinity=True,
            )
        loss = ce + args.ctc_weight * ctc
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()

        if step % 50 == 0 or step == args.steps - 1:
            entry = {"step": step, "ce": round(ce.item(), 4), "ctc": round(ctc.item(), 4), "lr": lr_at(step), "elapsed_s": round(time.time() - started)}
            # wall seconds per step since the last entry, and the machine's load: shared machines vary
            entry["step_s"] = round((time.time() - last_log[1]) / max(1, step - last_log[0]), 3)
            entry["load"] = round(os.getloadavg()[0], 1)
            if step % 500 == 0 or step == args.steps - 1:
                model.eval()
                errors = []
                for p in probes:
                    mel1 = log_mel(torch.from_numpy(p.audio)[None])[0]
                    out = greedy(model, mel1, p.tokens[:4], tokenizer.eot, dims.n_text_ctx)
                    hyp = [t for t in out[4:] if t < tokenizer.n_text]
                    errors.append(word_error_rate(tokenizer.encode_words(p.words), hyp))
                entry["probe_wer"] = round(float(np.mean(errors)), 4)
            history.append(entry)
            print(json.dumps(entry), flush=True)
            last_log = (step, time.time())  # after the probe, so step_s counts training steps only

    torch.save({"dims": dims.as_dict(), "model": model.state_dict(), "ctc_head": ctc_head.state_dict(), "seed": args.seed, "steps": args.steps}, args.out / "checkpoint.pt")
    (args.out / "train_log.json").write_text(json.dumps({"history": history, "total_s": round(time.time() - started)}, indent=1))
    print(f"done in {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
