"""Reference values computed by the PyTorch model, for tests that check what transformers.js computes.

The input is a formula (a chirp plus a tone) that the JavaScript test rebuilds sample for sample, so no
audio file is needed: the test compares transformers.js's log-mel with ours (the front end must match
what the model was trained on), and the ONNX encoder + merged decoder (first step and a cached step,
through both branches of the If) with the PyTorch model's logits.
"""
import json
import math

import numpy as np
import torch

from .features import LogMel, SAMPLE_RATE

MEL_STRIDE = 97  # keep every 97th value of the flattened log-mel: small file, every region covered


def reference_audio(seconds=4.0):
    n = np.arange(int(seconds * SAMPLE_RATE), dtype=np.float64)
    t = n / SAMPLE_RATE
    chirp = 0.5 * np.sin(2 * math.pi * (200 * t + 150 * t * t))
    tone = 0.1 * np.sin(2 * math.pi * 1234 * t)
    return (chirp + tone).astype(np.float32)


def top(logits, k=8):
    values, ids = torch.topk(logits, k)
    return {"ids": ids.tolist(), "logits": [round(v, 5) for v in values.tolist()]}


@torch.no_grad()
def reference_values(model, tokenizer, window_s):
    model.eval()
    log_mel = LogMel(int(window_s * SAMPLE_RATE))
    mel = log_mel(torch.from_numpy(reference_audio())[None])
    audio = model.encoder(mel)
    cross = model.decoder.cross_keys_values(audio)
    prefix = [tokenizer.sot, tokenizer.lang_ids["en"], tokenizer.transcribe, tokenizer.timestamp(0.0)]
    first, past = model.decoder(torch.tensor([prefix]), cross)
    word = tokenizer.word_ids["the"]
    second, _ = model.decoder(torch.tensor([[word]]), cross, past)
    return {
        "audio": "0.5 sin(2π(200 t + 150 t²)) + 0.1 sin(2π 1234 t), t = n / 16000, 4 s",
        "mel_stride": MEL_STRIDE,
        "mel_shape": list(mel.shape),
        "mel_values": [round(v, 5) for v in mel.flatten()[::MEL_STRIDE].tolist()],
        "prefix": prefix,
        "first_step_last_logits": top(first[0, -1]),
        "second_step_token": word,
        "second_step_logits": top(second[0, -1]),
    }


def write_reference(path, model, tokenizer, window_s):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(reference_values(model, tokenizer, window_s), indent=1) + "\n", encoding="utf-8")
