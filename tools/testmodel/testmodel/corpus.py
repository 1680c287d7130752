"""The pool of spoken sentences that training windows are cut from, rendered in parallel.

Every utterance has its own seed derived from (seed, language, index), and every block of 64 is
spoken by a fresh espeak-ng engine, so the pool is the same whatever the number of worker processes
or the order they finish in. A rendered pool is kept in work/pool-cache ($TESTMODEL_POOL_CACHE if
set), keyed by the seed, the size and the text of the grammars and of the speech code, so the
later phases of a retrain do not synthesise the same 16000 sentences again (about 30 s of two idle
cores each time, 8 minutes on a loaded machine).
"""
import hashlib
import os
import pickle
import random
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from .grammar import GRAMMAR_DIR, Grammar
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


CACHE_DIR = Path(os.environ.get("TESTMODEL_POOL_CACHE", Path(__file__).resolve().parent.parent / "work" / "pool-cache"))
_SOURCES = [Path(__file__).resolve().parent / name for name in ("corpus.py", "speech.py", "espeak.py", "grammar.py")]


def _cache_path(seed, languages, per_language):
    key = hashlib.sha256(repr((seed, tuple(languages), per_language)).encode())
    for path in _SOURCES + [GRAMMAR_DIR / f"{language}.txt" for language in languages]:
        key.update(path.read_bytes())
    return CACHE_DIR / f"pool-{seed}-{per_language}-{key.hexdigest()[:16]}.pickle"


def render_pool(seed, languages, per_language, processes=2):
    cache = _cache_path(seed, languages, per_language)
    if cache.exists():
        with cache.open("rb") as f:
            rendered = pickle.load(f)
    else:
        rendered = _render_all(seed, languages, per_language, processes)
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(".partial")
        with partial.open("wb") as f:
            pickle.dump(rendered, f, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cache)  # whole or absent, even if this run is stopped while writing
    result = {language: [] for language in languages}
    for u in rendered:
        if u is not None:
            u.audio = u.audio.astype(np.float32) / 32767
            result[u.language].append(u)
    return result


# espeak-ng's output depends on what the same engine spoke before (the same sentence twice in a
# row differs by a few samples: state kept inside the library, not rand()), so each block of
# utterances is rendered by a fresh process (forked from one that never loaded espeak-ng): an
# utterance then depends only on its block, not on the number of processes or on which process was
# free first (measured before this: two renders of the 16000-sentence pool with two processes
# differed in 15386 utterances).
_BLOCK = 64


def _render_all(seed, languages, per_language, processes):
    jobs = [(seed, language, i) for language in languages for i in range(per_language)]
    with Pool(processes, maxtasksperchild=1) as pool:
        return pool.map(_render, jobs, chunksize=_BLOCK)
