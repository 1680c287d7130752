import { describe, expect, it } from 'vitest';
import { Tensor } from '@huggingface/transformers';
import { WebGpuError } from './errors';
import { NanGuard } from './window-run';

describe('NanGuard', () => {
  it('lets finite logits through untouched', () => {
    const logits = new Tensor('float32', new Float32Array([1, -Infinity, 3, 0]), [2, 2]);
    expect(new NanGuard()._call([[0n], [0n]], logits)).toBe(logits);
    expect(Array.from(logits.data as Float32Array)).toEqual([1, -Infinity, 3, 0]);
  });

  it('turns a NaN in any batch row into a WebGPU failure', () => {
    const logits = new Tensor('float32', new Float32Array([1, 2, 3, Number.NaN]), [2, 2]);
    expect(() => new NanGuard()._call([[0n], [0n]], logits)).toThrow(WebGpuError);
  });
});
