/**
 * Saved transcripts in IndexedDB, through idb-keyval in a database of their own (the models'
 * store is never touched). Each record is written whole by one `put` in one transaction, so a
 * crash mid-write leaves the previous good record.
 */
import { clear, createStore, del, get, set, values, type UseStore } from 'idb-keyval';
import type { TranscriptRecord } from './record';

const DB_NAME = 'video-to-text-history';
const STORE_NAME = 'transcripts';

let store: UseStore | null = null;
function history(): UseStore {
  store ??= createStore(DB_NAME, STORE_NAME);
  return store;
}

/** Why a write failed: `quota` when the browser's storage is full, else the browser's own words. */
export class HistoryWriteError extends Error {
  constructor(
    readonly reason: 'quota' | 'other',
    detail: string,
  ) {
    super(detail);
    this.name = 'HistoryWriteError';
  }
}

export async function saveRecord(record: TranscriptRecord): Promise<void> {
  try {
    await set(record.id, record, history());
  } catch (error) {
    const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
    throw new HistoryWriteError(quota ? 'quota' : 'other', String(error));
  }
}

export function loadRecord(id: string): Promise<TranscriptRecord | undefined> {
  return get<TranscriptRecord>(id, history());
}

/** All records, newest first. */
export async function listRecords(): Promise<TranscriptRecord[]> {
  const all = await values<TranscriptRecord>(history());
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

export function deleteRecord(id: string): Promise<void> {
  return del(id, history());
}

export function deleteAllRecords(): Promise<void> {
  return clear(history());
}
