// @ts-check
import { describe, expect, it } from 'vitest';
import { parseRange } from './range.mjs';

describe('parseRange', () => {
  it.each([
    ['bytes=0-0', 100, { start: 0, end: 0 }],
    ['bytes=10-19', 100, { start: 10, end: 19 }],
    ['bytes=90-200', 100, { start: 90, end: 99 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=100-150', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=0-0', 0, 'unsatisfiable'],
    ['bytes=-5', 0, 'unsatisfiable'],
  ])('%s of %i bytes → %o', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each([undefined, '', 'bytes=5-3', 'bytes=0-1,5-6', 'bytes=-', 'items=0-1', 'bytes=a-b'])(
    'ignores %o (whole file)',
    (header) => {
      expect(parseRange(header, 100)).toBeNull();
    },
  );
});
