import { describe, expect, it } from 'vitest';
import { TranscribeError, WebGpuError } from './errors';

describe('TranscribeError', () => {
  it('carries the typed code and the info that crossed from the worker', () => {
    const error = new TranscribeError({ code: 'model-download', detail: 'Failed to fetch' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TranscribeError');
    expect(error.code).toBe('model-download');
    expect(error.info).toEqual({ code: 'model-download', detail: 'Failed to fetch' });
    expect(error.message).toBe('Transcription failed: model-download (Failed to fetch)');
    expect(new TranscribeError({ code: 'worker-crashed' }).message).toBe('Transcription failed: worker-crashed');
  });
});

describe('WebGpuError', () => {
  it('is the reason the WASM model reports, with the runtime words as its message', () => {
    const error = new WebGpuError('GPU device lost: destroyed');
    expect(error.code).toBe('webgpu-failed');
    expect(error.message).toBe('GPU device lost: destroyed');
  });
});
