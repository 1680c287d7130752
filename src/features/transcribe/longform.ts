import type { Segment } from '../transcript/segment';

/**
 * Long-form transcription, one Whisper window at a time, so segments reach the screen as each
 * window finishes. Like OpenAI's sequential algorithm, a window's last segment that runs into
 * the window's end was probably cut mid-word: it is dropped and the next window starts where
 * that segment started, so it is heard whole.
 */

/** A chunk as transformers.js returns it, times relative to the window's start (end null = unfinished). */
export interface WindowChunk {
  text: string;
  timestamp: readonly [number, number | null];
}

export interface WindowPlan {
  /** Finished segments in absolute seconds. */
  segments: Segment[];
  /** Where the next window starts, in absolute seconds. */
  nextOffsetS: number;
}

/** A segment ending this close to the window's end is treated as cut off by the window. */
export const WINDOW_EDGE_S = 0.5;
/** Never advance less than this, so a segment that fills a whole window cannot stall the loop. */
export const MIN_ADVANCE_S = 1;

export function planWindow(
  chunks: readonly WindowChunk[],
  { offsetS, windowS, isLast }: { offsetS: number; windowS: number; isLast: boolean },
): WindowPlan {
  const clamp = (t: number, lo: number) => Math.min(windowS, Math.max(lo, t));
  const local = chunks
    .map((c) => {
      const start = clamp(c.timestamp[0], 0);
      const end = c.timestamp[1] === null ? null : clamp(c.timestamp[1], start);
      return { start, end, text: c.text.trim() };
    })
    .filter((c) => c.text !== '');

  let nextLocalS = windowS;
  const last = local.at(-1);
  if (!isLast && last && (last.end === null || last.end >= windowS - WINDOW_EDGE_S) && last.start >= MIN_ADVANCE_S) {
    local.pop();
    nextLocalS = last.start;
  }

  return {
    segments: local.map((c) => ({ start: offsetS + c.start, end: offsetS + (c.end ?? windowS), text: c.text })),
    nextOffsetS: offsetS + nextLocalS,
  };
}
