/**
 * Downloads a model's files into the store: several files at once, each in Range requests whose
 * bytes are written as Blob pieces while they arrive; resumes from the stored pieces; moves to the
 * next source on an error or a stall; verifies every file's hash before marking it complete.
 */
import { CHUNK_BYTES, contentRangeStart, nextRange, PIECE_BYTES, planResume, rangeHeader } from './chunks';
import { isQuotaError, ModelsFailure } from '../errors';
import { verify } from './integrity';
import type { ModelFile } from '../hub/select-files';
import { fileUrl } from '../hub/sources';
import {
  deletePieces,
  getFileState,
  listPieces,
  pieceBlobs,
  putFileState,
  putModel,
  putPieces,
  type FileState,
  type ModelRecord,
} from '../store/store';

export type FileStatus = 'waiting' | 'downloading' | 'verifying' | 'done';

export interface FileProgress {
  path: string;
  size: number;
  loaded: number;
  status: FileStatus;
}

export interface DownloadOptions {
  sources: readonly string[];
  /** Headers for a URL: the token only where it may go (sources.ts `authorizer`). */
  authorize: (url: string) => Record<string, string>;
  signal: AbortSignal;
  /** Called often: coalesce before rendering. */
  onProgress: (files: readonly FileProgress[]) => void;
}

/** No byte for this long means the source stalled. */
const STALL_MS = 10_000;
const PIECE_MAX_AGE_MS = 1000;
/** A BYOB read asks for at most this much. */
const SCRATCH_BYTES = 64 * 1024;
/**
 * Received bytes allowed to wait for IndexedDB before the reader pauses. They wait as Blobs (kept
 * by the browser, not in the page's heap). A paused reader leaves data in the network pipe, and a
 * connection that breaks drops that data, so the reader should rarely pause.
 */
const MAX_UNWRITTEN_BYTES = 8 * 1024 * 1024;
const PARALLEL_FILES = 3;
/** Rounds through every source before giving up; a round that moves no byte waits longer each time. */
const MAX_FAILED_ROUNDS = 4;
const BACKOFF_MS = [1000, 2000, 4000, 8000];

class StallError extends Error {
  constructor() {
    super('no data arrived in time (stalled)');
  }
}

/** A failure of one request; `offset` is how far the file is stored now (partial data is kept). */
class RequestFailure extends Error {
  constructor(
    readonly offset: number,
    override readonly cause: unknown,
    /** The source answered that it does not have the file, or refused it: no use asking it again. */
    readonly definite: ModelsFailure | null = null,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

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

function definiteFailure(status: number): ModelsFailure | null {
  if (status === 401 || status === 403) return new ModelsFailure({ code: 'unauthorized', detail: `HTTP ${status}` });
  if (status === 404) return new ModelsFailure({ code: 'not-found', detail: `HTTP ${status}` });
  return null;
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

  /** Downloads whatever is missing and marks the model complete; throws ModelsFailure or the abort reason. */
  async run(): Promise<ModelRecord> {
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
    const complete = { ...record, completedAt: Date.now() };
    await this.store(() => putModel(complete));
    return complete;
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
      throw new ModelsFailure({ code: 'quota', neededBytes: needed, detail: `quota ${estimate.quota}, used ${estimate.usage}` });
    }
  }

  /** Runs a store write; a full disk becomes the quota failure that says how much is missing. */
  private async store<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      throw new ModelsFailure({ code: 'quota', neededBytes: this.remainingBytes(), detail: String(error) });
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
        throw new ModelsFailure({ code: 'integrity', detail: `${file.path}: every source served wrong bytes` });
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
    let definite: ModelsFailure | null = null;
    while (offset < file.size) {
      if (sources.length === 0) throw definite ?? new ModelsFailure({ code: 'download', detail: String(lastError) });
      const source = sources[sourceIndex % sources.length]!;
      try {
        offset = await this.fetchChunk(source, file, index, offset);
        failuresThisRound = 0;
        failedRounds = 0;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!(error instanceof RequestFailure)) throw error;
        lastError = error.cause;
        const progressed = error.offset > offset;
        offset = error.offset;
        if (error.definite) {
          // This source lacks the file or refuses us: ask only the others from now on.
          definite ??= error.definite;
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
          throw new ModelsFailure({ code: 'download', detail: `${file.path}: ${String(lastError)}` });
        }
        await sleep(BACKOFF_MS[failedRounds++]!, signal);
      }
    }
    return offset;
  }

  /**
   * One Range request from `offset`: stores what arrives in pieces and returns the new offset.
   * On failure, keeps the bytes that did arrive and throws RequestFailure with the offset reached.
   */
  private async fetchChunk(source: string, file: ModelFile, index: number, offset: number): Promise<number> {
    const { repo, commit } = this.record;
    const { start, end } = nextRange(offset, file.size, CHUNK_BYTES);
    const whole = start === 0 && end === file.size;
    const controller = new AbortController();
    const signal = AbortSignal.any([this.signal, controller.signal]);
    let watchdog = setTimeout(() => controller.abort(new StallError()), STALL_MS);
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(new StallError()), STALL_MS);
    };
    const writer = new PieceWriter(start, (pieces) =>
      this.store(() => putPieces(repo, commit, file.path, pieces.map(({ at, blob }) => ({ start: at, piece: { blob, source } })))),
    );

    try {
      const url = fileUrl(source, repo, commit, file.path);
      const response = await fetch(url, {
        headers: { ...this.options.authorize(url), ...(whole ? {} : { Range: rangeHeader({ start, end }) }) },
        signal,
        cache: 'no-store',
      });
      if (!response.ok) {
        throw new RequestFailure(offset, new Error(`HTTP ${response.status}`), definiteFailure(response.status));
      }
      if (response.status === 206 && contentRangeStart(response.headers.get('content-range')) !== start) {
        throw new Error('wrong Content-Range');
      }
      if (!response.body) throw new Error('empty response');
      const body = new BodyReader(response.body);
      // A source that ignores Range answers 200 with the whole file: skip what is already stored.
      let skip = response.status === 206 ? 0 : start;
      try {
        while (writer.position < end) {
          const chunk = await body.read(skip > 0 ? skip : end - writer.position);
          if (!chunk) break;
          alive();
          const dropped = Math.min(skip, chunk.length);
          skip -= dropped;
          const bytes = chunk.subarray(dropped, dropped + end - writer.position);
          if (bytes.length === 0) continue;
          await writer.push(bytes);
          this.setFile(index, writer.position, 'downloading');
        }
      } finally {
        body.cancel();
      }
      const stored = await writer.finish();
      if (stored < end) throw new Error(`the connection closed after ${stored - start} of ${end - start} bytes`);
      return stored;
    } catch (error) {
      if (error instanceof ModelsFailure) throw error; // quota: no other source helps
      const stored = await writer.finish().catch((e: unknown) => {
        if (e instanceof ModelsFailure) throw e;
        return writer.written;
      });
      this.setFile(index, stored, 'downloading');
      if (error instanceof RequestFailure) throw error;
      const cause = controller.signal.aborted ? controller.signal.reason : error;
      throw new RequestFailure(stored, cause);
    } finally {
      clearTimeout(watchdog);
    }
  }
}

/**
 * Turns arriving bytes into stored pieces of PIECE_BYTES (or a second's worth on a slow link),
 * gathered in one reused buffer. Writes run behind the reader instead of holding it up: a stream
 * that errors drops whatever it had queued and not yet read.
 */
class PieceWriter {
  /** End of the bytes confirmed in IndexedDB, from the file's start. */
  written: number;
  private queuedEnd: number;
  private readonly buffer = new Uint8Array(PIECE_BYTES);
  private filled = 0;
  private lastFlush = performance.now();
  /** Pieces waiting for IndexedDB; whatever queued up during one write goes in the next. */
  private queue: { at: number; blob: Blob }[] = [];
  private writing: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    start: number,
    private readonly write: (pieces: readonly { at: number; blob: Blob }[]) => Promise<void>,
  ) {
    this.written = this.queuedEnd = start;
  }

  /** Where the next byte goes (received, written or not). */
  get position(): number {
    return this.queuedEnd + this.filled;
  }

  async push(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    while (bytes.length > 0) {
      const n = Math.min(PIECE_BYTES - this.filled, bytes.length);
      this.buffer.set(bytes.subarray(0, n), this.filled);
      this.filled += n;
      bytes = bytes.subarray(n);
      if (this.filled === PIECE_BYTES) this.flush();
    }
    if (performance.now() - this.lastFlush > PIECE_MAX_AGE_MS) this.flush();
    // Bound what waits: let IndexedDB catch up when too much is still unwritten.
    while (this.queuedEnd - this.written > MAX_UNWRITTEN_BYTES && this.writing) await this.writing;
  }

  /** Writes what is left; resolves to the end of what is stored, or rejects with the write failure. */
  async finish(): Promise<number> {
    this.flush();
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure;
    return this.written;
  }

  private flush(): void {
    this.lastFlush = performance.now();
    if (this.filled === 0) return;
    // The Blob takes its own copy of the bytes, so the buffer is free again at once.
    this.queue.push({ at: this.queuedEnd, blob: new Blob([this.buffer.subarray(0, this.filled)]) });
    this.queuedEnd += this.filled;
    this.filled = 0;
    this.writing ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.write(batch);
        const last = batch.at(-1)!;
        this.written = last.at + last.blob.size;
      } catch (error) {
        this.failure = error;
      }
    }
    this.writing = null;
  }
}

/**
 * A response body, read with a BYOB reader into one reused scratch buffer where the browser offers
 * byte streams (no fresh ArrayBuffer per chunk for the heap to carry), else chunk by chunk.
 */
class BodyReader {
  private readonly byob: ReadableStreamBYOBReader | null;
  private readonly plain: ReadableStreamDefaultReader<Uint8Array> | null;
  private scratch = new Uint8Array(SCRATCH_BYTES);

  constructor(body: ReadableStream<Uint8Array>) {
    let byob: ReadableStreamBYOBReader | null = null;
    try {
      byob = body.getReader({ mode: 'byob' });
    } catch {
      // Not a byte stream in this browser.
    }
    this.byob = byob;
    this.plain = byob ? null : body.getReader();
  }

  /** The next bytes (at most `max` with a BYOB reader; valid until the next call), or null at the end. */
  async read(max: number): Promise<Uint8Array | null> {
    if (this.byob) {
      const { done, value } = await this.byob.read(this.scratch.subarray(0, Math.min(max, this.scratch.length)));
      if (value) this.scratch = new Uint8Array(value.buffer);
      return done ? null : (value ?? null);
    }
    const { done, value } = await this.plain!.read();
    return done ? null : value;
  }

  cancel(): void {
    (this.byob ?? this.plain)!.cancel().catch(() => undefined);
  }
}
