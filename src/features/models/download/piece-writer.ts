import { PIECE_BYTES } from './chunks';

const PIECE_MAX_AGE_MS = 1000;
/**
 * Received bytes allowed to wait for IndexedDB before the reader pauses. They wait as Blobs (kept
 * by the browser, not in the page's heap). A paused reader leaves data in the network pipe, and a
 * connection that breaks drops that data, so the reader should rarely pause.
 */
const MAX_UNWRITTEN_BYTES = 8 * 1024 * 1024;

/** Consecutive pieces to store: each Blob's bytes start at `at` in the file. */
export type PieceBatch = readonly { at: number; blob: Blob }[];

/**
 * Turns arriving bytes into stored pieces of PIECE_BYTES (or a second's worth on a slow link),
 * gathered in one reused buffer. Writes run behind the reader instead of holding it up: a stream
 * that errors drops whatever it had queued and not yet read.
 */
export class PieceWriter {
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
    private readonly write: (pieces: PieceBatch) => Promise<void>,
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
