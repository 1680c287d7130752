import { describe, expect, it } from 'vitest';
import { PcmStore } from './pcm-store';

const chunk = (values: number[]) => new Int16Array(values);

describe('PcmStore', () => {
  it('reads windows across chunk borders as float32, shorter at the end', () => {
    const store = new PcmStore();
    store.append(chunk([0, 16384, -16384]), 0);
    store.append(chunk([8192, 32767]), 3);
    expect([...store.read(1, 3)]).toEqual([0.5, -0.5, 0.25]);
    expect(store.read(3, 10)).toHaveLength(2);
    expect(store.read(9, 4)).toHaveLength(0);
  });

  it('waits for enough audio, or for its end', async () => {
    const store = new PcmStore();
    let ready = false;
    const waiting = store.waitFor(4).then(() => (ready = true));
    store.append(chunk([1, 2]), 0);
    await Promise.resolve();
    expect(ready).toBe(false);
    store.append(chunk([3, 4]), 2);
    await waiting;
    expect(ready).toBe(true);

    const short = store.waitFor(100);
    store.end();
    await short;
    expect(store.ended).toBe(true);
    expect(store.length).toBe(4);
  });

  it('releases chunks that end before the read position and refuses to read them', () => {
    const store = new PcmStore();
    for (let i = 0; i < 4; i++) store.append(chunk([i, i, i]), i * 3);
    store.release(7);
    expect(store.heldSamples).toBe(6); // chunks starting at 6 and 9 remain
    expect([...store.read(8, 2)].map((v) => v * 32768)).toEqual([2, 3]);
    expect(() => store.read(5, 2)).toThrow(/released/);
  });

  it('refuses chunks out of order', () => {
    const store = new PcmStore();
    store.append(chunk([1]), 0);
    expect(() => store.append(chunk([1]), 5)).toThrow(/expected 1/);
  });
});
