import type { Segment } from '../transcript';

/**
 * Whisper's best-known failure: stuck in a loop, it writes the same phrase again and again
 * ("thank you thank you thank you…"), or the same segment window after window. Generation already
 * forbids repeating a long token n-gram (`no_repeat_ngram_size`); this filter cleans what remains.
 */

/** Passed to generation: a repeated run of this many tokens is forbidden (long enough to allow real phrases). */
export const NO_REPEAT_NGRAM_SIZE = 6;
/** A phrase said more than this many times in a row is a loop. */
const MAX_RUNS = 2;
/** Phrases up to this many words are looked for. */
const MAX_PHRASE_WORDS = 6;

/** Collapses a phrase repeated more than MAX_RUNS times in a row to one occurrence. */
export function collapseLoops(text: string): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const norm = words.map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ''));
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    let collapsed = false;
    for (let n = 1; n <= MAX_PHRASE_WORDS && i + n * (MAX_RUNS + 1) <= words.length; n++) {
      let runs = 1;
      while (
        i + (runs + 1) * n <= words.length &&
        norm.slice(i, i + n).every((w, k) => w === norm[i + runs * n + k])
      ) {
        runs++;
      }
      if (runs > MAX_RUNS) {
        out.push(...words.slice(i, i + n));
        i += runs * n;
        collapsed = true;
        break;
      }
    }
    if (!collapsed) {
      out.push(words[i]!);
      i++;
    }
  }
  return out.join(' ');
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) === norm(b);
}

/**
 * Cleans a window's segments: loops inside a segment collapse, and a segment repeating the text of
 * the one before it (in this window, or the last one already shown) is dropped.
 */
export function dropRepetitions(segments: readonly Segment[], previous: Segment | null): Segment[] {
  const kept: Segment[] = [];
  let last = previous;
  for (const segment of segments) {
    const text = collapseLoops(segment.text);
    if (text === '' || (last && sameText(last.text, text))) continue;
    const cleaned = { ...segment, text };
    kept.push(cleaned);
    last = cleaned;
  }
  return kept;
}
