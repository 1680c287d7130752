import { describe, expect, it } from 'vitest';
import { parseCacheKey } from './keys';

const env = { remoteHost: 'http://127.0.0.1:18090/', localModelPath: '/models/' };

describe('parseCacheKey', () => {
  it('reads the remote-URL shape, revision included', () => {
    expect(parseCacheKey('http://127.0.0.1:18090/testmodels/whisper-synth/resolve/0123abc/onnx/encoder_model.onnx', env)).toEqual({
      repo: 'testmodels/whisper-synth',
      revision: '0123abc',
      path: 'onnx/encoder_model.onnx',
    });
  });

  it('decodes an encoded revision', () => {
    expect(parseCacheKey('http://127.0.0.1:18090/o/m/resolve/refs%2Fpr%2F1/config.json', env)?.revision).toBe('refs/pr/1');
  });

  it('reads the local-path shape, which carries no revision', () => {
    expect(parseCacheKey('/models/onnx-community/whisper-base.en/onnx/decoder_model_merged_q4.onnx', env)).toEqual({
      repo: 'onnx-community/whisper-base.en',
      revision: null,
      path: 'onnx/decoder_model_merged_q4.onnx',
    });
  });

  it('works with a host that has a path and no trailing slash', () => {
    expect(parseCacheKey('https://mirror.example/hf/o/m/resolve/main/config.json', { remoteHost: 'https://mirror.example/hf', localModelPath: '/models' })).toEqual({
      repo: 'o/m',
      revision: 'main',
      path: 'config.json',
    });
  });

  it('ignores other keys: another host, no resolve segment, a bare repo', () => {
    expect(parseCacheKey('https://huggingface.co/o/m/resolve/main/config.json', env)).toBeNull();
    expect(parseCacheKey('http://127.0.0.1:18090/o/m/config.json', env)).toBeNull();
    expect(parseCacheKey('/models/config.json', env)).toBeNull();
  });
});
