"""Training windows: a stretch of a spoken "stream" (sentences separated by pauses) and its target.

A window may start in silence or in the middle of a sentence and may end mid-sentence, as the
windows of long-form transcription do. The target follows Whisper's protocol:
<|startoftranscript|> <|lang|> <|transcribe|> then either <|notimestamps|> and the words, or for
each sentence <|start|> words <|end|>, and finally <|endoftext|>. Words cut by either edge of the
window are left out; a window with no whole word yields <|0.00|> <|endoftext|>.
"""
from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

from .speech import SAMPLE_RATE


@dataclass
class Example:
    audio: np.ndarray  # float32 [window samples]
    tokens: list  # full sequence from <|startoftranscript|> to <|endoftext|>
    lang_trained: bool  # False when the language token was swapped (do not learn to predict it)
    words: list  # the whole words in the window, in order (the CTC loss spells them)


def _noise(n, rng: np.random.Generator):
    white = rng.standard_normal(n).astype(np.float32)
    if rng.random() < 0.5:
        return white
    # red noise (a leaky integrator of white noise): hum-like low-frequency background
    red = lfilter([1.0], [1.0, -0.995], white)
    return (red / (red.std() + 1e-6)).astype(np.float32)


def compose(pool, tokenizer, window_s, rng: np.random.Generator, *, p_silence=0.04, p_no_timestamps=0.2, p_wrong_language=0.1, p_speech_ends=0.0):
    """pool: {language: [Utterance]}. Returns an Example.

    p_speech_ends: the share of windows whose stream of sentences stops at a random time, so the
    window ends in silence of any length, as a recording's last window does (otherwise a sentence
    follows every pause of at most 2.5 s, and the model learns to expect one and makes it up).
    """
    n = int(window_s * SAMPLE_RATE)
    language = tokenizer.languages[rng.integers(len(tokenizer.languages))]
    utterances = pool[language]
    audio = np.zeros(n, np.float32)
    segments = []  # (start_s, [word], end_s)

    if rng.random() >= p_silence:
        t = -rng.uniform(0.0, 4.0) if rng.random() < 0.45 else rng.uniform(0.0, 2.5)
        speech_ends = window_s
        if p_speech_ends and rng.random() < p_speech_ends:  # no draw at 0: earlier recipes' windows stay the same
            speech_ends = rng.uniform(0.0, window_s)
        while t < speech_ends:
            u = utterances[rng.integers(len(utterances))]
            gain = rng.uniform(0.3, 1.0)
            start = int(round(t * SAMPLE_RATE))
            lo, hi = max(0, start), min(n, start + len(u.audio))
            if hi > lo:
                audio[lo:hi] += gain * u.audio[lo - start : hi - start]
            inside = [(t + s, t + e, w) for s, e, w in zip(u.starts, u.ends, u.words) if t + s >= 0.0 and t + e <= window_s + 0.02]
            # only a run of consecutive whole words makes a segment (the edges cut the rest)
            if inside:
                segments.append((inside[0][0], [w for _, _, w in inside], min(inside[-1][1], window_s)))
            t += u.duration + rng.uniform(0.3, 2.5)

    peak = np.abs(audio).max()
    if peak > 0:
        audio *= rng.uniform(0.1, 0.9) / peak
    if rng.random() < 0.7:
        level = (np.sqrt(np.mean(audio**2)) if peak > 0 else 0.05) * 10 ** (-rng.uniform(15, 40) / 20)
        audio += level * _noise(n, rng)

    lang_token = tokenizer.lang_ids[language]
    lang_trained = True
    if rng.random() < p_wrong_language:
        others = [tokenizer.lang_ids[l] for l in tokenizer.languages if l != language]
        lang_token = others[rng.integers(len(others))]
        lang_trained = False
    tokens = [tokenizer.sot, lang_token, tokenizer.transcribe]
    all_words = [w for _, words, _ in segments for w in words]
    if rng.random() < p_no_timestamps:
        tokens += [tokenizer.no_timestamps] + tokenizer.encode_words(all_words)
    elif not segments:
        tokens += [tokenizer.timestamp(0.0)]
    else:
        for start, words, end in segments:
            tokens += [tokenizer.timestamp(start)] + tokenizer.encode_words(words) + [tokenizer.timestamp(end)]
    tokens.append(tokenizer.eot)
    return Example(audio, tokens, lang_trained, all_words)
