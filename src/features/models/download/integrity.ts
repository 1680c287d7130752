/**
 * Checks a stored file against the Hub's digest before it counts as complete: sha256 for LFS files
 * (the Hub's X-Linked-Etag / LFS oid), the git blob sha1 for small files. Streaming through
 * hash-wasm, one stored piece at a time, so the file is never in memory whole.
 */
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';
import type { Integrity } from '../hub/select-files';

/** Hashes the pieces in order; `pieces` yields Blobs of at most a few MB. */
export async function digestPieces(kind: 'sha256' | 'git-sha1', size: number, pieces: AsyncIterable<Blob> | Iterable<Blob>): Promise<string> {
  let hasher: IHasher;
  if (kind === 'sha256') {
    hasher = await createSHA256();
    hasher.init();
  } else {
    // Git names a file by sha1("blob {size}\0" + content).
    hasher = await createSHA1();
    hasher.init();
    hasher.update(`blob ${size}\0`);
  }
  let scratch = new Uint8Array(SCRATCH_BYTES);
  for await (const piece of pieces) scratch = await hashBlob(hasher, piece, scratch);
  return hasher.digest('hex');
}

const SCRATCH_BYTES = 256 * 1024;

/**
 * Feeds a Blob to the hasher through a BYOB reader into one reused buffer (returned for the next
 * call), so hashing a large file leaves no trail of ArrayBuffers for the garbage collector.
 */
async function hashBlob(hasher: IHasher, blob: Blob, scratch: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = blob.stream();
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    // No byte streams here: read chunk by chunk.
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) hasher.update(chunk);
    return scratch;
  }
  for (;;) {
    const { done, value } = await reader.read(scratch);
    if (value) scratch = new Uint8Array(value.buffer);
    if (done) return scratch;
    hasher.update(value);
  }
}

/** True when the bytes match what the Hub says the file is. */
export async function verify(integrity: Integrity, size: number, pieces: readonly Blob[]): Promise<boolean> {
  const stored = pieces.reduce((sum, p) => sum + p.size, 0);
  if (stored !== size) return false;
  if (integrity.kind === 'size') return true;
  return (await digestPieces(integrity.kind, size, pieces)) === integrity.hex.toLowerCase();
}
