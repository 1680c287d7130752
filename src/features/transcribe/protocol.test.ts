import { describe, expect, it } from 'vitest';
import { isTranscribeRequest, isTranscribeResponse, type ModelInfo, type TranscribeResponse } from './protocol';

const info: ModelInfo = {
  repo: 'r',
  device: 'wasm',
  wasmReason: 'no-webgpu',
  fallbackDetail: null,
  dtypes: { encoder_model: 'q8', decoder_model_merged: 'q8' },
  wasmThreads: 2,
  isolated: true,
  multilingual: true,
  chunkLengthS: 10,
  samplingRate: 16000,
  languages: ['en', 'ru'],
  wordTimestamps: false,
  loadMs: 120,
};

describe('isTranscribeResponse', () => {
  it('accepts every message the worker sends', () => {
    const stats = { windows: 2, silentWindows: 0, encoderMs: [5], decoderMs: [1, 2], firstSegmentMs: 9, totalMs: 20, peakHeldSamples: 16000 };
    const messages: TranscribeResponse[] = [
      { type: 'load-progress', id: 1, loaded: 10, total: 100 },
      { type: 'loaded', id: 1, info },
      { type: 'fallback', id: 2, info },
      { type: 'language', id: 2, language: 'ru', probability: 0.94 },
      { type: 'partial', id: 2, text: 'при', startS: 10 },
      { type: 'segments', id: 2, segments: [{ start: 0, end: 1, text: 'привет' }], processedS: 10, receivedS: 20 },
      { type: 'done', id: 2, stats },
      { type: 'error', id: 2, error: { code: 'language-unsupported', language: 'kk' } },
    ];
    for (const message of messages) expect(isTranscribeResponse(message), message.type).toBe(true);
  });

  it('rejects malformed segments, infos and unknown errors', () => {
    expect(isTranscribeResponse({ type: 'segments', id: 1, segments: [{ start: '0', end: 1, text: '' }], processedS: 1, receivedS: 1 })).toBe(false);
    expect(isTranscribeResponse({ type: 'segments', id: 1, segments: [], processedS: 1 })).toBe(false);
    expect(isTranscribeResponse({ type: 'loaded', id: 1, info: { ...info, device: 'cuda' } })).toBe(false);
    expect(isTranscribeResponse({ type: 'error', id: 1, error: { code: 'oops' } })).toBe(false);
    expect(isTranscribeResponse({ type: 'done', id: 1 })).toBe(false);
  });
});

describe('isTranscribeRequest', () => {
  const engine = { device: 'auto', dtype: null, threads: null };
  it('checks load requests and their engine choice', () => {
    const model = { repo: 'a/b', revision: 'main' };
    expect(isTranscribeRequest({ type: 'load', id: 1, hubUrl: 'http://127.0.0.1:8090/', model, engine })).toBe(true);
    expect(isTranscribeRequest({ type: 'load', id: 1, hubUrl: 'x', model, engine: { ...engine, device: 'cpu' } })).toBe(false);
    expect(isTranscribeRequest({ type: 'load', id: 1, hubUrl: 'x', model: { repo: 'a/b' }, engine })).toBe(false);
  });

  it('checks transcribe requests and the audio stream', () => {
    const options = { language: null, task: 'transcribe' };
    expect(isTranscribeRequest({ type: 'transcribe', id: 1, sampleRate: 16000, options })).toBe(true);
    expect(isTranscribeRequest({ type: 'transcribe', id: 1, sampleRate: 16000, options, test: { forcedTokens: 90 } })).toBe(true);
    expect(isTranscribeRequest({ type: 'transcribe', id: 1, sampleRate: 16000, options: { language: 'ru', task: 'summarise' } })).toBe(false);
    expect(isTranscribeRequest({ type: 'audio', id: 1, startSample: 0, samples: new Int16Array(4) })).toBe(true);
    expect(isTranscribeRequest({ type: 'audio', id: 1, startSample: 0, samples: new Float32Array(4) })).toBe(false);
    expect(isTranscribeRequest({ type: 'audio-end', id: 1 })).toBe(true);
  });

  // vitest runs in mode `test`, where the worker honours the knobs and so checks them.
  it('checks the test knobs of a transcribe request', () => {
    const request = { type: 'transcribe', id: 1, sampleRate: 16000, options: { language: null, task: 'transcribe' } };
    expect(isTranscribeRequest({ ...request, test: { failWebGpuAfterWindows: 1, forcedTokens: null } })).toBe(true);
    expect(isTranscribeRequest({ ...request, test: {} })).toBe(true);
    expect(isTranscribeRequest({ ...request, test: { failWebGpuAfterWindows: '1' } })).toBe(false);
    expect(isTranscribeRequest({ ...request, test: 3 })).toBe(false);
  });
});
