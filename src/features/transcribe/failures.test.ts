import { describe, expect, it } from 'vitest';
import { ModelFileNotFoundError } from '@huggingface/transformers';
import { TranscribeError, WebGpuError } from './errors';
import { loadFailure, transcribeFailure, webGpuLoadFallback, windowFailure } from './failures';

describe('loadFailure', () => {
  it('keeps the verdict of a TranscribeError', () => {
    const info = { code: 'model-unsupported', detail: 'no chunk_length' } as const;
    expect(loadFailure(new TranscribeError(info), 'a/b')).toEqual(info);
  });

  it('tells missing files, failed reads and memory apart', () => {
    expect(loadFailure(new ModelFileNotFoundError('a/b@c has no ONNX weights'), 'a/b')).toEqual({
      code: 'model-not-found',
      detail: 'a/b@c has no ONNX weights',
    });
    expect(loadFailure(new TypeError('Failed to fetch'), 'a/b').code).toBe('model-download');
    expect(loadFailure(new Error('An error occurred while trying to load file "x"'), 'a/b').code).toBe('model-download');
    expect(loadFailure(new Error('HTTP status 503'), 'a/b').code).toBe('model-download');
    expect(loadFailure(new Error('Out of memory'), 'a/b')).toEqual({ code: 'out-of-memory', detail: 'Out of memory' });
    expect(loadFailure(new RangeError('Array buffer allocation failed'), 'a/b').code).toBe('out-of-memory');
  });

  it('names the repo of a model the runtime cannot run, whatever was thrown', () => {
    expect(loadFailure(new Error('Unsupported op Foo'), 'a/b')).toEqual({ code: 'model-unsupported', detail: 'a/b: Unsupported op Foo' });
    expect(loadFailure('weird', 'a/b')).toEqual({ code: 'model-unsupported', detail: 'a/b: weird' });
  });
});

describe('transcribeFailure', () => {
  it('keeps a TranscribeError, spots memory, and calls anything else a failed transcription', () => {
    expect(transcribeFailure(new TranscribeError({ code: 'language-unsupported', language: 'kk' }))).toEqual({
      code: 'language-unsupported',
      language: 'kk',
    });
    expect(transcribeFailure(new Error('memory access out of bounds')).code).toBe('out-of-memory');
    expect(transcribeFailure(new Error('boom'))).toEqual({ code: 'transcribe-failed', detail: 'boom' });
    expect(transcribeFailure(42)).toEqual({ code: 'transcribe-failed', detail: '42' });
  });
});

describe('webGpuLoadFallback', () => {
  it('falls back for WebGPU trouble, with the runtime words as the detail', () => {
    expect(webGpuLoadFallback(new Error('no available backend found'))).toBe('no available backend found');
  });

  it('does not fall back where every device would fail alike', () => {
    expect(webGpuLoadFallback(new ModelFileNotFoundError('gone'))).toBeNull();
    expect(webGpuLoadFallback(new TranscribeError({ code: 'model-unsupported' }))).toBeNull();
  });
});

describe('windowFailure', () => {
  it('blames WebGPU for anything but the app’s own verdict on WebGPU', () => {
    const failure = windowFailure(new Error('GPU validation error'), 'webgpu');
    expect(failure).toBeInstanceOf(WebGpuError);
    expect(failure).toMatchObject({ message: 'GPU validation error' });
    const nan = new WebGpuError('NaN in the model output');
    expect(windowFailure(nan, 'webgpu')).toBe(nan);
    const verdict = new TranscribeError({ code: 'transcribe-failed' });
    expect(windowFailure(verdict, 'webgpu')).toBe(verdict);
  });

  it('leaves WASM failures as they are', () => {
    const error = new Error('wasm trap');
    expect(windowFailure(error, 'wasm')).toBe(error);
  });
});
