import { describe, expect, it } from 'vitest';
import { formatClock, formatTimestamp, parseTimestamp } from './time';

describe('formatTimestamp', () => {
  it('writes SRT and VTT separators', () => {
    expect(formatTimestamp(1.5, ',')).toBe('00:00:01,500');
    expect(formatTimestamp(1.5, '.')).toBe('00:00:01.500');
  });

  it('carries rounding into the next second instead of printing 1000 ms', () => {
    expect(formatTimestamp(59.9996, ',')).toBe('00:01:00,000');
    expect(formatTimestamp(0.0004, '.')).toBe('00:00:00.000');
  });

  it('handles hours and beyond', () => {
    expect(formatTimestamp(3723.042, ',')).toBe('01:02:03,042');
    expect(formatTimestamp(100 * 3600, '.')).toBe('100:00:00.000');
  });

  it('rejects negative and non-finite times', () => {
    expect(() => formatTimestamp(-0.1, ',')).toThrow(RangeError);
    expect(() => formatTimestamp(Number.NaN, ',')).toThrow(RangeError);
    expect(() => formatTimestamp(Number.POSITIVE_INFINITY, '.')).toThrow(RangeError);
  });
});

describe('parseTimestamp', () => {
  it('reads both separators and the WebVTT short form', () => {
    expect(parseTimestamp('00:00:01,500')).toBe(1.5);
    expect(parseTimestamp('01:02:03.042')).toBe(3723.042);
    expect(parseTimestamp('02:03.250')).toBe(123.25);
  });

  it('round-trips formatted times to the millisecond', () => {
    for (const t of [0, 0.001, 1.5, 59.999, 61.02, 3599.999, 7384.5]) {
      expect(parseTimestamp(formatTimestamp(t, ','))).toBeCloseTo(t, 6);
      expect(parseTimestamp(formatTimestamp(t, '.'))).toBeCloseTo(t, 6);
    }
  });

  it('rejects malformed text', () => {
    for (const bad of ['', '1.5', '00:00:01', '00:60:00,000', '00:00:01,5', 'aa:bb:cc,ddd']) {
      expect(() => parseTimestamp(bad)).toThrow(SyntaxError);
    }
  });
});

describe('formatClock', () => {
  it('shows m:ss under an hour and h:mm:ss above', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65.9)).toBe('1:05');
    expect(formatClock(3600 + 62)).toBe('1:01:02');
  });
});
