import { describe, expect, it } from 'vitest';
import { contentRangeStart, nextRange, planResume, rangeHeader } from './chunks';

describe('planResume', () => {
  it('continues after the contiguous pieces, whatever order they are listed in', () => {
    expect(planResume([{ start: 10, size: 5 }, { start: 0, size: 10 }], 100)).toEqual({ offset: 15, discard: [] });
  });

  it('starts at 0 with nothing stored', () => {
    expect(planResume([], 100)).toEqual({ offset: 0, discard: [] });
  });

  it('discards pieces after a gap, overlapping ones and ones past the end', () => {
    const plan = planResume(
      [
        { start: 0, size: 10 },
        { start: 5, size: 10 }, // overlaps
        { start: 10, size: 10 },
        { start: 40, size: 10 }, // after a gap
        { start: 20, size: 90 }, // past the end
      ],
      100,
    );
    expect(plan.offset).toBe(20);
    expect(plan.discard.map((p) => p.start)).toEqual([5, 20, 40]);
  });

  it('reports a complete file', () => {
    expect(planResume([{ start: 0, size: 60 }, { start: 60, size: 40 }], 100).offset).toBe(100);
  });
});

describe('nextRange and rangeHeader', () => {
  it('asks for at most one chunk, never past the end', () => {
    expect(nextRange(0, 10_000_000, 4_000_000)).toEqual({ start: 0, end: 4_000_000 });
    expect(nextRange(8_000_000, 10_000_000, 4_000_000)).toEqual({ start: 8_000_000, end: 10_000_000 });
    expect(rangeHeader({ start: 8_000_000, end: 10_000_000 })).toBe('bytes=8000000-9999999');
  });

  it('refuses offsets outside the file', () => {
    expect(() => nextRange(100, 100)).toThrow(RangeError);
    expect(() => nextRange(-1, 100)).toThrow(RangeError);
  });
});

describe('contentRangeStart', () => {
  it('reads the first byte of a 206 answer', () => {
    expect(contentRangeStart('bytes 500-999/1234')).toBe(500);
    expect(contentRangeStart('bytes 0-0/*')).toBe(0);
    expect(contentRangeStart('bytes */1234')).toBeNull();
    expect(contentRangeStart(null)).toBeNull();
  });
});
