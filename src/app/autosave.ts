/**
 * Keeps the transcript on screen saved in the history as it grows and as it is edited: every
 * change of the document (a streamed window's segments, an edit, an undo) and every end of a run
 * writes the record again. Writes are serialised and coalesced — while one is in flight, only the
 * latest state waits — so the store always ends up holding the latest state.
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

interface Capture {
  record: Omit<TranscriptRecord, 'fingerprint'>;
  fingerprint: Promise<string>;
}

export class Autosave {
  private writing = false;
  /** The latest state not yet written; a newer capture replaces it (only the latest matters). */
  private pending: Capture | null = null;
  private readonly fingerprints = new WeakMap<File, Promise<string>>();

  constructor(
    private readonly job: TranscriptionJob,
    private readonly history: TranscriptHistory,
    /** The model the job runs (its repo id), for records of live runs. */
    private readonly modelId: () => string,
  ) {
    job.document.subscribe(() => this.schedule());
  }

  /**
   * Something changed (the document, or the run's phase): the state is captured now, synchronously
   * — a next run may change the job before any write could start — and written as soon as the
   * write before it is done.
   */
  schedule(): void {
    const capture = this.capture();
    if (!capture) return;
    this.pending = capture;
    if (!this.writing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending) {
        const { record, fingerprint } = this.pending;
        this.pending = null;
        await this.history.save({ ...record, fingerprint: await fingerprint });
      }
    } finally {
      this.writing = false;
    }
  }

  /** The record as of now, or null when there is nothing to keep. */
  private capture(): Capture | null {
    const { job } = this;
    const id = job.transcriptId;
    // Until a new run's first segment takes over, the transcript on screen (and its record) is the previous one's.
    if (!id || !job.transcriptIsCurrent) return null;
    const segments = job.document.segments.map(({ start, end, text, words }) => ({ start, end, text, ...(words ? { words } : {}) }));
    const saved = this.history.records.find((r) => r.id === id);
    if (!job.transcriptFromRun) {
      // A transcript opened from the history: only its segments (the user's edits) change.
      return saved ? { record: { ...saved, segments, updatedAt: Date.now() }, fingerprint: Promise.resolve(saved.fingerprint) } : null;
    }
    const media = job.transcriptMedia;
    const live = job.phase === 'running';
    this.history.liveId = live ? id : this.history.liveId === id ? null : this.history.liveId;
    return {
      record: {
        id,
        fileName: saved?.fileName ?? job.transcriptFile,
        fileSize: media?.size ?? saved?.fileSize ?? 0,
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
      },
      fingerprint: media ? this.fingerprintOf(media) : Promise.resolve(saved?.fingerprint ?? ''),
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
