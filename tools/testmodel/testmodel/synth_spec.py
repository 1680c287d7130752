"""The fixed recipe of whisper-synth: window, sizes and training budget (one place, used by all tools)."""
from dataclasses import dataclass

from .dims import Dims


@dataclass(frozen=True)
class SynthRecipe:
    window_s: float = 10.0  # shorter than Whisper's 30 s; the configs written with the model say so
    n_state: int = 192
    n_head: int = 4
    n_encoder_layers: int = 4
    n_decoder_layers: int = 2
    n_text_ctx: int = 128
    seed: int = 1234
    steps: int = 1600  # phase 1 (retrain.sh); phase 2 keeps the CTC loss at weight 0.3
    batch: int = 16
    per_language: int = 8000
    lr: float = 1.5e-3
    ctc_weight: float = 0.5


SYNTH = SynthRecipe()


def synth_dims(tokenizer):
    return Dims(
        n_mels=80,
        n_audio_ctx=int(SYNTH.window_s * 100) // 2,
        n_state=SYNTH.n_state,
        n_head=SYNTH.n_head,
        n_encoder_layers=SYNTH.n_encoder_layers,
        n_decoder_layers=SYNTH.n_decoder_layers,
        n_ffn=4 * SYNTH.n_state,
        n_vocab=tokenizer.vocab_size,
        n_text_ctx=SYNTH.n_text_ctx,
    )
