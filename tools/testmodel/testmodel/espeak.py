"""espeak-ng through its C library, so that every word's start time comes with the audio.

The command line tool can write a WAV but says nothing about where the words fall; the library
reports a WORD event with the audio position of each word, which is what the training targets
(segment and word timestamps) and the test media JSON need.
"""
import ctypes
import ctypes.util

import numpy as np

ESPEAK_RATE = 22050  # espeak-ng always synthesises at 22.05 kHz

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EVENT_WORD = 1
_EVENT_LIST_TERMINATED = 0
_PARAM_RATE = 1
_PARAM_PITCH = 3
_PARAM_RANGE = 4
_PARAM_WORDGAP = 7


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


class Espeak:
    """One initialised espeak-ng engine (the library is process-global: make one per process)."""

    def __init__(self):
        path = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        self._lib = ctypes.CDLL(path)
        rate = self._lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 500, None, 0)
        if rate != ESPEAK_RATE:
            raise RuntimeError(f"espeak-ng initialised at {rate} Hz, expected {ESPEAK_RATE}")
        self._chunks = []
        self._words = []
        self._callback = _CALLBACK(self._on_audio)  # kept referenced: the library calls it later
        self._lib.espeak_SetSynthCallback(self._callback)

    def _on_audio(self, wav, count, events):
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            if events[i].type == _EVENT_WORD:
                self._words.append((events[i].text_position, events[i].length, events[i].audio_position))
            i += 1
        return 0

    def synth(self, text, voice, rate_wpm=175, pitch=50, pitch_range=50, word_gap=0):
        """Speaks `text`; returns (int16 samples at 22.05 kHz, [(char_index, char_length, start_s)])."""
        if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice {voice!r}")
        self._lib.espeak_SetParameter(_PARAM_RATE, int(rate_wpm), 0)
        self._lib.espeak_SetParameter(_PARAM_PITCH, int(pitch), 0)
        self._lib.espeak_SetParameter(_PARAM_RANGE, int(pitch_range), 0)
        self._lib.espeak_SetParameter(_PARAM_WORDGAP, int(word_gap), 0)
        self._chunks, self._words = [], []
        data = text.encode("utf-8") + b"\0"
        err = self._lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if err != 0:
            raise RuntimeError(f"espeak_Synth failed with {err}")
        self._lib.espeak_Synchronize()
        audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        # text_position counts characters from 1
        words = [(pos - 1, length, ms / 1000.0) for pos, length, ms in self._words]
        return audio, words
