import { describe, expect, it } from 'vitest';
import { isMediaRequest, isMediaResponse, type MediaResponse } from './protocol';

const info = {
  sampleRate: 16000,
  decodedS: 1,
  durationS: 1,
  stream: { specifier: '0:0', audioIndex: 0, codec: 'aac', sampleRate: 44100, channels: 2, language: null },
  audioStreamCount: 1,
  truncated: false,
};

describe('isMediaResponse', () => {
  it('accepts every message the worker sends', () => {
    const messages: MediaResponse[] = [
      { type: 'progress', id: 1, processedS: 2.5, durationS: 10 },
      { type: 'progress', id: 1, processedS: 2.5, durationS: null },
      { type: 'pcm', id: 1, startSample: 0, samples: new Int16Array(4) },
      { type: 'decoded', id: 1, info },
      { type: 'probed', id: 1, info: { durationS: 1, stream: info.stream, audioStreamCount: 1 } },
      { type: 'error', id: 1, error: { code: 'no-audio', detail: 'Stream map matches no streams' } },
    ];
    for (const message of messages) expect(isMediaResponse(message), message.type).toBe(true);
  });

  it('rejects malformed or foreign messages', () => {
    for (const bad of [
      null,
      'progress',
      { type: 'progress', processedS: 1, durationS: 1 },
      { type: 'progress', id: 1, processedS: '1', durationS: 1 },
      { type: 'pcm', id: 1, startSample: 0, samples: new Float32Array(4) },
      { type: 'decoded', id: 1, info: null },
      { type: 'error', id: 1, error: { code: 'kaput' } },
      { type: 'hello', id: 1 },
    ]) {
      expect(isMediaResponse(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('isMediaRequest', () => {
  it('needs a Blob and a name', () => {
    expect(isMediaRequest({ type: 'decode', id: 1, file: new Blob(['x']), name: 'a.mp4' })).toBe(true);
    expect(isMediaRequest({ type: 'probe', id: 1, file: new Blob(['x']), name: 'a.mp4' })).toBe(true);
    expect(isMediaRequest({ type: 'transcode', id: 1, file: new Blob(['x']), name: 'a.mp4' })).toBe(false);
    expect(isMediaRequest({ type: 'decode', id: 1, file: 'a.mp4', name: 'a.mp4' })).toBe(false);
    expect(isMediaRequest({ type: 'decode', id: 1, file: new Blob(['x']) })).toBe(false);
  });
});
