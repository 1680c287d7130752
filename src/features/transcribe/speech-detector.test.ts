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

/**
 * Speech-like sound: 250 ms syllables of a voiced sound whose pitch glides and whose formants
 * (the harmonics that are loud) move from vowel to vowel, each begun by a short hiss (a consonant).
 */
function syllables(seconds: number, db: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  const amp = 10 ** (db / 20) * 0.8;
  const vowels = [[700, 1200], [300, 2300], [500, 900], [400, 1900]];
  const hiss = noise(seconds, db - 6, 7);
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const syllable = Math.floor(t / 0.25);
    const within = t % 0.25;
    if (within < 0.04) {
      out[i] = hiss[i]! - (hiss[i - 1] ?? 0); // crude high-pass: a fricative
      continue;
    }
    if (within > 0.2) continue;
    const [f1, f2] = vowels[syllable % vowels.length]!;
    const f0 = 110 + 60 * Math.sin(2 * Math.PI * 1.3 * t) + 40 * (within / 0.25);
    phase += (2 * Math.PI * f0) / RATE;
    let v = 0;
    for (let h = 1; h * f0 < 4000; h++) {
      const f = h * f0;
      const gain = 1 / (1 + ((f - f1!) / 150) ** 2) + 0.6 / (1 + ((f - f2!) / 200) ** 2);
      v += gain * Math.sin(h * phase);
    }
    out[i] = amp * v;
  }
  return out;
}

/** Chords plucked twice a second: loud and rhythmic, but the spectral shape holds still. */
function chords(seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const root = [261.63, 220, 174.61, 196][Math.floor(t / 2) % 4]!;
    let v = 0;
    for (const f of [root, root * 1.26, root * 1.5]) v += Math.sin(2 * Math.PI * f * t) + 0.4 * Math.sin(4 * Math.PI * f * t);
    out[i] = 0.1 * Math.exp(-4 * (t % 0.5)) * v;
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

  it('takes loud, rhythmic chords for music, not speech', () => {
    expect(speechRegions(mix(chords(10), noise(10, -60)), RATE)).toEqual([]);
    // …but still finds speech that follows them.
    const signal = concat(chords(4), new Float32Array(2 * RATE), syllables(3, -20), new Float32Array(1 * RATE));
    const regions = speechRegions(signal, RATE);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.startS).toBeCloseTo(6, 1);
  });

  it('ignores a single click', () => {
    const signal = new Float32Array(5 * RATE);
    for (let i = 0; i < 0.03 * RATE; i++) signal[2 * RATE + i] = 0.5;
    expect(speechRegions(signal, RATE)).toEqual([]);
  });
});
