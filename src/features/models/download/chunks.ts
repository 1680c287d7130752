/**
 * How a file is cut into Range requests and stored pieces, and where a resumed download picks up.
 * Pure arithmetic, no I/O.
 *
 * A request asks for up to CHUNK_BYTES; what arrives is written to IndexedDB in pieces of about
 * PIECE_BYTES, so a cut connection or a closed tab loses at most one unwritten piece, never the
 * whole request.
 */
import type { PieceInfo, ResumePlan } from '../types';

export const CHUNK_BYTES = 4 * 1024 * 1024;
export const PIECE_BYTES = 256 * 1024;

/** Pieces may come in any order; the download continues after the longest gap-free run from byte 0. */
export function planResume(pieces: readonly PieceInfo[], fileSize: number): ResumePlan {
  const sorted = [...pieces].sort((a, b) => a.start - b.start);
  let offset = 0;
  const discard: PieceInfo[] = [];
  for (const piece of sorted) {
    if (piece.start === offset && piece.size > 0 && piece.start + piece.size <= fileSize) offset += piece.size;
    else discard.push(piece);
  }
  return { offset, discard };
}

/** The next request: [start, end) with end exclusive, at most `chunkBytes` long. */
export function nextRange(offset: number, fileSize: number, chunkBytes = CHUNK_BYTES): { start: number; end: number } {
  if (offset < 0 || offset >= fileSize) throw new RangeError(`offset ${offset} outside a file of ${fileSize} bytes`);
  return { start: offset, end: Math.min(fileSize, offset + chunkBytes) };
}

/** The HTTP Range header for [start, end). */
export function rangeHeader({ start, end }: { start: number; end: number }): string {
  return `bytes=${start}-${end - 1}`;
}

/** The first byte position of a 206 answer (`Content-Range: bytes a-b/size`), or null if unreadable. */
export function contentRangeStart(header: string | null): number | null {
  const match = header?.match(/^bytes (\d+)-\d+\/(?:\d+|\*)$/);
  return match ? Number(match[1]) : null;
}
