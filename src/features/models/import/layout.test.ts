import { describe, expect, it } from 'vitest';
import { ModelsError } from '../errors';
import { modelPath, rootOf, selectFromListing } from './layout';

const SHA = 'c'.repeat(64);
const file = (path: string, size = 1) => ({ path, size, sha256: SHA });
const WASM = { device: 'wasm' as const, shaderF16: false };

describe('model folder layout', () => {
  it('finds the model folder inside an archive from its first file', () => {
    expect(rootOf('config.json')).toBe('');
    expect(rootOf('onnx/encoder_model.onnx')).toBe('');
    expect(rootOf('whisper-base/config.json')).toBe('whisper-base/');
    expect(modelPath('whisper-base/onnx/x.onnx', 'whisper-base/')).toBe('onnx/x.onnx');
    expect(modelPath('other/x.onnx', 'whisper-base/')).toBeNull();
    expect(modelPath('./config.json', '')).toBe('config.json');
  });

  it('takes the precision this device prefers, and says what is missing', () => {
    const complete = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx', 'onnx/encoder_model.onnx'];
    const selection = selectFromListing(complete.map((p) => file(p)), WASM);
    expect(selection.files.map((f) => f.path)).not.toContain('onnx/encoder_model.onnx');
    expect(selection.files.every((f) => f.integrity.kind === 'sha256')).toBe(true);

    const noTokenizer = complete.filter((p) => p !== 'tokenizer.json');
    expect(() => selectFromListing(noTokenizer.map((p) => file(p)), WASM)).toThrow(/missing tokenizer.json/);
    const noDecoder = complete.filter((p) => !p.includes('decoder'));
    try {
      selectFromListing(noDecoder.map((p) => file(p)), WASM);
      throw new Error('accepted');
    } catch (error) {
      expect((error as ModelsError).code).toBe('layout');
    }
  });
});
