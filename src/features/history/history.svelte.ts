/**
 * The list of saved transcripts as the history panel shows it, and what the user does with it:
 * search, rename, delete (with undo), delete all. Writes of live transcripts come through `save`.
 */
import { deleteAllRecords, deleteRecord, HistoryWriteError, listRecords, saveRecord } from './store';
import { recordMatches, type TranscriptRecord } from './record';

export class TranscriptHistory {
  records = $state.raw<TranscriptRecord[]>([]);
  loaded = $state(false);
  query = $state('');
  /** The record a running job is writing (shown as running, not interrupted). */
  liveId = $state<string | null>(null);
  /** The last write failed: storage is full (`quota`) or the browser refused for another reason. */
  writeError = $state<'quota' | 'other' | null>(null);
  /** The record deleted last, for "Undo". */
  lastDeleted = $state.raw<TranscriptRecord | null>(null);

  readonly shown = $derived(this.records.filter((r) => recordMatches(r, this.query)));
  /** About what the records take in storage (their text as UTF-16, as IndexedDB keeps strings). */
  readonly sizeBytes = $derived(this.records.reduce((n, r) => n + JSON.stringify(r).length * 2, 0));

  async refresh(): Promise<void> {
    try {
      this.records = await listRecords();
    } finally {
      this.loaded = true;
    }
  }

  /** Writes a record; false (and `writeError` set) when the browser refused. The previous version stays intact then. */
  async save(record: TranscriptRecord): Promise<boolean> {
    try {
      await saveRecord(record);
    } catch (error) {
      this.writeError = error instanceof HistoryWriteError ? error.reason : 'other';
      return false;
    }
    this.writeError = null;
    const others = this.records.filter((r) => r.id !== record.id);
    this.records = [record, ...others].sort((a, b) => b.createdAt - a.createdAt);
    return true;
  }

  async rename(id: string, name: string): Promise<void> {
    const record = this.records.find((r) => r.id === id);
    const trimmed = name.trim();
    if (!record || trimmed === '' || trimmed === record.fileName) return;
    await this.save({ ...record, fileName: trimmed, updatedAt: Date.now() });
  }

  async remove(id: string): Promise<void> {
    const record = this.records.find((r) => r.id === id);
    if (!record) return;
    await deleteRecord(id);
    this.records = this.records.filter((r) => r.id !== id);
    this.lastDeleted = record;
  }

  async undoRemove(): Promise<void> {
    const record = this.lastDeleted;
    if (!record) return;
    if (await this.save(record)) this.lastDeleted = null;
  }

  async removeAll(): Promise<void> {
    await deleteAllRecords();
    this.records = [];
    this.lastDeleted = null;
  }
}
