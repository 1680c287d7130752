"""A small byte-level BPE tokenizer in the Hub's tokenizer.json format, laid out like Whisper's.

Merges are learnt until every word of both grammars (with its leading space) is a single token, so
a transcript costs one decoder step per word. Special tokens follow the text tokens in Whisper's
order, which transformers.js relies on: <|endoftext|> is the first id after the text vocabulary
(WhisperTimeStampLogitsProcessor masks "all ids below eos" as text) and the timestamp tokens come
right after <|notimestamps|> (timestamp_begin = notimestamps + 1).
"""
import json
from collections import Counter

from .grammar import LANGUAGES, Grammar


def _bytes_to_unicode():
    """GPT-2's reversible byte → printable character table (the ByteLevel pre-tokenizer's alphabet)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHARS = _bytes_to_unicode()


def byte_level(text):
    return "".join(BYTE_CHARS[b] for b in text.encode("utf-8"))


def learn_merges(words):
    """Plain BPE over the word list, continued until every word is one symbol."""
    seqs = [list(byte_level(" " + w)) for w in words]
    merges = []
    while True:
        pairs = Counter()
        for seq in seqs:
            for a, b in zip(seq, seq[1:]):
                pairs[(a, b)] += 1
        if not pairs:
            return merges
        # most frequent first; ties broken by the pair itself so the result is deterministic
        (a, b), _ = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        merges.append((a, b))
        for seq in seqs:
            i = 0
            while i < len(seq) - 1:
                if seq[i] == a and seq[i + 1] == b:
                    seq[i : i + 2] = [a + b]
                else:
                    i += 1


class Tokenizer:
    def __init__(self, window_s, time_precision=0.02):
        words = sorted({w for lang in LANGUAGES for w in Grammar(lang).vocabulary()})
        self.merges = learn_merges(words)
        self.vocab = {}
        for byte in range(256):
            self.vocab[BYTE_CHARS[byte]] = byte
        for a, b in self.merges:
            self.vocab.setdefault(a + b, len(self.vocab))
        self.n_text = len(self.vocab)
        self.word_ids = {w: self.vocab[byte_level(" " + w)] for w in words}
        self.languages = list(LANGUAGES)
        specials = ["<|endoftext|>", "<|startoftranscript|>"]
        specials += [f"<|{lang}|>" for lang in self.languages]
        specials += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>", "<|notimestamps|>"]
        self.specials = {tok: self.n_text + i for i, tok in enumerate(specials)}
        self.eot = self.specials["<|endoftext|>"]
        self.sot = self.specials["<|startoftranscript|>"]
        self.transcribe = self.specials["<|transcribe|>"]
        self.translate = self.specials["<|translate|>"]
        self.no_timestamps = self.specials["<|notimestamps|>"]
        self.nospeech = self.specials["<|nospeech|>"]
        self.lang_ids = {lang: self.specials[f"<|{lang}|>"] for lang in self.languages}
        self.timestamp_begin = self.no_timestamps + 1
        self.time_precision = time_precision
        self.n_timestamps = int(round(window_s / time_precision)) + 1
        self.vocab_size = self.timestamp_begin + self.n_timestamps

    def timestamp(self, seconds):
        index = int(round(seconds / self.time_precision))
        return self.timestamp_begin + max(0, min(self.n_timestamps - 1, index))

    def encode_words(self, words):
        return [self.word_ids[w] for w in words]

    def decode_text(self, ids):
        inverse = {v: k for k, v in self.vocab.items()}
        unbyte = {c: b for b, c in BYTE_CHARS.items()}
        data = bytes(unbyte[c] for i in ids if i < self.n_text for c in inverse[i])
        return data.decode("utf-8", errors="replace")

    def added_tokens(self):
        tokens = [(tok, i, True) for tok, i in self.specials.items()]
        tokens += [(f"<|{k * self.time_precision:.2f}|>", self.timestamp_begin + k, False) for k in range(self.n_timestamps)]
        return tokens

    def tokenizer_json(self):
        vocab = dict(self.vocab)
        vocab["<|endoftext|>"] = self.eot
        added = [
            {"id": i, "content": tok, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": not special, "special": special}
            for tok, i, special in self.added_tokens()
        ]
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
            "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
            "model": {
                "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                "vocab": vocab, "merges": [f"{a} {b}" for a, b in self.merges],
            },
        }

    def tokenizer_config_json(self):
        decoder = {
            str(i): {"content": tok, "lstrip": False, "normalized": not special, "rstrip": False,
                     "single_word": False, "special": special}
            for tok, i, special in self.added_tokens()
        }
        return {
            "add_bos_token": False,
            "add_prefix_space": False,
            "added_tokens_decoder": decoder,
            "additional_special_tokens": [tok for tok, _, special in self.added_tokens() if special and tok != "<|endoftext|>"],
            "bos_token": "<|endoftext|>",
            "clean_up_tokenization_spaces": True,
            "eos_token": "<|endoftext|>",
            "errors": "replace",
            "model_max_length": 1024,
            "pad_token": "<|endoftext|>",
            "processor_class": "WhisperProcessor",
            "return_attention_mask": False,
            "tokenizer_class": "WhisperTokenizer",
            "unk_token": "<|endoftext|>",
        }

    def write(self, folder):
        (folder / "tokenizer.json").write_text(json.dumps(self.tokenizer_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        (folder / "tokenizer_config.json").write_text(json.dumps(self.tokenizer_config_json(), ensure_ascii=False, indent=1), encoding="utf-8")
