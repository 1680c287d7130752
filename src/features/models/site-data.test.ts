import { describe, expect, it } from 'vitest';
import { siteDataParts } from './site-data';

const MB = 1_000_000;

describe('siteDataParts', () => {
  it('calls what the stores do not explain "other"', () => {
    const parts = siteDataParts({ usage: 100 * MB, models: 40 * MB, partial: 5 * MB, transcripts: MB, offline: 50 * MB, leftovers: 2 * MB });
    expect(parts).toEqual({ models: 40 * MB, partial: 5 * MB, transcripts: MB, offline: 50 * MB, leftovers: 2 * MB, other: 4 * MB });
  });

  it('never shows less than nothing when the stores add up to more than the estimate', () => {
    expect(siteDataParts({ usage: 10 * MB, models: 40 * MB, partial: 0, transcripts: 0, offline: 0, leftovers: 0 }).other).toBe(0);
  });

  it('counts at least the leftovers as other, while the estimate lags behind', () => {
    expect(siteDataParts({ usage: 40 * MB, models: 40 * MB, partial: 0, transcripts: 0, offline: 0, leftovers: 3 * MB }).other).toBe(3 * MB);
  });
});
