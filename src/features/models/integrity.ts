/**
 * Checks a stored file against the Hub's digest before it counts as complete: sha256 for LFS files
 * (the Hub's X-Linked-Etag / LFS oid), the git blob sha1 for small files. Streaming through
 * hash-wasm, one stored piece at a time, so the file is never in memory whole.
 */
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';
import type { Integrity } from './select-files';

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
  for await (const piece of pieces) hasher.update(new Uint8Array(await piece.arrayBuffer()));
  return hasher.digest('hex');
}

/** True when the bytes match what the Hub says the file is. */
export async function verify(integrity: Integrity, size: number, pieces: readonly Blob[]): Promise<boolean> {
  const stored = pieces.reduce((sum, p) => sum + p.size, 0);
  if (stored !== size) return false;
  if (integrity.kind === 'size') return true;
  return (await digestPieces(integrity.kind, size, pieces)) === integrity.hex.toLowerCase();
}
