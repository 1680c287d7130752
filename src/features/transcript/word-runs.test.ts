import { describe, expect, it } from 'vitest';
import { wordRuns } from './word-runs';

const word = (w: string, start: number) => ({ word: w, start, end: start + 0.3 });

describe('wordRuns', () => {
  it('marks each timed word and keeps the text between them', () => {
    const runs = wordRuns('And so, my fellow Americans.', [word('And', 0.3), word('so,', 0.6), word('my', 1), word('fellow', 1.2), word('Americans.', 1.5)]);
    expect(runs.map((r) => r.text).join('')).toBe('And so, my fellow Americans.');
    expect(runs.filter((r) => r.word).map((r) => [r.text, r.word!.start])).toEqual([
      ['And', 0.3],
      ['so,', 0.6],
      ['my', 1],
      ['fellow', 1.2],
      ['Americans.', 1.5],
    ]);
  });

  it('leaves a word the text lacks unmarked, and the text whole', () => {
    const runs = wordRuns('ask not what', [word('ask', 0), word('never', 0.4), word('what', 0.8)]);
    expect(runs.map((r) => r.text).join('')).toBe('ask not what');
    expect(runs.filter((r) => r.word).map((r) => r.text)).toEqual(['ask', 'what']);
  });

  it('finds a repeated word at its own place, not the first one', () => {
    const runs = wordRuns('ask what ask', [word('ask', 0), word('what', 0.4), word('ask', 0.8)]);
    expect(runs.map((r) => [r.text, r.word?.start])).toEqual([
      ['ask', 0],
      [' ', undefined],
      ['what', 0.4],
      [' ', undefined],
      ['ask', 0.8],
    ]);
  });
});
