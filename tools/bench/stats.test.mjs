import { describe, expect, it } from 'vitest';
import { markdownTable, median, quantile, realTime, spread } from './stats.mjs';

describe('quantile', () => {
  it('interpolates between ranks and ignores input order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14);
    expect(quantile([5], 0.9)).toBe(5);
  });
  it('is NaN without values', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('spread', () => {
  it('prints the median alone for few values and p10–p90 for more', () => {
    expect(spread([1, 2, 3])).toBe('2.0');
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe('5.5 (1.9–9.1)');
    expect(spread([])).toBe('–');
  });
});

describe('realTime', () => {
  it('divides audio seconds by wall seconds', () => {
    expect(realTime(600, 5000)).toBe('120.0×');
  });
});

describe('markdownTable', () => {
  it('writes a header, a rule and escaped rows', () => {
    expect(markdownTable(['a', 'b'], [[1, 'x|y']])).toBe('| a | b |\n|---|---|\n| 1 | x\\|y |');
  });
  it('refuses a row of the wrong width', () => {
    expect(() => markdownTable(['a', 'b'], [[1]])).toThrow(RangeError);
  });
});
