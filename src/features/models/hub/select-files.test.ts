import { describe, expect, it } from 'vitest';
import { ModelsError } from '../errors';
import type { HubTreeEntry } from '../types';
import { selectModelFiles } from './select-files';

const sha = (c: string) => c.repeat(64);
const lfs = (path: string, size: number, c = 'a'): HubTreeEntry => ({ type: 'file', path, size: 134, oid: 'f'.repeat(40), lfs: { oid: sha(c), size } });
const plain = (path: string, size: number): HubTreeEntry => ({ type: 'file', path, size, oid: 'b'.repeat(40) });

const CONFIGS = [plain('config.json', 2000), plain('generation_config.json', 3000), plain('tokenizer.json', 2_000_000), plain('preprocessor_config.json', 300)];
const EXTRAS: HubTreeEntry[] = [plain('README.md', 5000), plain('.gitattributes', 1500), { type: 'directory', path: 'onnx', size: 0 }];

/** Like onnx-community/whisper-base: every dtype the exporter writes. */
const FULL = [
  ...CONFIGS,
  ...EXTRAS,
  ...['', '_fp16', '_quantized', '_int8', '_uint8', '_q4', '_q4f16', '_bnb4'].flatMap((suffix, i) => [
    lfs(`onnx/encoder_model${suffix}.onnx`, 1000 + i),
    lfs(`onnx/decoder_model_merged${suffix}.onnx`, 2000 + i),
  ]),
];

/** Like the project's test models: fp32 and q8 only. */
const TEST_MODEL = [
  ...CONFIGS,
  lfs('onnx/encoder_model.onnx', 8_202_332),
  lfs('onnx/encoder_model_quantized.onnx', 2_914_996),
  lfs('onnx/decoder_model_merged.onnx', 6_753_316),
  lfs('onnx/decoder_model_merged_quantized.onnx', 2_365_717),
];

const onnxOf = (files: { path: string }[]) => files.map((f) => f.path).filter((p) => p.startsWith('onnx/'));

describe('selectModelFiles', () => {
  it('WASM takes q8 for both sessions, plus the top-level configs and nothing else', () => {
    const selection = selectModelFiles(FULL, { device: 'wasm', shaderF16: false });
    expect(selection.dtype).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
    expect(onnxOf(selection.files)).toEqual(['onnx/decoder_model_merged_quantized.onnx', 'onnx/encoder_model_quantized.onnx']);
    expect(selection.files.map((f) => f.path).filter((p) => !p.startsWith('onnx/'))).toEqual([
      'config.json',
      'generation_config.json',
      'preprocessor_config.json',
      'tokenizer.json',
    ]);
    expect(selection.totalBytes).toBe(selection.files.reduce((s, f) => s + f.size, 0));
  });

  it('WebGPU: encoder fp16 with shader-f16, fp32 without; decoder q4', () => {
    expect(selectModelFiles(FULL, { device: 'webgpu', shaderF16: true }).dtype).toEqual({
      encoder_model: 'fp16',
      decoder_model_merged: 'q4',
    });
    expect(selectModelFiles(FULL, { device: 'webgpu', shaderF16: false }).dtype).toEqual({
      encoder_model: 'fp32',
      decoder_model_merged: 'q4',
    });
  });

  it('falls back to what the repo has: fp32 on WebGPU, q8 on WASM for the test models', () => {
    expect(selectModelFiles(TEST_MODEL, { device: 'webgpu', shaderF16: true }).dtype).toEqual({
      encoder_model: 'fp32',
      decoder_model_merged: 'fp32',
    });
    const wasm = selectModelFiles(TEST_MODEL, { device: 'wasm', shaderF16: false });
    expect(wasm.dtype).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
    expect(wasm.totalBytes).toBe(2_914_996 + 2_365_717 + 2000 + 3000 + 2_000_000 + 300);
  });

  it('honours a user dtype where the file exists, the device preference elsewhere', () => {
    const fp32 = selectModelFiles(TEST_MODEL, { device: 'wasm', shaderF16: false, dtype: 'fp32' });
    expect(fp32.dtype).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'fp32' });
    const q4 = selectModelFiles(TEST_MODEL, { device: 'wasm', shaderF16: false, dtype: 'q4' });
    expect(q4.dtype).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
    // fp16 on a GPU without shader-f16 cannot run: the override is ignored.
    expect(selectModelFiles(FULL, { device: 'webgpu', shaderF16: false, dtype: 'fp16' }).dtype.encoder_model).toBe('fp32');
  });

  it('adds external-data shards and tells transformers.js how many there are', () => {
    const tree = [
      ...CONFIGS,
      lfs('onnx/encoder_model.onnx', 600_000),
      lfs('onnx/encoder_model.onnx_data', 2_000_000_000, 'c'),
      lfs('onnx/encoder_model.onnx_data_1', 500_000_000, 'd'),
      lfs('onnx/decoder_model_merged_q4.onnx', 300_000_000),
      lfs('onnx/decoder_model_merged_q4.onnx_data', 10, 'e'),
      lfs('onnx/decoder_model_merged.onnx', 700_000_000),
    ];
    const selection = selectModelFiles(tree, { device: 'webgpu', shaderF16: false });
    expect(onnxOf(selection.files)).toEqual([
      'onnx/decoder_model_merged_q4.onnx',
      'onnx/decoder_model_merged_q4.onnx_data',
      'onnx/encoder_model.onnx',
      'onnx/encoder_model.onnx_data',
      'onnx/encoder_model.onnx_data_1',
    ]);
    expect(selection.externalData).toEqual({ 'encoder_model.onnx': 2, 'decoder_model_merged_q4.onnx': 1 });
  });

  it('takes integrity from the tree: sha256 for LFS files, the git blob sha1 for the rest', () => {
    const selection = selectModelFiles(TEST_MODEL, { device: 'wasm', shaderF16: false });
    const encoder = selection.files.find((f) => f.path === 'onnx/encoder_model_quantized.onnx')!;
    expect(encoder).toEqual({ path: 'onnx/encoder_model_quantized.onnx', size: 2_914_996, integrity: { kind: 'sha256', hex: sha('a') } });
    expect(selection.files.find((f) => f.path === 'config.json')!.integrity).toEqual({ kind: 'git-sha1', hex: 'b'.repeat(40) });
  });

  it('refuses a repo without a runnable session', () => {
    const noDecoder = () => selectModelFiles([...CONFIGS, lfs('onnx/encoder_model.onnx', 1)], { device: 'wasm', shaderF16: false });
    expect(noDecoder).toThrow(ModelsError);
    // The code the app translates ("cannot be used here"), and the reason it shows.
    expect(noDecoder).toThrow('unsupported: The repository has no ONNX file for decoder_model_merged that this device can run');
    expect(() => selectModelFiles([...CONFIGS, lfs('onnx/encoder_model_fp16.onnx', 1), lfs('onnx/decoder_model_merged_fp16.onnx', 1)], {
      device: 'webgpu',
      shaderF16: false,
    })).toThrow(/encoder_model/);
  });
});
