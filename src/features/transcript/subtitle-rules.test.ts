import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBTITLE_RULES, sanitizeRules, toCues, wrapLines, type SubtitleRules } from './subtitle-rules';
import type { Segment } from './segment';

const rules = DEFAULT_SUBTITLE_RULES;
const long =
  'This lecture is about the history of the printing press in Europe and how it changed the way people read and wrote';

function checkRules(segments: Segment[], r: SubtitleRules = rules) {
  const cues = toCues(segments, r);
  cues.forEach((cue, i) => {
    const lines = cue.text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(r.maxLines);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(r.maxCharsPerLine);
    expect(cue.end - cue.start).toBeLessThanOrEqual(r.maxDurationS + 1e-9);
    const next = cues[i + 1];
    if (next) expect(cue.end).toBeLessThanOrEqual(next.start - r.minGapS + 1e-9);
  });
  return cues;
}

describe('toCues', () => {
  it('keeps a short segment as one cue of one line', () => {
    expect(toCues([{ start: 1, end: 3, text: 'Hello world.' }])).toEqual([{ start: 1, end: 3, text: 'Hello world.' }]);
  });

  it('breaks a long segment into cues of at most two lines of 43 characters, words kept whole and in order', () => {
    const cues = checkRules([{ start: 0, end: 9, text: long }]);
    expect(cues.length).toBeGreaterThan(1);
    expect(cues.map((c) => c.text.replace(/\n/g, ' ')).join(' ')).toBe(long);
    expect(cues[0]!.start).toBe(0);
    expect(cues.at(-1)!.end).toBe(9);
  });

  it('times the pieces of a split segment by its words where it has word times', () => {
    const words = long.split(' ').map((word, i) => ({ word, start: 10 + i, end: 10.8 + i }));
    const cues = checkRules([{ start: 10, end: 10 + words.length, text: long, words }]);
    let wordIndex = 0;
    for (const cue of cues) {
      if (wordIndex > 0) expect(cue.start).toBe(words[wordIndex]!.start);
      wordIndex += cue.text.split(/\s/).length;
    }
  });

  it('splits a segment longer than the maximum duration', () => {
    const cues = checkRules([{ start: 0, end: 20, text: 'one two three four five six' }]);
    expect(cues.length).toBeGreaterThanOrEqual(3);
  });

  it('lengthens a flash to the minimum duration unless the next cue starts first, and never overlaps', () => {
    const cues = checkRules([
      { start: 0, end: 0.2, text: 'Hi.' },
      { start: 5, end: 5.3, text: 'Yes.' },
      { start: 5.5, end: 7, text: 'Overlap ahead' },
      { start: 6.5, end: 8, text: 'starts early' },
    ]);
    expect(cues[0]!.end).toBe(1);
    expect(cues[1]!.end).toBeCloseTo(5.5 - 0.024, 6);
    expect(cues[2]!.end).toBeCloseTo(6.5 - 0.024, 6);
  });

  it('follows changed rules', () => {
    const r = { ...rules, maxCharsPerLine: 20, maxLines: 1 };
    const cues = checkRules([{ start: 0, end: 8, text: long }], r);
    expect(cues.every((c) => !c.text.includes('\n'))).toBe(true);
  });
});

describe('wrapLines', () => {
  it('leaves lines under the unbreak length alone and balances longer ones', () => {
    expect(wrapLines('a short line'.split(' '), rules)).toEqual(['a short line']);
    const [top, bottom] = wrapLines('the quick brown fox jumps over the lazy dog, then it runs away'.split(' '), rules);
    expect(Math.abs(top!.length - bottom!.length)).toBeLessThan(15);
  });
});

describe('sanitizeRules', () => {
  it('brings stored values within the limits and fills in defaults', () => {
    expect(sanitizeRules({ maxCharsPerLine: 5000, maxLines: 2.6, minDurationS: 'x' })).toEqual({
      ...rules,
      maxCharsPerLine: 200,
      maxLines: 3,
    });
  });
});
