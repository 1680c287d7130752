/**
 * Keeps the transcript on screen saved in the history as it grows and as it is edited: every
 * change of the document (a streamed window's segments, an edit, an undo) and every end of a run
 * writes the record again. Writes are serialised and coalesced — while one is in flight, further
 * changes make exactly one more — so the store always ends up holding the latest state.
 */
import { fingerprint, type RecordStatus, type TranscriptHistory, type TranscriptRecord } from '../features/history';
import type { Phase, TranscriptionJob } from './job.svelte';

const STATUS: Record<Phase, RecordStatus> = {
  idle: 'done',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export class Autosave {
  private writing = false;
  private dirty = false;
  private readonly fingerprints = new WeakMap<File, Promise<string>>();

  constructor(
    private readonly job: TranscriptionJob,
    private readonly history: TranscriptHistory,
    /** The model the job runs (its repo id), for records of live runs. */
    private readonly modelId: () => string,
  ) {
    job.document.subscribe(() => this.schedule());
  }

  /** Something changed (the document, or the run's phase): write the record once more. */
  schedule(): void {
    this.dirty = true;
    // After the current task: a change is usually several assignments on the job, read together.
    if (!this.writing) queueMicrotask(() => void this.drain());
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.dirty) {
        this.dirty = false;
        const record = await this.snapshot();
        if (record) await this.history.save(record);
      }
    } finally {
      this.writing = false;
    }
  }

  /** The record as of now, or null when there is nothing to keep (no transcript, or an empty one from no run). */
  private async snapshot(): Promise<TranscriptRecord | null> {
    const { job } = this;
    // Awaited first: everything below is read in one go, so segments and processedS belong together.
    const media = job.transcriptFromRun ? job.transcriptMedia : null;
    const print = media ? await this.fingerprintOf(media) : null;
    const id = job.transcriptId;
    // Until a new run's first segment takes over, the transcript on screen (and its record) is the previous one's.
    if (!id || !job.transcriptIsCurrent) return null;
    const segments = job.document.segments.map(({ start, end, text, words }) => ({ start, end, text, ...(words ? { words } : {}) }));
    const saved = this.history.records.find((r) => r.id === id);
    if (!job.transcriptFromRun) {
      // A transcript opened from the history: only its segments (the user's edits) change.
      return saved ? { ...saved, segments, updatedAt: Date.now() } : null;
    }
    if (media !== job.transcriptMedia) return this.snapshot(); // the transcript changed meanwhile
    const live = job.phase === 'running';
    this.history.liveId = live ? id : null;
    return {
      id,
      fileName: saved?.fileName ?? job.transcriptFile,
      fileSize: media?.size ?? saved?.fileSize ?? 0,
      fingerprint: print ?? saved?.fingerprint ?? '',
      durationS: job.mediaDurationS ?? saved?.durationS ?? null,
      model: job.model?.repo ?? this.modelId(),
      revision: job.transcriptRevision,
      language: job.transcriptLanguage ?? job.detectedLanguage,
      task: job.transcriptTask,
      createdAt: job.transcriptCreatedAt,
      updatedAt: Date.now(),
      status: STATUS[job.phase],
      processedS: live || job.phase !== 'done' ? job.processedS : (job.mediaDurationS ?? job.processedS),
      segments,
    };
  }

  private fingerprintOf(file: File): Promise<string> {
    let pending = this.fingerprints.get(file);
    if (!pending) {
      pending = fingerprint(file);
      this.fingerprints.set(file, pending);
    }
    return pending;
  }
}
