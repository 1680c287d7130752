/**
 * One Range request for part of a file from one source: the bytes are stored in pieces while they
 * arrive, and what did arrive stays stored when the request fails. Which source to ask next, and
 * when to give up, is download.ts's business.
 */
import { ByteStreamReader } from '../../../lib/byob-reader';
import { definiteFailure, ModelsError } from '../errors';
import { CHUNK_BYTES, contentRangeStart, nextRange, rangeHeader } from './chunks';
import { PieceWriter, type PieceBatch } from './piece-writer';

/** No byte for this long means the source stalled. */
const STALL_MS = 10_000;
/** A BYOB read asks for at most this much. */
const SCRATCH_BYTES = 64 * 1024;

/** The source sent nothing for STALL_MS. */
class StallError extends Error {
  readonly code = 'stalled';

  constructor() {
    super('no data arrived in time (stalled)');
    this.name = 'StallError';
  }
}

/**
 * `refused`: the source answered that it does not have the file, or will not serve it to us (no
 * use asking it again); `failed`: anything else, worth another try.
 */
export type RequestErrorCode = 'refused' | 'failed';

/** A failure of one request; `offset` is how far the file is stored now (partial data is kept). */
export class RequestError extends Error {
  readonly code: RequestErrorCode;

  constructor(
    readonly offset: number,
    override readonly cause: unknown,
    /** The refusal, for the user, when no source has the file. */
    readonly refusal: ModelsError | null = null,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'RequestError';
    this.code = refusal ? 'refused' : 'failed';
  }
}

export interface RangeRequest {
  url: string;
  headers: Record<string, string>;
  fileSize: number;
  /** The first byte not stored yet. */
  offset: number;
  signal: AbortSignal;
  /** Stores consecutive pieces; a ModelsError from it (the disk is full) ends the download. */
  write: (pieces: PieceBatch) => Promise<void>;
  /** The file's bytes received so far, from its start. */
  onProgress: (loaded: number) => void;
}

/**
 * Asks for up to CHUNK_BYTES from `offset` and stores what arrives; returns the new offset. On
 * failure, keeps the bytes that did arrive and throws RequestError with the offset reached (or
 * the ModelsError of a write).
 */
export async function fetchRange({ url, headers, fileSize, offset, signal: outer, write, onProgress }: RangeRequest): Promise<number> {
  const { start, end } = nextRange(offset, fileSize, CHUNK_BYTES);
  const whole = start === 0 && end === fileSize;
  const controller = new AbortController();
  const signal = AbortSignal.any([outer, controller.signal]);
  let watchdog = setTimeout(() => controller.abort(new StallError()), STALL_MS);
  const alive = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller.abort(new StallError()), STALL_MS);
  };
  const writer = new PieceWriter(start, write);

  try {
    const response = await fetch(url, {
      headers: { ...headers, ...(whole ? {} : { Range: rangeHeader({ start, end }) }) },
      signal,
      cache: 'no-store',
    });
    if (!response.ok) throw new RequestError(offset, new Error(`HTTP ${response.status}`), definiteFailure(response));
    if (response.status === 206 && contentRangeStart(response.headers.get('content-range')) !== start) {
      throw new Error('wrong Content-Range');
    }
    if (!response.body) throw new Error('empty response');
    const body = new ByteStreamReader(response.body, SCRATCH_BYTES);
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
        onProgress(writer.position);
      }
    } finally {
      body.cancel();
    }
    const stored = await writer.finish();
    if (stored < end) throw new Error(`the connection closed after ${stored - start} of ${end - start} bytes`);
    return stored;
  } catch (error) {
    if (error instanceof ModelsError) throw error; // quota: no other source helps
    const stored = await writer.finish().catch((e: unknown) => {
      if (e instanceof ModelsError) throw e;
      return writer.written;
    });
    onProgress(stored);
    if (error instanceof RequestError) throw error;
    const cause = controller.signal.aborted ? controller.signal.reason : error;
    throw new RequestError(stored, cause);
  } finally {
    clearTimeout(watchdog);
  }
}
