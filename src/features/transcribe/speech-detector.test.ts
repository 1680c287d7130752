import { describe, expect, it } from 'vitest';
import { speechRegions } from './speech-detector';

const RATE = 16_000;

/** Deterministic white noise at a given RMS level (dBFS). */
function noise(seconds: number, db: number, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const amp = 10 ** (db / 20) * Math.sqrt(3);
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = (x / 2 ** 30 - 1) * amp;
  }
  return out;
}

/** A "syllable" train: 150 ms bursts of a harmonic tone every 250 ms, like voiced speech. */
function syllables(seconds: number, db: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const amp = 10 ** (db / 20) * Math.SQRT2;
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    if (t % 0.25 < 0.15) out[i] = amp * Math.sin(2 * Math.PI * 140 * t) * 0.6 + amp * 0.4 * Math.sin(2 * Math.PI * 420 * t);
  }
  return out;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function mix(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v + (b[i] ?? 0));
}

describe('speechRegions', () => {
  it('finds nothing in digital silence or in steady hiss of any level', () => {
    expect(speechRegions(new Float32Array(10 * RATE), RATE)).toEqual([]);
    expect(speechRegions(noise(10, -60), RATE)).toEqual([]);
    expect(speechRegions(noise(10, -25), RATE)).toEqual([]);
  });

  it('places speech after silence to within a frame, even over a noise floor', () => {
    const signal = concat(new Float32Array(3.5 * RATE), syllables(2, -20), new Float32Array(4.5 * RATE));
    const regions = speechRegions(mix(signal, noise(10, -55)), RATE);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.startS).toBeCloseTo(3.5, 1);
    expect(regions[0]!.endS).toBeGreaterThan(5.3);
    expect(regions[0]!.endS).toBeLessThan(5.6);
  });

  it('keeps two utterances apart when the pause between them is long', () => {
    const signal = concat(syllables(1, -20), new Float32Array(2 * RATE), syllables(1, -20));
    const regions = speechRegions(signal, RATE);
    expect(regions.map((r) => Math.round(r.startS * 10) / 10)).toEqual([0, 3]);
  });

  it('ignores a single click', () => {
    const signal = new Float32Array(5 * RATE);
    for (let i = 0; i < 0.03 * RATE; i++) signal[2 * RATE + i] = 0.5;
    expect(speechRegions(signal, RATE)).toEqual([]);
  });
});
