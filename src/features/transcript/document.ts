/**
 * The transcript as a document the user edits: segments with stable ids and an undo history.
 *
 * Every edit is a list of patches, each replacing a contiguous run of segments (found by the id
 * of the segment before it, not by position) with another run. Undo applies the inverse patches.
 * Anchoring by id is what lets the engine keep appending streamed segments while the user edits
 * and undoes: an append moves no anchor, so no edit is lost or misplaced by a late segment.
 * Segments are immutable objects: a changed segment is a new object with the same id, which lets
 * views key on ids and compare by reference.
 */
import type { Segment, Word } from './segment';
import { wordRuns } from './word-runs';

export interface DocSegment extends Segment {
  readonly id: string;
}

/** Replace `removed` (the run right after the segment `anchor`, or at the start for null) by `added`. */
interface Patch {
  anchor: string | null;
  removed: readonly DocSegment[];
  added: readonly DocSegment[];
}

type Edit = readonly Patch[];

/** A text replacement inside one segment (what find/replace hands over). */
export interface TextChange {
  id: string;
  text: string;
}

/** How many edits undo can go back: enough for a session of corrections, bounded for hours of them. */
const HISTORY_LIMIT = 500;
/** Shortest segment a split or a time edit may leave (seconds): a cue must stay visible. */
export const MIN_SEGMENT_S = 0.05;

export class TranscriptDocument {
  private items: readonly DocSegment[] = [];
  private undoStack: Edit[] = [];
  private redoStack: Edit[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  get segments(): readonly DocSegment[] {
    return this.items;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Calls `listener` after every change (appends, edits, undo/redo, reset); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  find(id: string): DocSegment | undefined {
    return this.items.find((s) => s.id === id);
  }

  indexOf(id: string): number {
    return this.items.findIndex((s) => s.id === id);
  }

  /** A new transcript (a new run took over): the old segments and their history are gone. */
  reset(segments: readonly Segment[] = []): void {
    this.items = segments.map((s) => this.create(s));
    this.undoStack = [];
    this.redoStack = [];
    this.changed();
  }

  /** Segments the engine streamed: appended at the end, not part of the undo history. */
  append(segments: readonly Segment[]): void {
    if (segments.length === 0) return;
    this.items = [...this.items, ...segments.map((s) => this.create(s))];
    this.changed();
  }

  setText(id: string, text: string): boolean {
    const segment = this.find(id);
    if (!segment || segment.text === text) return false;
    return this.commit([this.replaceOne(segment, withText(segment, text))]);
  }

  /** New times for a segment; refused (false) when the end is not after the start or a time is negative. */
  setTimes(id: string, start: number, end: number): boolean {
    const segment = this.find(id);
    if (!segment || !validSpan(start, end)) return false;
    if (segment.start === start && segment.end === end) return false;
    // Word times outside the new span no longer describe it.
    const words = segment.words?.filter((w) => w.start >= start && w.end <= end);
    return this.commit([this.replaceOne(segment, { ...segment, start, end, words: words?.length ? words : undefined })]);
  }

  /**
   * Splits a segment at a character offset of its text: the left part keeps the id, the right part
   * starts where its first timed word starts, or where its share of the characters puts it.
   */
  split(id: string, offset: number): string | null {
    const segment = this.find(id);
    if (!segment) return null;
    const left = segment.text.slice(0, offset).trimEnd();
    const right = segment.text.slice(offset).trimStart();
    if (left.trim() === '' || right.trim() === '') return null;
    const { before, after } = splitWords(segment.text, segment.words ?? [], offset);
    const proportional = segment.start + ((segment.end - segment.start) * offset) / segment.text.length;
    const at = clamp(after[0]?.start ?? proportional, segment.start + MIN_SEGMENT_S, segment.end - MIN_SEGMENT_S);
    if (!(at > segment.start && at < segment.end)) return null;
    const first: DocSegment = { id: segment.id, start: segment.start, end: at, text: left, words: before.length ? before : undefined };
    const second = this.create({ start: at, end: segment.end, text: right, words: after.length ? after : undefined });
    this.commit([{ anchor: this.anchorOf(segment.id), removed: [segment], added: [first, second] }]);
    return second.id;
  }

  /** Joins a segment with the one after it: one segment spanning both, texts joined with a space. */
  mergeWithNext(id: string): boolean {
    const index = this.indexOf(id);
    const a = this.items[index];
    const b = this.items[index + 1];
    if (!a || !b) return false;
    const words = [...(a.words ?? []), ...(b.words ?? [])];
    const merged: DocSegment = {
      id: a.id,
      start: Math.min(a.start, b.start),
      end: Math.max(a.end, b.end),
      text: [a.text.trim(), b.text.trim()].filter(Boolean).join(' '),
      words: words.length ? words : undefined,
    };
    return this.commit([{ anchor: this.anchorOf(a.id), removed: [a, b], added: [merged] }]);
  }

  remove(id: string): boolean {
    const segment = this.find(id);
    if (!segment) return false;
    return this.commit([{ anchor: this.anchorOf(id), removed: [segment], added: [] }]);
  }

  /** Inserts a segment after `afterId` (null: at the start); returns the new segment's id. */
  insertAfter(afterId: string | null, segment: Segment): string | null {
    if (afterId !== null && !this.find(afterId)) return null;
    if (!validSpan(segment.start, segment.end)) return null;
    const created = this.create(segment);
    this.commit([{ anchor: afterId, removed: [], added: [created] }]);
    return created.id;
  }

  /** Several text changes as one edit (replace all): one undo reverts them all. */
  setTexts(changes: readonly TextChange[]): boolean {
    const patches: Patch[] = [];
    for (const { id, text } of changes) {
      const segment = this.find(id);
      if (segment && segment.text !== text) patches.push(this.replaceOne(segment, withText(segment, text)));
    }
    return this.commit(patches);
  }

  undo(): boolean {
    const edit = this.undoStack.pop();
    if (!edit) return false;
    for (const patch of [...edit].reverse()) this.apply(invert(patch));
    this.redoStack.push(edit);
    this.changed();
    return true;
  }

  redo(): boolean {
    const edit = this.redoStack.pop();
    if (!edit) return false;
    for (const patch of edit) this.apply(patch);
    this.undoStack.push(edit);
    this.changed();
    return true;
  }

  private commit(edit: Edit): boolean {
    if (edit.length === 0) return false;
    for (const patch of edit) this.apply(patch);
    this.undoStack.push(edit);
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
    this.redoStack = [];
    this.changed();
    return true;
  }

  private apply({ anchor, removed, added }: Patch): void {
    const index = anchor === null ? 0 : this.indexOf(anchor) + 1;
    const current = this.items.slice(index, index + removed.length);
    // The history only ever meets the state it was recorded against; anything else is a bug.
    if (index === 0 && anchor !== null) throw new Error(`transcript edit: segment ${anchor} is gone`);
    if (current.length !== removed.length || current.some((s, i) => s.id !== removed[i]!.id)) {
      throw new Error('transcript edit: the segments it replaces are not where it expects them');
    }
    this.items = [...this.items.slice(0, index), ...added, ...this.items.slice(index + removed.length)];
  }

  private replaceOne(segment: DocSegment, replacement: DocSegment): Patch {
    return { anchor: this.anchorOf(segment.id), removed: [segment], added: [replacement] };
  }

  private anchorOf(id: string): string | null {
    const index = this.indexOf(id);
    return index > 0 ? this.items[index - 1]!.id : null;
  }

  private create(segment: Segment): DocSegment {
    const { start, end, text, words } = segment;
    return { id: `s${this.nextId++}`, start, end, text, ...(words?.length ? { words } : {}) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function invert({ anchor, removed, added }: Patch): Patch {
  return { anchor, removed: added, added: removed };
}

function validSpan(start: number, end: number): boolean {
  return Number.isFinite(start) && Number.isFinite(end) && start >= 0 && end - start >= MIN_SEGMENT_S;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** A text edit keeps the times of the words the new text still has, in order; the rest are gone. */
function withText(segment: DocSegment, text: string): DocSegment {
  const kept = wordRuns(text, segment.words ?? []).flatMap((run) => (run.word ? [run.word] : []));
  return { ...segment, text, words: kept.length ? kept : undefined };
}

/** The timed words left and right of a character offset (a word cut by the offset goes right). */
function splitWords(text: string, words: readonly Word[], offset: number): { before: Word[]; after: Word[] } {
  const before: Word[] = [];
  const after: Word[] = [];
  let at = 0;
  for (const run of wordRuns(text, words)) {
    if (run.word) (at + run.text.length <= offset ? before : after).push(run.word);
    at += run.text.length;
  }
  return { before, after };
}
