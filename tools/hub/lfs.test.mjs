// @ts-check
import { describe, expect, it } from 'vitest';
import { LFS_SIZE_THRESHOLD, isLfsFile, lfsPointerSize } from './lfs.mjs';

describe('isLfsFile', () => {
  it.each([
    'onnx/encoder_model.onnx',
    'onnx/decoder_model_merged_q4.onnx',
    'model.onnx_data',
    'onnx/model.onnx_data_1',
    'weights_data',
    'pytorch_model.bin',
    'model.safetensors',
    'flax_model.msgpack',
    'tf_model.h5',
    'saved_model.pb',
    'MODEL.ONNX',
  ])('%s is LFS', (path) => {
    expect(isLfsFile(path, 10)).toBe(true);
  });

  it.each(['config.json', 'tokenizer.json', 'onnx/README.md', 'merges.txt', 'data', '.onnx'])('%s is a plain git file', (path) => {
    expect(isLfsFile(path, 10)).toBe(false);
  });

  it('puts any file of 10 MiB or more in LFS', () => {
    expect(isLfsFile('tokenizer.json', LFS_SIZE_THRESHOLD - 1)).toBe(false);
    expect(isLfsFile('tokenizer.json', LFS_SIZE_THRESHOLD)).toBe(true);
  });
});

describe('lfsPointerSize', () => {
  it('is 134 for sizes with 9 digits, as commonly seen on the Hub', () => {
    expect(lfsPointerSize('0'.repeat(64), 151_061_672)).toBe(134);
    expect(lfsPointerSize('0'.repeat(64), 3_145_851)).toBe(132);
  });
});
