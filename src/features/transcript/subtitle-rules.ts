/**
 * Subtitle line rules, as Subtitle Edit applies them when it fixes a subtitle: a cue has at most
 * `maxLines` lines of at most `maxCharsPerLine` characters, stays on screen between the minimum and
 * maximum duration, and ends a small gap before the next one starts. A transcript segment that is
 * too long for one cue becomes several, timed by its words where the model gave word times and by
 * its characters otherwise. The defaults are Subtitle Edit's own (its SeGeneral settings).
 */
import type { Segment, Word } from './segment';
import { wordRuns } from './word-runs';

export interface SubtitleRules {
  maxCharsPerLine: number;
  maxLines: number;
  minDurationS: number;
  maxDurationS: number;
  /** Seconds between one cue's end and the next one's start. */
  minGapS: number;
}

export const DEFAULT_SUBTITLE_RULES: SubtitleRules = {
  maxCharsPerLine: 43,
  maxLines: 2,
  minDurationS: 1,
  maxDurationS: 8,
  minGapS: 0.024,
};

/** Limits a settings form accepts (anything outside them makes unreadable subtitles). */
export const RULE_LIMITS: Record<keyof SubtitleRules, { min: number; max: number }> = {
  maxCharsPerLine: { min: 10, max: 200 },
  maxLines: { min: 1, max: 4 },
  minDurationS: { min: 0, max: 10 },
  maxDurationS: { min: 1, max: 60 },
  minGapS: { min: 0, max: 1 },
};

/** Lines shorter than this stay one line even when two would fit (Subtitle Edit: "unbreak shorter than"). */
const UNBREAK_SHORTER_THAN = 33;

export interface Cue {
  start: number;
  end: number;
  /** The cue's lines, joined with "\n". */
  text: string;
}

/** Values a hand-edited store or form may hold, brought back within the limits; defaults where missing. */
export function sanitizeRules(value: Partial<Record<keyof SubtitleRules, unknown>>): SubtitleRules {
  const rules = { ...DEFAULT_SUBTITLE_RULES };
  for (const key of Object.keys(RULE_LIMITS) as (keyof SubtitleRules)[]) {
    const v = value[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const { min, max } = RULE_LIMITS[key];
    rules[key] = Math.min(max, Math.max(min, key === 'maxCharsPerLine' || key === 'maxLines' ? Math.round(v) : v));
  }
  if (rules.maxDurationS < rules.minDurationS) rules.maxDurationS = rules.minDurationS;
  return rules;
}

/** The transcript as cues that follow the rules, in time order, never overlapping. */
export function toCues(segments: readonly Segment[], rules: SubtitleRules = DEFAULT_SUBTITLE_RULES): Cue[] {
  const pieces = [...segments]
    .sort((a, b) => a.start - b.start)
    .flatMap((segment) => splitSegment(segment, rules));
  return retime(pieces, rules);
}

interface Piece {
  start: number;
  end: number;
  words: string[];
}

/** One segment into pieces short enough for one cue each, in text and in time. */
function splitSegment(segment: Segment, rules: SubtitleRules): Piece[] {
  const tokens = timedTokens(segment);
  if (tokens.length === 0) return [];
  const chars = tokens.reduce((n, t) => n + t.text.length + 1, -1);
  const maxChars = rules.maxCharsPerLine * rules.maxLines;
  const duration = Math.max(0, segment.end - segment.start);
  const wanted = Math.max(Math.ceil(chars / maxChars), Math.ceil(duration / rules.maxDurationS), 1);
  const groups = balancedGroups(tokens, Math.min(wanted, tokens.length), maxChars);
  return groups.map((group, i) => {
    const first = group[0]!;
    const next = groups[i + 1]?.[0];
    return {
      start: i === 0 ? segment.start : first.start,
      end: next ? next.start : segment.end,
      words: group.map((t) => t.text),
    };
  });
}

interface Token {
  text: string;
  /** Where this word starts: its own time where the model gave one, else its share of the characters. */
  start: number;
}

function timedTokens(segment: Segment): Token[] {
  const text = segment.text.replace(/\s+/g, ' ').trim();
  if (text === '') return [];
  const timed = new Map<number, Word>();
  let offset = 0;
  for (const run of wordRuns(text, segment.words ?? [])) {
    if (run.word) timed.set(offset, run.word);
    offset += run.text.length;
  }
  const span = Math.max(0, segment.end - segment.start);
  const tokens: Token[] = [];
  let at = 0;
  for (const word of text.split(' ')) {
    const own = [...timed.entries()].find(([o, w]) => o >= at && o < at + word.length && w.start >= segment.start);
    tokens.push({ text: word, start: own ? own[1].start : segment.start + (span * at) / text.length });
    at += word.length + 1;
  }
  return tokens;
}

/** Splits tokens into `count` consecutive groups of similar length, each within `maxChars` where possible. */
function balancedGroups(tokens: Token[], count: number, maxChars: number): Token[][] {
  const total = tokens.reduce((n, t) => n + t.text.length + 1, 0);
  const target = Math.min(maxChars, Math.ceil(total / count));
  const groups: Token[][] = [[]];
  let length = 0;
  for (const token of tokens) {
    const current = groups.at(-1)!;
    const added = length === 0 ? token.text.length : length + 1 + token.text.length;
    const tokensLeft = tokens.length - tokens.indexOf(token);
    const groupsLeft = count - groups.length;
    if (current.length > 0 && (added > maxChars || (added > target && groupsLeft > 0 && tokensLeft >= groupsLeft))) {
      groups.push([token]);
      length = token.text.length;
    } else {
      current.push(token);
      length = added;
    }
  }
  return groups;
}

/** Durations within the limits and no overlap: each cue ends at least the gap before the next starts. */
function retime(pieces: Piece[], rules: SubtitleRules): Cue[] {
  return pieces.map((piece, i) => {
    const next = pieces[i + 1];
    const latestEnd = next ? next.start - rules.minGapS : Infinity;
    let end = Math.max(piece.end, piece.start + rules.minDurationS);
    end = Math.min(end, piece.start + rules.maxDurationS, latestEnd);
    // A cue squeezed by the next one keeps its own end rather than vanishing.
    if (end <= piece.start) end = Math.min(piece.end, next ? next.start : piece.end);
    return { start: piece.start, end: Math.max(end, piece.start), text: wrapLines(piece.words, rules).join('\n') };
  });
}

/** Breaks a cue's words into lines: one line when short, else balanced lines within the limit. */
export function wrapLines(words: readonly string[], rules: SubtitleRules): string[] {
  const oneLine = words.join(' ');
  if (oneLine.length <= rules.maxCharsPerLine || oneLine.length < UNBREAK_SHORTER_THAN || rules.maxLines === 1) {
    return [oneLine];
  }
  if (rules.maxLines === 2 || words.length <= 2) {
    const best = bestTwoLineBreak(words, rules.maxCharsPerLine);
    if (best !== null) return [words.slice(0, best).join(' '), words.slice(best).join(' ')];
  }
  // Greedy for more lines (or a word too long for any balanced break).
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= rules.maxCharsPerLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The break closest to the middle that keeps both lines within the limit, preferring one after punctuation. */
function bestTwoLineBreak(words: readonly string[], maxChars: number): number | null {
  let best: { at: number; cost: number } | null = null;
  for (let at = 1; at < words.length; at++) {
    const top = words.slice(0, at).join(' ').length;
    const bottom = words.slice(at).join(' ').length;
    if (top > maxChars || bottom > maxChars) continue;
    const punctuation = /[.,!?;:…]$/.test(words[at - 1]!) ? 0.5 : 1;
    const cost = Math.abs(top - bottom) * punctuation;
    if (!best || cost < best.cost) best = { at, cost };
  }
  return best?.at ?? null;
}
