/**
 * Checks a stored file against the Hub's digest before it counts as complete: sha256 for LFS files
 * (the Hub's X-Linked-Etag / LFS oid), the git blob sha1 for small files. The stored pieces stream
 * through hash-wasm, so the file is never in memory whole.
 */
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';
import { ByteStreamReader } from '../../../lib/byob-reader';
import type { Integrity } from '../types';

const SCRATCH_BYTES = 256 * 1024;

/**
 * Hashes the pieces in order, read as one stream into one reused buffer (ByteStreamReader), so
 * hashing a large file leaves no trail of ArrayBuffers for the garbage collector. A Blob made of
 * the pieces references their bytes, it does not copy them.
 */
async function digestPieces(kind: 'sha256' | 'git-sha1', size: number, pieces: readonly Blob[]): Promise<string> {
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
  const reader = new ByteStreamReader(new Blob([...pieces]).stream(), SCRATCH_BYTES);
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) hasher.update(chunk);
  return hasher.digest('hex');
}

/** True when the bytes match what the Hub says the file is. */
export async function verify(integrity: Integrity, size: number, pieces: readonly Blob[]): Promise<boolean> {
  const stored = pieces.reduce((sum, p) => sum + p.size, 0);
  if (stored !== size) return false;
  if (integrity.kind === 'size') return true;
  return (await digestPieces(integrity.kind, size, pieces)) === integrity.hex.toLowerCase();
}
