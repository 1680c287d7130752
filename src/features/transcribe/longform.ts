import type { Segment, Word } from '../transcript';
import type { SpeechRegion } from './speech-detector';

/**
 * Long-form transcription, one Whisper window at a time, so segments reach the screen as each
 * window finishes. The end of a window cuts speech blindly, so its last TAIL_S seconds are only
 * provisional:
 * - a last segment that is unfinished or reaches into that tail may have lost words to the cut
 *   (Whisper drops or garbles a word the edge splits): it is discarded, and the next window starts
 *   just before it, so it is heard whole;
 * - otherwise the next window starts where the last segment ends (or at the tail, when the window
 *   gave no text at all): Whisper often stops a window's text early rather than write a sentence
 *   the edge cuts, so whatever follows the last segment is heard again (starting at the provisional
 *   tail instead lost 2–5 s of speech at most window edges of the real tiny.en on the LJ Speech
 *   concat in ../shared: `npm run eval:real`);
 * - the last window keeps everything, and its unread rest is read again if it holds speech.
 * Nothing before the end of a kept segment is read twice, so no text is duplicated.
 */

/** A chunk as transformers.js returns it, times relative to the window's start (end null = unfinished). */
export interface WindowChunk {
  text: string;
  timestamp: readonly [number, number | null];
  /** Word times, relative to the window like `timestamp`, when the model gives them. */
  words?: readonly Word[];
}

export interface WindowPlan {
  /** Finished segments in absolute seconds. */
  segments: Segment[];
  /** Where the next window starts, in absolute seconds; the window's end when nothing is left to read. */
  nextOffsetS: number;
}

/** The provisional end of every window (seconds). */
export const TAIL_S = 1.5;
/** A re-read segment starts this much earlier, so its first word is not cut by the new window's edge. */
export const BACKOFF_S = 0.5;
/** Never advance less than this, so a segment that fills a whole window cannot stall the loop. */
export const MIN_ADVANCE_S = 1;
/**
 * The last window's rest is read again only with at least this much detected speech in it: less is
 * the tail of the last word, which Whisper would only echo (base on a Russian clip: "…в Берлин." then
 * "Верлин.").
 */
export const MIN_UNREAD_SPEECH_S = 1;

/** Seconds of detected speech after `t` (window-relative). */
function speechAfter(t: number, speech: readonly SpeechRegion[]): number {
  return speech.reduce((sum, r) => sum + Math.max(0, r.endS - Math.max(t, r.startS)), 0);
}

export function planWindow(
  chunks: readonly WindowChunk[],
  { offsetS, windowS, isLast, speech }: { offsetS: number; windowS: number; isLast: boolean; speech: readonly SpeechRegion[] },
): WindowPlan {
  const clamp = (t: number, lo: number) => Math.min(windowS, Math.max(lo, t));
  const kept = chunks
    // A segment that starts after the audio ends was made up from the window's zero padding.
    .filter((c) => c.timestamp[0] < windowS)
    .map((c) => {
      const start = clamp(c.timestamp[0], 0);
      const end = c.timestamp[1] === null ? null : clamp(c.timestamp[1], start);
      return { start, end, text: c.text.trim(), words: c.words };
    })
    .filter((c) => c.text !== '');

  let nextLocalS = windowS;
  if (isLast) {
    // The audio ends here, so nothing is provisional; but Whisper stops early here as well (the
    // real tiny.en left the last 5.7 s of the LJ Speech concat unread): what follows the last
    // segment is read again, in a window of its own.
    const lastEnd = kept.at(-1)?.end;
    if (lastEnd != null && lastEnd >= MIN_ADVANCE_S && speechAfter(lastEnd, speech) >= MIN_UNREAD_SPEECH_S) nextLocalS = lastEnd;
  } else {
    const tailStart = windowS - TAIL_S;
    const last = kept.at(-1);
    const keptEndBefore = (items: typeof kept) => items.at(-1)?.end ?? 0;
    if (last && (last.end === null || last.end > tailStart)) {
      const restart = Math.max(keptEndBefore(kept.slice(0, -1)), last.start - BACKOFF_S);
      if (restart >= MIN_ADVANCE_S) {
        kept.pop();
        nextLocalS = restart;
      }
    } else {
      // A window that gave no text at all (music the speech detector let through) is not read
      // again from its start: that would crawl through it MIN_ADVANCE_S at a time.
      nextLocalS = Math.max(kept.length > 0 ? keptEndBefore(kept) : tailStart, MIN_ADVANCE_S);
    }
  }

  return {
    segments: kept.map((c) => ({
      start: offsetS + c.start,
      end: offsetS + (c.end ?? windowS),
      text: c.text,
      ...(c.words
        ? { words: c.words.map((w) => ({ word: w.word, start: offsetS + w.start, end: offsetS + w.end })) }
        : {}),
    })),
    nextOffsetS: offsetS + nextLocalS,
  };
}
