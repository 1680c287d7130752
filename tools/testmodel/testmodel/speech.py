"""Spoken sentences with word times: espeak-ng audio resampled to 16 kHz, silence trimmed."""
import random
from dataclasses import dataclass

import numpy as np
from scipy.signal import resample_poly

from .espeak import ESPEAK_RATE, Espeak

SAMPLE_RATE = 16000
VOICES = {
    "en": ["en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029"],
    "ru": ["ru", "ru-lv"],
}
VARIANTS = ["", "+m1", "+m2", "+m3", "+m4", "+m5", "+m7", "+f1", "+f2", "+f3", "+f4", "+klatt", "+klatt3"]


@dataclass
class Utterance:
    language: str
    words: list  # the sentence's words
    audio: np.ndarray  # float32, 16 kHz, starts and ends with speech
    starts: np.ndarray  # seconds from the start of `audio`, one per word
    ends: np.ndarray

    @property
    def duration(self):
        return len(self.audio) / SAMPLE_RATE


@dataclass
class Voice:
    name: str
    rate_wpm: int = 170
    pitch: int = 50
    pitch_range: int = 50
    word_gap: int = 0

    @staticmethod
    def random(language, rng: random.Random):
        return Voice(
            name=rng.choice(VOICES[language]) + rng.choice(VARIANTS),
            rate_wpm=rng.randint(135, 205),
            pitch=rng.randint(25, 75),
            pitch_range=rng.randint(25, 80),
            word_gap=rng.choice([0, 0, 0, 1, 2]),
        )


_engine = None


def speak(language, sentence, voice: Voice):
    """Synthesises one sentence; None if espeak-ng's word events do not line up with the words."""
    global _engine
    if _engine is None:
        _engine = Espeak()
    raw, events = _engine.synth(sentence, voice.name, voice.rate_wpm, voice.pitch, voice.pitch_range, voice.word_gap)
    words = sentence.split()
    events = [e for e in events if e[1] > 0]
    if len(events) != len(words) or len(raw) == 0:
        return None
    audio = resample_poly(raw.astype(np.float32) / 32768.0, SAMPLE_RATE, ESPEAK_RATE).astype(np.float32)
    loud = np.flatnonzero(np.abs(audio) > 0.02 * np.abs(audio).max())
    first, last = loud[0], loud[-1] + 1
    audio = audio[first:last]
    lead = first / SAMPLE_RATE
    starts = np.clip(np.array([e[2] for e in events]) - lead, 0.0, None)
    ends = np.append(starts[1:], len(audio) / SAMPLE_RATE)
    return Utterance(language, words, audio, starts, ends)
