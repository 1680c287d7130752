import { describe, expect, it } from 'vitest';
import { isTranscribeRequest, isTranscribeResponse, type TranscribeResponse } from './shared';

describe('isTranscribeResponse', () => {
  it('accepts every message the worker sends', () => {
    const messages: TranscribeResponse[] = [
      { type: 'load-progress', id: 1, loaded: 10, total: 100 },
      {
        type: 'loaded',
        id: 1,
        info: { repo: 'r', dtype: 'q8', multilingual: true, chunkLengthS: 10, samplingRate: 16000, languages: ['en', 'ru'], wasmThreads: 1 },
      },
      { type: 'language', id: 2, language: 'ru' },
      { type: 'segments', id: 2, segments: [{ start: 0, end: 1, text: 'привет' }], processedS: 10, totalS: 20 },
      { type: 'done', id: 2 },
      { type: 'error', id: 2, error: { code: 'language-unsupported', language: 'kk' } },
    ];
    for (const message of messages) expect(isTranscribeResponse(message), message.type).toBe(true);
  });

  it('rejects malformed segments and unknown errors', () => {
    expect(isTranscribeResponse({ type: 'segments', id: 1, segments: [{ start: '0', end: 1, text: '' }], processedS: 1, totalS: 1 })).toBe(false);
    expect(isTranscribeResponse({ type: 'segments', id: 1, segments: [], processedS: 1 })).toBe(false);
    expect(isTranscribeResponse({ type: 'error', id: 1, error: { code: 'oops' } })).toBe(false);
    expect(isTranscribeResponse({ type: 'done' })).toBe(false);
  });
});

describe('isTranscribeRequest', () => {
  it('checks load and transcribe requests', () => {
    expect(isTranscribeRequest({ type: 'load', id: 1, hubUrl: 'http://127.0.0.1:8090/', model: { repo: 'a/b', revision: 'main' } })).toBe(true);
    expect(isTranscribeRequest({ type: 'load', id: 1, hubUrl: 'x', model: { repo: 'a/b' } })).toBe(false);
    const pcm = new Float32Array(16);
    expect(isTranscribeRequest({ type: 'transcribe', id: 1, pcm, sampleRate: 16000, options: { language: null, task: 'transcribe' } })).toBe(true);
    expect(isTranscribeRequest({ type: 'transcribe', id: 1, pcm, sampleRate: 16000, options: { language: 'ru', task: 'summarise' } })).toBe(false);
    expect(isTranscribeRequest({ type: 'transcribe', id: 1, pcm: [0], sampleRate: 16000, options: { language: null, task: 'translate' } })).toBe(false);
  });
});
