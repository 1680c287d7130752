import type { Segment } from '../transcript';

/**
 * `running` is what a live job writes; a `running` record found when the app starts belongs to a
 * run that a reload, a crash or a closed tab cut off, and is shown as interrupted.
 */
export type RecordStatus = 'running' | 'done' | 'cancelled' | 'failed';

/** One transcription as kept on this device. The media itself is never stored. */
export interface TranscriptRecord {
  id: string;
  fileName: string;
  fileSize: number;
  /** Size plus a hash of the first and last MiB: tells the same file again without reading it whole. */
  fingerprint: string;
  /** The file's duration when known (announced or decoded), seconds. */
  durationS: number | null;
  model: string;
  revision: string | null;
  language: string | null;
  task: string;
  createdAt: number;
  updatedAt: number;
  status: RecordStatus;
  /** Seconds of audio recognised when the record was last written. */
  processedS: number;
  /** The transcript as it is now: streamed segments with the user's edits applied. */
  segments: Segment[];
}

/** What the history list shows for a record, as the app found it. */
export type ShownStatus = 'done' | 'interrupted' | 'cancelled' | 'failed' | 'running';

export function shownStatus(record: TranscriptRecord, live: boolean): ShownStatus {
  if (record.status === 'running') return live ? 'running' : 'interrupted';
  return record.status;
}

/** Does the record's text contain `query` (case-insensitive; е = ё)? */
export function recordMatches(record: TranscriptRecord, query: string): boolean {
  const fold = (text: string) => text.toLocaleLowerCase().replace(/ё/g, 'е');
  const q = fold(query.trim());
  if (q === '') return true;
  return fold(record.fileName).includes(q) || record.segments.some((s) => fold(s.text).includes(q));
}
