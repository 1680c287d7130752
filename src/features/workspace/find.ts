/**
 * Find and replace over the transcript's segments. Case-insensitive, and for Russian "е" and "ё"
 * match each other (most texts write "е" where "ё" is said, and Whisper writes either).
 */
import type { DocSegment, TextChange, TextRun } from '../transcript';

export interface Match {
  id: string;
  from: number;
  to: number;
}

function pattern(query: string): RegExp | null {
  if (query === '') return null;
  const escaped = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[её]/giu, (c) => (c === c.toLowerCase() ? '[её]' : '[ЕЁ]'));
  return new RegExp(escaped, 'giu');
}

export function findMatches(segments: readonly DocSegment[], query: string): Match[] {
  const re = pattern(query);
  if (!re) return [];
  return segments.flatMap((segment) =>
    [...segment.text.matchAll(re)].map((m) => ({ id: segment.id, from: m.index, to: m.index + m[0].length })),
  );
}

/** The text with one match replaced. */
export function replaceMatch(text: string, match: Match, replacement: string): string {
  return text.slice(0, match.from) + replacement + text.slice(match.to);
}

/** Every match replaced: one change per segment that has any (one undoable edit for the document). */
export function replaceAllChanges(segments: readonly DocSegment[], query: string, replacement: string): TextChange[] {
  const re = pattern(query);
  if (!re) return [];
  return segments.flatMap((segment) => {
    const text = segment.text.replace(re, () => replacement);
    return text === segment.text ? [] : [{ id: segment.id, text }];
  });
}

export interface MarkedRun extends TextRun {
  /** 'match' for a find match, 'current' for the one next/previous is on. */
  mark?: 'match' | 'current';
}

/** Cuts a segment's runs (timed words and the text between) where find matches begin and end. */
export function markRuns(runs: readonly TextRun[], ranges: readonly { from: number; to: number; current: boolean }[]): MarkedRun[] {
  if (ranges.length === 0) return [...runs];
  const out: MarkedRun[] = [];
  let offset = 0;
  for (const run of runs) {
    const end = offset + run.text.length;
    const cuts = new Set([offset, end]);
    for (const r of ranges) {
      if (r.from > offset && r.from < end) cuts.add(r.from);
      if (r.to > offset && r.to < end) cuts.add(r.to);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i++) {
      const [from, to] = [points[i]!, points[i + 1]!];
      const range = ranges.find((r) => r.from <= from && to <= r.to);
      out.push({
        text: run.text.slice(from - offset, to - offset),
        ...(run.word ? { word: run.word } : {}),
        ...(range ? { mark: range.current ? 'current' : 'match' } : {}),
      });
    }
    offset = end;
  }
  return out;
}
