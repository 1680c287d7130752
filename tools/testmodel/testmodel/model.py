"""A Whisper-architecture encoder-decoder with adjustable sizes.

Same structure as openai/whisper: two-conv stem (the second with stride 2), sinusoidal encoder
positions, pre-LayerNorm blocks, learned decoder positions, cross-attention, GELU MLPs, keys without
bias, output projection tied to the token embedding. Only the sizes differ between the trained test
model and the models other tools build from numpy weights (graph.py).
"""
import math

import torch
from torch import nn
from torch.nn import functional as F

from .dims import Dims


def sinusoids(length, channels, max_timescale=10000):
    """Whisper's fixed encoder position table (the same function openai/whisper uses)."""
    log_timescale_increment = math.log(max_timescale) / (channels // 2 - 1)
    inv_timescales = torch.exp(-log_timescale_increment * torch.arange(channels // 2))
    scaled_time = torch.arange(length)[:, None] * inv_timescales[None, :]
    return torch.cat([torch.sin(scaled_time), torch.cos(scaled_time)], dim=1)


class LayerNorm(nn.LayerNorm):
    """LayerNorm computed in float32 under bfloat16 autocast (as openai/whisper does for fp16)."""

    def forward(self, x):
        if x.dtype == torch.bfloat16:
            return super().forward(x.float()).type(x.dtype)
        return super().forward(x)


class Attention(nn.Module):
    def __init__(self, n_state, n_head):
        super().__init__()
        self.n_head = n_head
        self.q_proj = nn.Linear(n_state, n_state)
        self.k_proj = nn.Linear(n_state, n_state, bias=False)
        self.v_proj = nn.Linear(n_state, n_state)
        self.out_proj = nn.Linear(n_state, n_state)

    def heads(self, x):
        b, t, c = x.shape
        return x.view(b, t, self.n_head, c // self.n_head).transpose(1, 2)

    def keys_values(self, x):
        return self.heads(self.k_proj(x)), self.heads(self.v_proj(x))

    def attend(self, x, k, v, mask=None):
        q = self.heads(self.q_proj(x))
        scale = (q.shape[-1]) ** -0.5
        w = (q * scale) @ k.transpose(-1, -2)
        if mask is not None:
            w = w + mask
        # no float32 round trip under bfloat16 autocast: PyTorch's CPU softmax accumulates in float32
        # for bfloat16 input anyway, and the two casts of the [batch, heads, 500, 500] scores (and their
        # backward) took a third of a training step; the gradient stays as close to float32's
        # (relative error 2.3 % against 2.6 % with the casts, measured on a trained model's batch)
        out = torch.softmax(w, dim=-1).type(v.dtype) @ v
        b, h, t, d = out.shape
        return self.out_proj(out.transpose(1, 2).reshape(b, t, h * d))


class EncoderBlock(nn.Module):
    def __init__(self, n_state, n_head, n_ffn):
        super().__init__()
        self.attn_ln = LayerNorm(n_state)
        self.attn = Attention(n_state, n_head)
        self.mlp_ln = LayerNorm(n_state)
        self.mlp = nn.Sequential(nn.Linear(n_state, n_ffn), nn.GELU(), nn.Linear(n_ffn, n_state))

    def forward(self, x):
        h = self.attn_ln(x)
        k, v = self.attn.keys_values(h)
        x = x + self.attn.attend(h, k, v)
        return x + self.mlp(self.mlp_ln(x))


class DecoderBlock(nn.Module):
    def __init__(self, n_state, n_head, n_ffn):
        super().__init__()
        self.attn_ln = LayerNorm(n_state)
        self.attn = Attention(n_state, n_head)
        self.cross_ln = LayerNorm(n_state)
        self.cross = Attention(n_state, n_head)
        self.mlp_ln = LayerNorm(n_state)
        self.mlp = nn.Sequential(nn.Linear(n_state, n_ffn), nn.GELU(), nn.Linear(n_ffn, n_state))

    def forward(self, x, self_k, self_v, cross_k, cross_v, mask):
        x = x + self.attn.attend(self.attn_ln(x), self_k, self_v, mask)
        x = x + self.cross.attend(self.cross_ln(x), cross_k, cross_v)
        return x + self.mlp(self.mlp_ln(x))


def _conv1d_as_matmul(x, conv, stride):
    """conv1d with kernel 3 and padding 1 as a sum of three matrix products: [B, C, T] → [B, T', C_out].

    Used in training only: torch 1.13's oneDNN conv1d backward (and Tensor.unfold's) returned
    garbage gradients on the development CPU (1e10..1e28 where float64 gives 1e-2, varying from run
    to run); strided slices and matmuls are exact. Inference and ONNX export use Conv1d."""
    padded = F.pad(x, (1, 1)).transpose(1, 2)  # [B, T + 2, C]
    steps = (x.shape[2] - 1) // stride + 1
    out = conv.bias
    for k in range(3):
        taps = padded[:, k : k + stride * (steps - 1) + 1 : stride]  # [B, T', C]
        out = out + taps @ conv.weight[:, :, k].T
    return out


class Encoder(nn.Module):
    def __init__(self, d: Dims):
        super().__init__()
        self.conv1 = nn.Conv1d(d.n_mels, d.n_state, 3, padding=1)
        self.conv2 = nn.Conv1d(d.n_state, d.n_state, 3, stride=2, padding=1)
        self.register_buffer("positions", sinusoids(d.n_audio_ctx, d.n_state))
        self.blocks = nn.ModuleList(EncoderBlock(d.n_state, d.n_head, d.n_ffn) for _ in range(d.n_encoder_layers))
        self.ln_post = LayerNorm(d.n_state)

    def forward(self, mel):
        if self.training:
            # float32 even under autocast: the stem's weight gradients are sums over thousands of
            # frames, which bfloat16 products get visibly wrong
            with torch.autocast("cpu", enabled=False):
                x = F.gelu(_conv1d_as_matmul(mel.to(self.conv1.weight.dtype), self.conv1, stride=1))
                x = F.gelu(_conv1d_as_matmul(x.transpose(1, 2), self.conv2, stride=2))
        else:
            x = F.gelu(self.conv1(mel))
            x = F.gelu(self.conv2(x)).transpose(1, 2)
        x = x + self.positions[: x.shape[1]]
        for block in self.blocks:
            x = block(x)
        return self.ln_post(x)


class Decoder(nn.Module):
    def __init__(self, d: Dims):
        super().__init__()
        self.token_embedding = nn.Embedding(d.n_vocab, d.n_state)
        # small init: the embedding is also the output layer, and N(0, 1) would start with huge logits
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        self.positional_embedding = nn.Parameter(torch.empty(d.n_text_ctx, d.n_state).normal_(0, 0.01))
        self.blocks = nn.ModuleList(DecoderBlock(d.n_state, d.n_head, d.n_ffn) for _ in range(d.n_decoder_layers))
        self.ln = LayerNorm(d.n_state)

    def cross_keys_values(self, audio):
        return [block.cross.keys_values(audio) for block in self.blocks]

    def forward(self, tokens, cross_kv, past=None):
        """tokens [B, S]; cross_kv per layer (k, v); past per layer (k, v) of earlier tokens or None.
        Returns logits [B, S, vocab] and the self-attention (k, v) per layer including these tokens."""
        offset = 0 if past is None else past[0][0].shape[2]
        s = tokens.shape[1]
        positions = self.positional_embedding[offset : offset + s]
        x = self.token_embedding(tokens) + positions
        # causal mask over [past + current] keys
        mask = torch.full((s, offset + s), float("-inf"), device=tokens.device).triu(offset + 1)
        present = []
        for i, block in enumerate(self.blocks):
            h = block.attn_ln(x)
            k, v = block.attn.keys_values(h)
            if past is not None:
                k = torch.cat([past[i][0], k], dim=2)
                v = torch.cat([past[i][1], v], dim=2)
            present.append((k, v))
            x = block(x, k, v, cross_kv[i][0], cross_kv[i][1], mask)
        x = self.ln(x)
        return x @ self.token_embedding.weight.T, present


class Whisper(nn.Module):
    def __init__(self, dims: Dims):
        super().__init__()
        self.dims = dims
        self.encoder = Encoder(dims)
        self.decoder = Decoder(dims)

    def forward(self, mel, tokens):
        audio = self.encoder(mel)
        logits, _ = self.decoder(tokens, self.decoder.cross_keys_values(audio))
        return audio, logits
