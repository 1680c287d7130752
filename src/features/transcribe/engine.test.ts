import { describe, expect, it } from 'vitest';
import { chooseDevice, chooseDtypes, supportsWordTimestamps, wasmThreads } from './engine';

describe('chooseDevice', () => {
  it('takes WebGPU when an adapter exists, unless WASM was chosen', () => {
    expect(chooseDevice('auto', { adapter: true, shaderF16: false })).toEqual({ device: 'webgpu', reason: null });
    expect(chooseDevice('webgpu', { adapter: true, shaderF16: true })).toEqual({ device: 'webgpu', reason: null });
    expect(chooseDevice('wasm', { adapter: true, shaderF16: true })).toEqual({ device: 'wasm', reason: 'chosen' });
  });

  it('falls back to WASM without an adapter, and says so', () => {
    expect(chooseDevice('auto', { adapter: false, shaderF16: false })).toEqual({ device: 'wasm', reason: 'no-webgpu' });
    expect(chooseDevice('webgpu', { adapter: false, shaderF16: false })).toEqual({ device: 'wasm', reason: 'no-webgpu' });
  });
});

/** The same dtypes stored for both sessions. */
const both = (dtypes: readonly string[]) => ({ encoder_model: dtypes, decoder_model_merged: dtypes });

describe('chooseDtypes', () => {
  const all = ['fp32', 'fp16', 'q8', 'q4'];
  it('WASM: q8 when present, else fp32', () => {
    expect(chooseDtypes(both(all), 'wasm', true)).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
    expect(chooseDtypes(both(['fp32']), 'wasm', true)).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'fp32' });
  });

  it('WebGPU: fp16 encoder only with shader-f16, q4 decoder when present', () => {
    expect(chooseDtypes(both(all), 'webgpu', true)).toEqual({ encoder_model: 'fp16', decoder_model_merged: 'q4' });
    expect(chooseDtypes(both(all), 'webgpu', false)).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'q4' });
    expect(chooseDtypes(both(['fp32', 'q8']), 'webgpu', true)).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'fp32' });
  });

  it('takes only what is stored: a model downloaded for WASM (q8 only) still loads on WebGPU', () => {
    expect(chooseDtypes(both(['q8']), 'webgpu', true)).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
    // Without shader-f16 transformers.js refuses fp16 weights, so the encoder takes the stored q4.
    expect(chooseDtypes(both(['fp16', 'q4']), 'webgpu', false)).toEqual({ encoder_model: 'q4', decoder_model_merged: 'q4' });
  });
});

describe('wasmThreads', () => {
  it('uses every core only when the page is cross-origin isolated', () => {
    expect(wasmThreads(true, 8, null)).toBe(8);
    expect(wasmThreads(true, 8, 1)).toBe(1);
    expect(wasmThreads(false, 8, 4)).toBe(1);
  });
});

describe('supportsWordTimestamps', () => {
  it('needs alignment heads and cross-attention outputs', () => {
    const outputs = ['logits', 'present.0.decoder.key', 'cross_attentions.0', 'cross_attentions.1'];
    expect(supportsWordTimestamps([[2, 1], [3, 0]], outputs)).toBe(true);
    expect(supportsWordTimestamps(undefined, outputs)).toBe(false);
    expect(supportsWordTimestamps([], outputs)).toBe(false);
    expect(supportsWordTimestamps([[2, 1]], ['logits', 'present.0.decoder.key'])).toBe(false);
  });
});
