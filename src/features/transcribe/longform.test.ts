import { describe, expect, it } from 'vitest';
import { BACKOFF_S, MIN_ADVANCE_S, MIN_UNREAD_SPEECH_S, planWindow, TAIL_S, type WindowChunk } from './longform';

const chunk = (start: number, end: number | null, text: string): WindowChunk => ({ text, timestamp: [start, end] });
/** Speech detected over the whole window. */
const speaking = (windowS: number) => [{ startS: 0, endS: windowS }];
const middle = { offsetS: 20, windowS: 10, isLast: false, speech: speaking(10) };

describe('planWindow', () => {
  it('turns window-relative chunks into absolute, trimmed segments', () => {
    const plan = planWindow([chunk(0.5, 2, ' Hello.'), chunk(3, 5.5, ' World. ')], middle);
    expect(plan.segments).toEqual([
      { start: 20.5, end: 22, text: 'Hello.' },
      { start: 23, end: 25.5, text: 'World.' },
    ]);
  });

  it('re-reads everything after the last segment, where Whisper may have stopped early', () => {
    const plan = planWindow([chunk(0.5, 2, 'one'), chunk(3, 5.5, 'two')], middle);
    expect(plan.nextOffsetS).toBe(20 + 5.5);
  });

  it('never re-reads a kept segment', () => {
    const plan = planWindow([chunk(1, 8.4, 'long one')], middle);
    expect(plan.segments).toHaveLength(1);
    expect(plan.nextOffsetS).toBe(28.4);
    expect(plan.nextOffsetS).toBeGreaterThanOrEqual(plan.segments[0]!.end);
  });

  it('moves to the provisional tail after a window that gave no text', () => {
    const plan = planWindow([], middle);
    expect(plan.nextOffsetS).toBe(20 + 10 - TAIL_S);
  });

  it('discards a last segment that reaches into the tail and restarts just before it', () => {
    const plan = planWindow([chunk(0, 4, 'one'), chunk(6.2, 9.1, 'two, maybe cut')], middle);
    expect(plan.segments.map((s) => s.text)).toEqual(['one']);
    expect(plan.nextOffsetS).toBeCloseTo(20 + 6.2 - BACKOFF_S);
  });

  it('does the same for an unfinished last segment, without backing into the kept one', () => {
    const plan = planWindow([chunk(1, 4.8, 'one'), chunk(5, null, 'two')], { offsetS: 0, windowS: 10, isLast: false, speech: speaking(10) });
    expect(plan.segments.map((s) => s.text)).toEqual(['one']);
    expect(plan.nextOffsetS).toBe(4.8);
  });

  it('keeps everything in the last window, closing an open end at the audio end', () => {
    const plan = planWindow([chunk(1, 3, 'one'), chunk(5, null, 'two')], { offsetS: 40, windowS: 6.5, isLast: true, speech: speaking(6.5) });
    expect(plan.segments).toEqual([
      { start: 41, end: 43, text: 'one' },
      { start: 45, end: 46.5, text: 'two' },
    ]);
    expect(plan.nextOffsetS).toBe(46.5);
  });

  it('reads again what follows the last window\'s text when Whisper stopped well before the audio end', () => {
    const plan = planWindow([chunk(0.5, 9.2, 'used an exceedingly')], { offsetS: 206.8, windowS: 14.9, isLast: true, speech: speaking(14.9) });
    expect(plan.segments.map((s) => s.text)).toEqual(['used an exceedingly']);
    expect(plan.nextOffsetS).toBeCloseTo(206.8 + 9.2);
  });

  it('ends the run when what the last window left unread holds less than MIN_UNREAD_SPEECH_S of speech, or it gave no text', () => {
    // "…в Берлин." ends at 7.9 s; only the word's own tail (0.4 s) and silence follow: Whisper would echo it.
    const speech = [{ startS: 0.3, endS: 8.3 }];
    const last = { offsetS: 40, windowS: 9.4, isLast: true, speech };
    expect(planWindow([chunk(0.3, 7.9, 'в Берлин.')], last).nextOffsetS).toBe(49.4);
    expect(planWindow([chunk(0.3, 8.3 - MIN_UNREAD_SPEECH_S - 0.1, 'в Берлин.')], last).nextOffsetS).toBeCloseTo(40 + 7.2);
    expect(planWindow([], last).nextOffsetS).toBe(49.4);
  });

  it('keeps a segment that fills the whole window rather than stall', () => {
    const plan = planWindow([chunk(0.2, null, 'a very long sentence')], { offsetS: 0, windowS: 10, isLast: false, speech: speaking(10) });
    expect(plan.segments).toEqual([{ start: 0.2, end: 10, text: 'a very long sentence' }]);
    expect(plan.nextOffsetS).toBe(10);
  });

  it('always moves forward by at least MIN_ADVANCE_S', () => {
    for (const chunks of [[], [chunk(0, 0.3, 'hi')], [chunk(0.6, 9.9, 'x')], [chunk(0.2, 0.5, 'a'), chunk(0.9, null, 'b')]]) {
      const plan = planWindow(chunks, { offsetS: 0, windowS: 10, isLast: false, speech: speaking(10) });
      expect(plan.nextOffsetS, JSON.stringify(chunks)).toBeGreaterThanOrEqual(MIN_ADVANCE_S);
    }
  });

  it('moves past silence, still re-reading the tail', () => {
    expect(planWindow([], { offsetS: 30, windowS: 30, isLast: false, speech: speaking(30) })).toEqual({ segments: [], nextOffsetS: 60 - TAIL_S });
  });

  it('drops empty text and clamps times that stray outside the window', () => {
    const plan = planWindow([chunk(-1, 2, 'x'), chunk(3, 3.5, '   '), chunk(4, 99, 'y')], {
      offsetS: 0,
      windowS: 10,
      isLast: true,
      speech: speaking(10),
    });
    expect(plan.segments).toEqual([
      { start: 0, end: 2, text: 'x' },
      { start: 4, end: 10, text: 'y' },
    ]);
  });

  it('drops segments that start after the audio ends (made up from the padding of a short last window)', () => {
    const plan = planWindow([chunk(1, 3, 'real'), chunk(6.5, 7, 'made up'), chunk(8, null, 'also made up')], {
      offsetS: 40,
      windowS: 6.5,
      isLast: true,
      speech: speaking(6.5),
    });
    expect(plan.segments).toEqual([{ start: 41, end: 43, text: 'real' }]);
    expect(plan.nextOffsetS).toBe(43);
  });

  it('keeps segment ends from preceding their starts', () => {
    const plan = planWindow([chunk(5, 4, 'backwards')], { offsetS: 0, windowS: 10, isLast: true, speech: speaking(10) });
    expect(plan.segments[0]).toEqual({ start: 5, end: 5, text: 'backwards' });
  });
});
