import type { Word } from '../transcript';
import type { WindowChunk } from './longform';

/**
 * With word timestamps transformers.js returns one chunk per word and no segments. Sentences are
 * rebuilt from them: a segment ends after a word that ends a sentence, or before a long pause.
 */

export type WordSegment = WindowChunk & { words: Word[] };

/** A pause this long between words starts a new segment even without punctuation. */
const PAUSE_S = 1;
const SENTENCE_END = /[.!?…。？！]["»”')\]]*$/;

export function groupWords(words: readonly WindowChunk[]): WordSegment[] {
  const segments: WordSegment[] = [];
  let current: Word[] = [];
  let unfinished = false;
  const close = () => {
    if (current.length === 0) return;
    const text = current.map((w) => w.word).join('').trim();
    segments.push({
      text,
      timestamp: [current[0]!.start, unfinished ? null : current.at(-1)!.end],
      words: current.map((w) => ({ ...w, word: w.word.trim() })),
    });
    current = [];
    unfinished = false;
  };
  for (const chunk of words) {
    const [start, end] = chunk.timestamp;
    const previous = current.at(-1);
    if (previous && start - previous.end >= PAUSE_S) close();
    current.push({ word: chunk.text, start, end: end ?? start });
    unfinished = end === null;
    if (SENTENCE_END.test(chunk.text.trim())) close();
  }
  close();
  return segments;
}
