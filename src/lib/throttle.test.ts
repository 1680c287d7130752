import { describe, expect, it } from 'vitest';
import { progressGate } from './throttle';

describe('progressGate', () => {
  it('opens once per interval, and always when forced', () => {
    let clock = 0;
    const open = progressGate(100, () => clock);
    const seen: number[] = [];
    for (clock = 0; clock <= 350; clock += 10) if (open()) seen.push(clock);
    expect(seen).toEqual([0, 100, 200, 300]);
    clock = 305;
    expect(open()).toBe(false);
    expect(open(true)).toBe(true);
    // A forced report restarts the interval.
    clock = 350;
    expect(open()).toBe(false);
  });
});
