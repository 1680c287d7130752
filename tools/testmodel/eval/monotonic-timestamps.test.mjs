/**
 * The timestamp rule the evaluation adds to transformers.js's Whisper decoding (see
 * src/features/transcribe/monotonic-timestamps.js): which next tokens it forbids, on transformers.js's own Tensor.
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '@huggingface/transformers';
import { MonotonicTimestamps } from '../../../src/features/transcribe/monotonic-timestamps.js';

// a toy vocabulary: 0–4 text, 5 <|endoftext|>, 6–9 prompt specials, 10–20 timestamps <|0.00|>…<|0.20|>
const EOS = 5;
const TS = 10;
const VOCAB = 21;
const PROMPT = [6, 7, 8];
const ts = (i) => TS + i;

/** Runs the rule after `sequence` and returns the ids it leaves possible. */
function allowedAfter(sequence) {
  const logits = new Tensor('float32', new Float32Array(VOCAB).fill(1), [1, VOCAB]);
  new MonotonicTimestamps(TS, EOS)([sequence.map(BigInt)], logits);
  return [...logits.data].flatMap((x, id) => (x > -Infinity ? [id] : []));
}

const text = [0, 1, 2, 3, 4];
const eosAndSpecials = [EOS, 6, 7, 8, 9];

describe('MonotonicTimestamps', () => {
  it('leaves the first timestamp free', () => {
    expect(allowedAfter(PROMPT)).toHaveLength(VOCAB);
  });

  it('makes a segment end after its start: no <|0.00|> end after <|0.00|> text (the q8 loop)', () => {
    expect(allowedAfter([...PROMPT, ts(0), 1, 2])).toEqual([...text, ...eosAndSpecials, ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(ts)]);
  });

  it('lets the next segment start where the last one ended', () => {
    expect(allowedAfter([...PROMPT, ts(0), 1, ts(4)])).toContain(ts(4));
    expect(allowedAfter([...PROMPT, ts(0), 1, ts(4)])).not.toContain(ts(3));
  });

  it('never goes back after a start', () => {
    const allowed = allowedAfter([...PROMPT, ts(0), 1, ts(4), ts(6)]);
    expect(allowed.filter((id) => id >= TS)).toEqual([7, 8, 9, 10].map(ts));
    expect(allowed).toEqual(expect.arrayContaining(text));
  });

  it('leaves <|endoftext|> when no later timestamp exists', () => {
    // everything else already forbidden by transformers.js's own processor, and <|0.20|> is the last
    const logits = new Tensor('float32', new Float32Array(VOCAB).fill(-Infinity), [1, VOCAB]);
    logits.data[ts(10)] = 1;
    new MonotonicTimestamps(TS, EOS)([[...PROMPT, ts(2), 1, ts(10)].map(BigInt)], logits);
    expect(logits.data[ts(10)]).toBe(1);
    const closed = new Tensor('float32', new Float32Array(VOCAB).fill(-Infinity), [1, VOCAB]);
    closed.data[ts(10)] = 1;
    new MonotonicTimestamps(TS, EOS)([[...PROMPT, ts(2), 1, ts(9), ts(10)].map(BigInt)], closed);
    expect([...closed.data].flatMap((x, id) => (x > -Infinity ? [id] : []))).toEqual([EOS]);
  });
});
