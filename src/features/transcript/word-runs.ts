import type { Word } from './segment';

/** A piece of a segment's text: a timed word, or the text between words (spaces, punctuation). */
export interface TextRun {
  text: string;
  word?: Word;
}

/**
 * Splits a segment's text into its timed words and what lies between them, so the words can be
 * marked up while the text reads exactly as the model wrote it (the runs join back to `text`).
 * A word the text does not contain at that point stays unmarked rather than reordering the text.
 */
export function wordRuns(text: string, words: readonly Word[]): TextRun[] {
  const runs: TextRun[] = [];
  let cursor = 0;
  for (const word of words) {
    const at = word.word === '' ? -1 : text.indexOf(word.word, cursor);
    if (at < 0) continue;
    if (at > cursor) runs.push({ text: text.slice(cursor, at) });
    runs.push({ text: word.word, word });
    cursor = at + word.word.length;
  }
  if (cursor < text.length) runs.push({ text: text.slice(cursor) });
  return runs;
}
