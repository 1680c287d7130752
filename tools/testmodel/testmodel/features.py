"""Whisper's log-mel front end, computed as transformers.js's WhisperFeatureExtractor computes it.

Same steps, same order: pad/cut the waveform to the window (n_samples), centred STFT with reflect
padding and a periodic Hann window of n_fft, power spectrum, Slaney-normalised Slaney-scale mel
filters from 0 to 8 kHz, keep n_samples / hop_length frames (the last, centred-padding frame is
dropped), log10 clamped at 1e-10, floor at (max - 8), then (x + 4) / 4. A check in
tools/testmodel/testmodel.test.mjs compares this with transformers.js on the same audio.
"""
import numpy as np
import torch

from .dims import HOP, N_FFT, N_MELS, SAMPLE_RATE


def _hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    mel = 3.0 * f / 200.0
    log_region = f >= 1000.0
    return np.where(log_region, 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0), mel)


def _mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f = 200.0 * m / 3.0
    log_region = m >= 15.0
    return np.where(log_region, 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0)), f)


def mel_filters(n_mels=N_MELS, n_fft=N_FFT, sr=SAMPLE_RATE, fmin=0.0, fmax=8000.0):
    """[n_freq, n_mels] triangular filters, Slaney scale and area normalisation (librosa/transformers.js)."""
    n_freq = n_fft // 2 + 1
    fft_freqs = np.linspace(0, sr // 2, n_freq)
    mel_points = np.linspace(_hz_to_mel(fmin), _hz_to_mel(fmax), n_mels + 2)
    filter_freqs = _mel_to_hz(mel_points)
    fdiff = np.diff(filter_freqs)
    slopes = filter_freqs[None, :] - fft_freqs[:, None]
    down = -slopes[:, :-2] / fdiff[:-1]
    up = slopes[:, 2:] / fdiff[1:]
    filters = np.maximum(0.0, np.minimum(down, up))
    enorm = 2.0 / (filter_freqs[2 : n_mels + 2] - filter_freqs[:n_mels])
    return (filters * enorm[None, :]).astype(np.float32)


class LogMel(torch.nn.Module):
    def __init__(self, n_samples):
        super().__init__()
        self.n_samples = n_samples
        self.n_frames = n_samples // HOP
        self.register_buffer("window", torch.hann_window(N_FFT, periodic=True))
        self.register_buffer("filters", torch.from_numpy(mel_filters()).T.contiguous())

    @torch.no_grad()
    def forward(self, audio):
        """audio: [batch, samples] float32 at 16 kHz (padded or cut to the window) → [batch, 80, frames]."""
        if audio.shape[-1] < self.n_samples:
            audio = torch.nn.functional.pad(audio, (0, self.n_samples - audio.shape[-1]))
        audio = audio[..., : self.n_samples]
        spec = torch.stft(audio, N_FFT, HOP, window=self.window, center=True, pad_mode="reflect", return_complex=True)
        power = spec[..., : self.n_frames].abs() ** 2
        mel = self.filters @ power
        log = torch.clamp(mel, min=1e-10).log10()
        floor = log.amax(dim=(-2, -1), keepdim=True) - 8.0
        return (torch.maximum(log, floor) + 4.0) / 4.0
