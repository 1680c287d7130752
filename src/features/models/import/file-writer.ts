/**
 * Writes one model file into the store as it is decoded from an archive or read from a local
 * file: the bytes go into Blob pieces (download/piece-writer.ts, the downloader's own) and through
 * a sha256 at the same time, so the file is hashed in the one pass that stores it.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { PieceWriter } from '../download/piece-writer';
import { deletePieces, putPieces } from '../store/store';
import type { EntrySink } from './archive-reader';

export interface WrittenFile {
  path: string;
  size: number;
  sha256: string;
}

/** A sink for one file; `done` resolves with its size and digest once it is closed and stored. */
export class StoreFileWriter implements EntrySink {
  private readonly pieces: PieceWriter;
  private hasher: IHasher | null = null;
  private size = 0;
  private result: WrittenFile | null = null;

  private constructor(
    repo: string,
    commit: string,
    private readonly path: string,
    /** The source the pieces are stored as coming from ("served by"). */
    source: string,
  ) {
    this.pieces = new PieceWriter(0, (batch) =>
      putPieces(repo, commit, path, batch.map(({ at, blob }) => ({ start: at, piece: { blob, source } }))),
    );
  }

  /** Starts a file afresh: pieces left by an earlier, interrupted attempt are dropped first. */
  static async open(repo: string, commit: string, path: string, source: string): Promise<StoreFileWriter> {
    await deletePieces(repo, commit, path);
    const writer = new StoreFileWriter(repo, commit, path, source);
    writer.hasher = await createSHA256();
    writer.hasher.init();
    return writer;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.hasher!.update(chunk);
    this.size += chunk.length;
    await this.pieces.push(chunk);
  }

  async close(): Promise<void> {
    await this.pieces.finish();
    this.result = { path: this.path, size: this.size, sha256: this.hasher!.digest('hex') };
  }

  /** The stored file; null until `close` has finished. */
  get written(): WrittenFile | null {
    return this.result;
  }
}
