/**
 * Downloads a model's files into the store: several files at once, each in Range requests
 * (range-request.ts) whose bytes are written as Blob pieces while they arrive; resumes from the
 * stored pieces; moves to the next source on an error or a stall; verifies every file's hash
 * before marking it complete.
 */
import { isQuotaError, ModelsError } from '../errors';
import { fileUrl } from '../hub/sources';
import { deletePieces, getFileState, listPieces, pieceBlobs, putFileState, putModel, putPieces } from '../store/store';
import type { DownloadOptions, FileProgress, FileState, FileStatus, ModelFile, ModelRecord } from '../types';
import { planResume } from './chunks';
import { verify } from './integrity';
import { fetchRange, RequestError } from './range-request';

const PARALLEL_FILES = 3;
/** Rounds through every source before giving up; a round that moves no byte waits longer each time. */
const MAX_FAILED_ROUNDS = 4;
const BACKOFF_MS = [1000, 2000, 4000, 8000];

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export class ModelDownloader {
  private readonly progress: FileProgress[];
  private readonly stopAll = new AbortController();
  /** The caller's signal, or a failure elsewhere in this download. */
  private readonly signal: AbortSignal;

  constructor(
    private readonly record: ModelRecord,
    private readonly options: DownloadOptions,
  ) {
    this.progress = record.files.map((f) => ({ path: f.path, size: f.size, loaded: 0, status: 'waiting' }));
    this.signal = AbortSignal.any([options.signal, this.stopAll.signal]);
  }

  /** Downloads whatever is missing and marks the model complete; throws ModelsError or the abort reason. */
  async run(): Promise<ModelRecord> {
    await this.downloadAll();
    const complete = { ...this.record, completedAt: Date.now(), servedBy: await this.servedBy() };
    await this.store(() => putModel(complete));
    return complete;
  }

  /**
   * Downloads and verifies every file, leaving the record unfinished: for an archive (import/),
   * whose files are the archive's parts, the model is complete only once they are unpacked.
   */
  async downloadAll(): Promise<void> {
    const { record } = this;
    await this.guardQuota();
    await this.store(() => putModel(record));
    const queue = record.files.map((file, index) => ({ file, index }));
    // Largest first, so the long transfers overlap the short ones.
    queue.sort((a, b) => b.file.size - a.file.size);
    // One file failing for good stops the others (their stored pieces stay for a later resume).
    let failure: unknown = null;
    const worker = async () => {
      for (let next = queue.shift(); next && failure === null; next = queue.shift()) {
        try {
          await this.downloadFile(next.file, next.index);
        } catch (error) {
          if (failure === null) {
            failure = error;
            this.stopAll.abort(error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_FILES }, worker));
    if (failure !== null) throw this.options.signal.aborted ? this.options.signal.reason : failure;
  }

  /** The sources whose bytes were kept (a file's wrong bytes are gone by now), for "served by". */
  async servedBy(): Promise<string[]> {
    const { repo, commit } = this.record;
    const sources = new Set<string>();
    for (const file of this.record.files) for (const piece of await listPieces(repo, commit, file.path)) sources.add(piece.source);
    return [...sources];
  }

  private remainingBytes(): number {
    return this.progress.reduce((sum, f) => sum + f.size - f.loaded, 0);
  }

  /** Refuses early when the browser says the rest will not fit. */
  private async guardQuota(): Promise<void> {
    for (const [index, file] of this.record.files.entries()) {
      const state = await getFileState(this.record.repo, this.record.commit, file.path);
      const pieces = state?.complete ? null : await listPieces(this.record.repo, this.record.commit, file.path);
      this.progress[index]!.loaded = pieces ? planResume(pieces, file.size).offset : file.size;
    }
    this.report();
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (!estimate?.quota || estimate.usage === undefined) return;
    const available = estimate.quota - estimate.usage;
    const needed = this.remainingBytes();
    if (needed > available) {
      throw new ModelsError({ code: 'quota', neededBytes: needed, detail: `quota ${estimate.quota}, used ${estimate.usage}` });
    }
  }

  /** Runs a store write; a full disk becomes the quota failure that says how much is missing. */
  private async store<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      throw new ModelsError({ code: 'quota', neededBytes: this.remainingBytes(), detail: String(error) });
    }
  }

  private report(): void {
    this.options.onProgress(this.progress);
  }

  private setFile(index: number, loaded: number, status: FileStatus): void {
    const entry = this.progress[index]!;
    entry.loaded = loaded;
    entry.status = status;
    this.report();
  }

  private async downloadFile(file: ModelFile, index: number): Promise<void> {
    const { repo, commit } = this.record;
    const state: FileState = (await getFileState(repo, commit, file.path)) ?? { complete: false, badSources: [] };
    if (state.complete) return this.setFile(index, file.size, 'done');

    for (;;) {
      const pieces = await listPieces(repo, commit, file.path);
      const plan = planResume(pieces, file.size);
      if (plan.discard.length > 0) await deletePieces(repo, commit, file.path, plan.discard.map((p) => p.start));
      let offset = plan.offset;
      this.setFile(index, offset, 'downloading');

      const usable = this.options.sources.filter((s) => !state.badSources.includes(s));
      if (usable.length === 0) {
        throw new ModelsError({ code: 'integrity', detail: `${file.path}: every source served wrong bytes` });
      }
      if (offset < file.size) offset = await this.fetchMissing(file, index, offset, usable);

      this.setFile(index, offset, 'verifying');
      if (await verify(file.integrity, file.size, await pieceBlobs(repo, commit, file.path))) {
        state.complete = true;
        await this.store(() => putFileState(repo, commit, file.path, state));
        return this.setFile(index, file.size, 'done');
      }
      // Only the whole file's digest is known, so every source that contributed is suspect: drop
      // their bytes and fetch the file again from the others.
      const served = new Set((await listPieces(repo, commit, file.path)).map((p) => p.source));
      state.badSources.push(...[...served].filter((s) => !state.badSources.includes(s)));
      await this.store(() => putFileState(repo, commit, file.path, state));
      await deletePieces(repo, commit, file.path);
    }
  }

  /** Fetches [offset, size) trying the sources in turn; returns the file size once all is stored. */
  private async fetchMissing(file: ModelFile, index: number, offset: number, sources: string[]): Promise<number> {
    const { signal } = this;
    let sourceIndex = 0;
    let failedRounds = 0;
    let failuresThisRound = 0;
    let lastError: unknown = null;
    let definite: ModelsError | null = null;
    while (offset < file.size) {
      if (sources.length === 0) throw definite ?? new ModelsError({ code: 'download', detail: String(lastError) });
      const source = sources[sourceIndex % sources.length]!;
      try {
        offset = await this.fetchChunk(source, file, index, offset);
        failuresThisRound = 0;
        failedRounds = 0;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof RequestError)) throw error;
        lastError = error.cause;
        const progressed = error.offset > offset;
        offset = error.offset;
        if (error.code === 'refused') {
          // This source lacks the file or refuses us: ask only the others from now on.
          definite ??= error.refusal;
          sources = sources.filter((s) => s !== source);
          continue;
        }
        sourceIndex++;
        if (progressed) {
          failuresThisRound = 0;
          continue;
        }
        if (++failuresThisRound < sources.length) continue;
        failuresThisRound = 0;
        if (failedRounds >= MAX_FAILED_ROUNDS) {
          throw new ModelsError({ code: 'download', detail: `${file.path}: ${String(lastError)}` });
        }
        await sleep(BACKOFF_MS[failedRounds++]!, signal);
      }
    }
    return offset;
  }

  /** One Range request to `source`, its pieces stored as coming from there; returns the new offset. */
  private fetchChunk(source: string, file: ModelFile, index: number, offset: number): Promise<number> {
    const { repo, commit } = this.record;
    const url = this.options.locate ? this.options.locate(source, file) : fileUrl(source, repo, commit, file.path);
    return fetchRange({
      url,
      headers: this.options.authorize(url),
      fileSize: file.size,
      offset,
      signal: this.signal,
      write: (pieces) =>
        this.store(() => putPieces(repo, commit, file.path, pieces.map(({ at, blob }) => ({ start: at, piece: { blob, source } })))),
      onProgress: (loaded) => this.setFile(index, loaded, 'downloading'),
    });
  }
}
