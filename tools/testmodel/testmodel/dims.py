"""Sizes shared by training (torch) and the torch-free tools (media, held-out audio, graphs, conversions).

Nothing here imports torch: a fresh machine runs the test tools with Debian's numpy, scipy and onnx only.
"""
from dataclasses import asdict, dataclass

# Whisper's log-mel front end (the values every Whisper preprocessor_config.json carries)
SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80


@dataclass
class Dims:
    n_mels: int
    n_audio_ctx: int  # encoder positions = mel frames / 2
    n_state: int
    n_head: int
    n_encoder_layers: int
    n_decoder_layers: int
    n_ffn: int
    n_vocab: int
    n_text_ctx: int

    def as_dict(self):
        return asdict(self)


# openai/whisper's published dimensions (the same for the English-only variants)
WHISPER_DIMS = {
    "tiny": Dims(n_mels=80, n_audio_ctx=1500, n_state=384, n_head=6, n_encoder_layers=4, n_decoder_layers=4, n_ffn=1536, n_vocab=51865, n_text_ctx=448),
    "base": Dims(n_mels=80, n_audio_ctx=1500, n_state=512, n_head=8, n_encoder_layers=6, n_decoder_layers=6, n_ffn=2048, n_vocab=51865, n_text_ctx=448),
}


def dims_from_config(config):
    """The Dims of a Hub config.json (WhisperConfig's field names)."""
    return Dims(
        n_mels=config["num_mel_bins"],
        n_audio_ctx=config["max_source_positions"],
        n_state=config["d_model"],
        n_head=config["encoder_attention_heads"],
        n_encoder_layers=config["encoder_layers"],
        n_decoder_layers=config["decoder_layers"],
        n_ffn=config["encoder_ffn_dim"],
        n_vocab=config["vocab_size"],
        n_text_ctx=config["max_target_positions"],
    )
