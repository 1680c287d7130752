import { describe, expect, it } from 'vitest';
import { MIN_ADVANCE_S, planWindow, type WindowChunk } from './longform';

const chunk = (start: number, end: number | null, text: string): WindowChunk => ({ text, timestamp: [start, end] });

describe('planWindow', () => {
  it('turns window-relative chunks into absolute, trimmed segments', () => {
    const plan = planWindow([chunk(0.5, 2, ' Hello.'), chunk(3, 5.5, ' World. ')], {
      offsetS: 20,
      windowS: 10,
      isLast: false,
    });
    expect(plan.segments).toEqual([
      { start: 20.5, end: 22, text: 'Hello.' },
      { start: 23, end: 25.5, text: 'World.' },
    ]);
    expect(plan.nextOffsetS).toBe(30);
  });

  it('re-reads a last segment that the window cut off, from its start', () => {
    const plan = planWindow([chunk(0, 4, 'one'), chunk(6.2, 9.9, 'two cut')], { offsetS: 10, windowS: 10, isLast: false });
    expect(plan.segments.map((s) => s.text)).toEqual(['one']);
    expect(plan.nextOffsetS).toBeCloseTo(16.2);
  });

  it('treats an unfinished last segment (no end timestamp) the same way', () => {
    const plan = planWindow([chunk(1, 3, 'one'), chunk(5, null, 'two')], { offsetS: 0, windowS: 10, isLast: false });
    expect(plan.segments.map((s) => s.text)).toEqual(['one']);
    expect(plan.nextOffsetS).toBe(5);
  });

  it('keeps everything in the last window, closing an open end at the audio end', () => {
    const plan = planWindow([chunk(1, 3, 'one'), chunk(5, null, 'two')], { offsetS: 40, windowS: 6.5, isLast: true });
    expect(plan.segments).toEqual([
      { start: 41, end: 43, text: 'one' },
      { start: 45, end: 46.5, text: 'two' },
    ]);
    expect(plan.nextOffsetS).toBe(46.5);
  });

  it('always advances, even when one segment fills the whole window', () => {
    const plan = planWindow([chunk(0.2, null, 'a very long sentence')], { offsetS: 0, windowS: 10, isLast: false });
    expect(plan.segments).toHaveLength(1);
    expect(plan.nextOffsetS).toBeGreaterThanOrEqual(MIN_ADVANCE_S);
    expect(plan.nextOffsetS).toBe(10);
  });

  it('moves a whole window past silence', () => {
    expect(planWindow([], { offsetS: 30, windowS: 30, isLast: false })).toEqual({ segments: [], nextOffsetS: 60 });
  });

  it('drops empty text and clamps times that stray outside the window', () => {
    const plan = planWindow([chunk(-1, 2, 'x'), chunk(3, 3.5, '   '), chunk(4, 99, 'y')], {
      offsetS: 0,
      windowS: 10,
      isLast: true,
    });
    expect(plan.segments).toEqual([
      { start: 0, end: 2, text: 'x' },
      { start: 4, end: 10, text: 'y' },
    ]);
  });

  it('keeps segment ends from preceding their starts', () => {
    const plan = planWindow([chunk(5, 4, 'backwards')], { offsetS: 0, windowS: 10, isLast: true });
    expect(plan.segments[0]).toEqual({ start: 5, end: 5, text: 'backwards' });
  });
});
