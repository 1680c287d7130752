import { describe, expect, it } from 'vitest';
import { groupWords } from './words';

describe('groupWords', () => {
  it('ends a segment after a sentence end or before a long pause, keeping each word', () => {
    const words = [
      { text: ' Hello', timestamp: [0.5, 0.9] as const },
      { text: ' world.', timestamp: [0.9, 1.4] as const },
      { text: ' It', timestamp: [1.6, 1.8] as const },
      { text: ' rains', timestamp: [1.8, 2.2] as const },
      { text: ' again', timestamp: [4.0, 4.5] as const },
    ];
    const segments = groupWords(words);
    expect(segments.map((s) => [s.text, s.timestamp[0], s.timestamp[1]])).toEqual([
      ['Hello world.', 0.5, 1.4],
      ['It rains', 1.6, 2.2],
      ['again', 4.0, 4.5],
    ]);
    expect(segments[0]!.words).toEqual([
      { word: 'Hello', start: 0.5, end: 0.9 },
      { word: 'world.', start: 0.9, end: 1.4 },
    ]);
  });

  it('marks a segment whose last word has no end as unfinished', () => {
    const segments = groupWords([{ text: ' cut', timestamp: [9.5, null] }]);
    expect(segments[0]!.timestamp).toEqual([9.5, null]);
  });
});
