/**
 * The workspace's state: the transcript document as the view sees it, the player's position, the
 * selected segment, follow-the-playhead and find/replace. Components render it; the document
 * (features/transcript) does the editing and keeps the history.
 */
import type { DocSegment, TranscriptDocument } from '../transcript';
import { activeSegmentAt } from './active-segment';
import { findMatches, replaceAllChanges, replaceMatch, type Match } from './find';
import { JUMP_S } from './shortcuts';

/** Where the player's sound and picture come from. */
export type PlaybackKind = 'video' | 'audio' | 'extracted-audio';

export class Workspace {
  readonly document: TranscriptDocument;
  segments = $state.raw<readonly DocSegment[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);

  /** The player element (set by the Player component), and what it reports. */
  media = $state.raw<HTMLMediaElement | null>(null);
  currentTime = $state(0);
  playing = $state(false);

  selectedId = $state<string | null>(null);
  /** Keep the segment under the playhead in view; turns itself off when the user scrolls the list. */
  follow = $state(true);

  findOpen = $state(false);
  query = $state('');
  replacement = $state('');
  /** Which match next/previous is on. */
  matchIndex = $state(0);

  readonly activeIndex = $derived(activeSegmentAt(this.segments, this.currentTime));
  readonly activeId = $derived(this.segments[this.activeIndex]?.id ?? null);
  readonly matches = $derived<Match[]>(this.findOpen ? findMatches(this.segments, this.query) : []);
  readonly currentMatch = $derived<Match | null>(this.matches[Math.min(this.matchIndex, this.matches.length - 1)] ?? null);

  constructor(document: TranscriptDocument) {
    this.document = document;
    this.sync();
    document.subscribe(() => this.sync());
  }

  private sync(): void {
    this.segments = this.document.segments;
    this.canUndo = this.document.canUndo;
    this.canRedo = this.document.canRedo;
    if (this.selectedId && !this.document.find(this.selectedId)) this.selectedId = null;
  }

  seek(time: number): void {
    const t = Math.max(0, time);
    if (this.media) this.media.currentTime = t;
    this.currentTime = t;
  }

  /** Clicking a segment or its time: the player goes there and the segment is the one being edited. */
  open(id: string): void {
    const segment = this.document.find(id);
    if (!segment) return;
    this.selectedId = id;
    this.seek(segment.start);
  }

  togglePlay(): void {
    const media = this.media;
    if (!media) return;
    if (media.paused) void media.play().catch(() => undefined);
    else media.pause();
  }

  jump(direction: -1 | 1): void {
    this.seek(this.currentTime + direction * JUMP_S);
  }

  /** The segment before/after the selected one (or the one playing), selected and played from its start. */
  step(direction: -1 | 1): void {
    const from = this.selectedId ? this.document.indexOf(this.selectedId) : this.activeIndex;
    const index = from < 0 ? (direction > 0 ? 0 : this.segments.length - 1) : from + direction;
    const target = this.segments[Math.max(0, Math.min(this.segments.length - 1, index))];
    if (target) this.open(target.id);
  }

  undo(): void {
    this.document.undo();
  }

  redo(): void {
    this.document.redo();
  }

  /** Times typed or nudged, kept to the millisecond that subtitle formats count in. */
  setTimes(id: string, start: number, end: number): boolean {
    return this.document.setTimes(id, round3(start), round3(end));
  }

  split(id: string, offset: number): void {
    const right = this.document.split(id, offset);
    if (right) this.selectedId = right;
  }

  insertAfter(id: string): void {
    const segment = this.document.find(id);
    if (!segment) return;
    const next = this.segments[this.document.indexOf(id) + 1];
    const start = segment.end;
    const end = next ? Math.max(next.start, start + 0.5) : start + 2;
    const created = this.document.insertAfter(id, { start, end: Math.min(end, start + 5), text: '' });
    if (created) this.selectedId = created;
  }

  remove(id: string): void {
    const index = this.document.indexOf(id);
    if (!this.document.remove(id)) return;
    this.selectedId = this.segments[Math.min(index, this.segments.length - 1)]?.id ?? null;
  }

  moveMatch(direction: -1 | 1): void {
    const n = this.matches.length;
    if (n === 0) return;
    this.matchIndex = (Math.min(this.matchIndex, n - 1) + direction + n) % n;
  }

  replaceCurrent(): void {
    const match = this.currentMatch;
    const segment = match && this.document.find(match.id);
    if (!match || !segment) return;
    // The match index now points at the next match (the replaced one is gone, unless the replacement matches too).
    this.document.setText(segment.id, replaceMatch(segment.text, match, this.replacement));
  }

  replaceAll(): number {
    const count = this.matches.length;
    this.document.setTexts(replaceAllChanges(this.segments, this.query, this.replacement));
    return count;
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
