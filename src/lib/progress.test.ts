import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, fractionOf } from './progress';

describe('estimateRemainingMs', () => {
  it('extrapolates linearly', () => {
    expect(estimateRemainingMs(10_000, 0.25)).toBe(30_000);
    expect(estimateRemainingMs(5_000, 0.5)).toBe(5_000);
  });

  it('says nothing until there is enough progress to judge', () => {
    expect(estimateRemainingMs(10_000, null)).toBeNull();
    expect(estimateRemainingMs(10_000, 0.01)).toBeNull();
    expect(estimateRemainingMs(500, 0.5)).toBeNull();
  });

  it('is zero when done', () => {
    expect(estimateRemainingMs(10_000, 1)).toBe(0);
  });
});

describe('fractionOf', () => {
  it('clamps to [0, 1] and knows when the total is unknown', () => {
    expect(fractionOf(5, 10)).toBe(0.5);
    expect(fractionOf(12, 10)).toBe(1);
    expect(fractionOf(-1, 10)).toBe(0);
    expect(fractionOf(5, null)).toBeNull();
    expect(fractionOf(5, 0)).toBeNull();
  });
});
