import { describe, expect, it } from 'vitest';
import { PcmChunker, toInt16 } from './pcm-chunker';

function bytesOf(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

describe('PcmChunker', () => {
  it('cuts writes of any length, split mid-sample too, into 16-bit chunks in order', () => {
    const values = Array.from({ length: 11 }, (_, i) => (i - 5) / 8);
    const bytes = bytesOf(values);
    const chunks: { samples: number[]; start: number }[] = [];
    const chunker = new PcmChunker(4, (samples, start) => chunks.push({ samples: [...samples], start }));
    chunker.write(bytes.subarray(0, 3));
    chunker.write(bytes.subarray(3, 21));
    chunker.write(bytes.subarray(21));
    expect(chunks.map((c) => c.start)).toEqual([0, 4]);
    chunker.flush();
    expect(chunks.map((c) => c.start)).toEqual([0, 4, 8]);
    expect(chunks.flatMap((c) => c.samples)).toEqual(values.map((v) => v * 32768));
    expect(chunks.at(-1)!.samples).toHaveLength(3);
    expect(chunker.samples).toBe(11);
  });

  it('counts samples even when the receiver transfers (detaches) each chunk', () => {
    const starts: number[] = [];
    const chunker = new PcmChunker(2, (samples, start) => {
      starts.push(start);
      structuredClone(samples.buffer, { transfer: [samples.buffer] });
    });
    chunker.write(bytesOf([0.1, 0.2, 0.3, 0.4, 0.5]));
    chunker.flush();
    expect(starts).toEqual([0, 2, 4]);
    expect(chunker.samples).toBe(5);
  });

  it('drops a trailing partial sample and emits nothing for an empty stream', () => {
    const chunks: Int16Array[] = [];
    const chunker = new PcmChunker(4, (samples) => chunks.push(samples));
    chunker.flush();
    expect(chunks).toHaveLength(0);
    chunker.write(bytesOf([0.5]));
    chunker.write(new Uint8Array([1, 2]));
    chunker.flush();
    expect(chunks.map((c) => [...c])).toEqual([[16384]]);
  });
});

describe('toInt16', () => {
  it('rounds and clamps', () => {
    expect(toInt16(0)).toBe(0);
    expect(toInt16(-1)).toBe(-32768);
    expect(toInt16(1.2)).toBe(32767);
    expect(toInt16(-1.5)).toBe(-32768);
    expect(toInt16(1 / 32768 * 0.6)).toBe(1);
  });
});
