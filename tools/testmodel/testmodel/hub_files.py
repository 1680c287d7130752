"""config.json, generation_config.json and preprocessor_config.json as the Hub's Whisper repos have them.

Every value transformers.js reads is derived from the model itself (sizes, window, token ids), so the
app can read the window length and special tokens from the model instead of assuming Whisper's.
"""
import json

from .dims import HOP, N_FFT, N_MELS, SAMPLE_RATE


def config_json(dims, tokenizer_ids, name):
    return {
        "_name_or_path": name,
        "architectures": ["WhisperForConditionalGeneration"],
        "model_type": "whisper",
        "activation_function": "gelu",
        "d_model": dims.n_state,
        "encoder_layers": dims.n_encoder_layers,
        "decoder_layers": dims.n_decoder_layers,
        "num_hidden_layers": dims.n_encoder_layers,
        "encoder_attention_heads": dims.n_head,
        "decoder_attention_heads": dims.n_head,
        "encoder_ffn_dim": dims.n_ffn,
        "decoder_ffn_dim": dims.n_ffn,
        "num_mel_bins": dims.n_mels,
        "max_source_positions": dims.n_audio_ctx,
        "max_target_positions": dims.n_text_ctx,
        "vocab_size": dims.n_vocab,
        "bos_token_id": tokenizer_ids["eot"],
        "eos_token_id": tokenizer_ids["eot"],
        "pad_token_id": tokenizer_ids["eot"],
        "decoder_start_token_id": tokenizer_ids["sot"],
        "begin_suppress_tokens": [],
        "suppress_tokens": [],
        "is_encoder_decoder": True,
        "scale_embedding": False,
        "use_cache": True,
        "dropout": 0.0,
        "attention_dropout": 0.0,
        "activation_dropout": 0.0,
        "init_std": 0.02,
        "median_filter_width": 7,
        "torch_dtype": "float32",
    }


def generation_config_json(dims, tok):
    return {
        "decoder_start_token_id": tok.sot,
        "bos_token_id": tok.eot,
        "eos_token_id": tok.eot,
        "pad_token_id": tok.eot,
        "max_length": dims.n_text_ctx,
        "is_multilingual": True,
        "lang_to_id": {f"<|{lang}|>": i for lang, i in tok.lang_ids.items()},
        "task_to_id": {"transcribe": tok.transcribe, "translate": tok.translate},
        "no_timestamps_token_id": tok.no_timestamps,
        "prev_sot_token_id": tok.specials["<|startofprev|>"],
        "forced_decoder_ids": [[1, None], [2, tok.transcribe]],
        "begin_suppress_tokens": [],
        "suppress_tokens": [],
        "max_initial_timestamp_index": int(round(dims.n_audio_ctx * 2 * HOP / SAMPLE_RATE / tok.time_precision)),
        "return_timestamps": False,
    }


def preprocessor_config_json(window_s):
    n_samples = int(window_s * SAMPLE_RATE)
    return {
        "chunk_length": window_s,
        "feature_extractor_type": "WhisperFeatureExtractor",
        "feature_size": N_MELS,
        "hop_length": HOP,
        "n_fft": N_FFT,
        "n_samples": n_samples,
        "nb_max_frames": n_samples // HOP,
        "padding_side": "right",
        "padding_value": 0.0,
        "processor_class": "WhisperProcessor",
        "return_attention_mask": False,
        "sampling_rate": SAMPLE_RATE,
    }


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
