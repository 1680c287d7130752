"""The pool of spoken sentences that training windows are cut from, rendered in parallel.

Every utterance has its own seed derived from (seed, language, index), so the pool is the same
whatever the number of worker processes or the order they finish in.
"""
import random
from multiprocessing import Pool

import numpy as np

from .grammar import Grammar
from .speech import Voice, speak

_grammars = {}


def utterance_rng(seed, language, index):
    return random.Random(f"{seed}:{language}:{index}")


def _render(job):
    seed, language, index = job
    if language not in _grammars:
        _grammars[language] = Grammar(language)
    rng = utterance_rng(seed, language, index)
    sentence = _grammars[language].sentence(rng)
    u = speak(language, sentence, Voice.random(language, rng))
    if u is not None:
        u.audio = (u.audio * 32767).astype(np.int16)  # half the memory while pooled
    return u


def training_sentences(seed, languages, per_language):
    """The sentence texts of the training pool (cheap: no audio), so held-out sets can avoid them."""
    out = set()
    for language in languages:
        g = Grammar(language)
        for i in range(per_language):
            out.add(g.sentence(utterance_rng(seed, language, i)))
    return out


def render_pool(seed, languages, per_language, processes=2):
    jobs = [(seed, language, i) for language in languages for i in range(per_language)]
    with Pool(processes) as pool:
        rendered = pool.map(_render, jobs, chunksize=64)
    result = {language: [] for language in languages}
    for u in rendered:
        if u is not None:
            u.audio = u.audio.astype(np.float32) / 32767
            result[u.language].append(u)
    return result
