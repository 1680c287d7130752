// @ts-check
/**
 * Content digests of repo files. Hashing a large model takes a while, so each file is hashed
 * once and the result reused until its size or mtime changes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lfsPointer } from './lfs.mjs';

/**
 * @typedef {object} FileDigests
 * @property {string} sha256 hex sha256 of the content (the LFS oid)
 * @property {string} oid git blob id of what git stores: the content for plain files, the pointer for LFS files
 */

/** @typedef {import('./repo-index.mjs').RepoFile} RepoFile */

/**
 * Git names a blob by sha1 over `blob {size}\0{content}`.
 * @param {Buffer | string} content
 */
function gitBlobOid(content) {
  const bytes = Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** @type {Map<string, { size: number, mtimeMs: number, digests: Promise<FileDigests> }>} keyed by absolute path */
const cache = new Map();

/**
 * Digests of a file, hashed at most once per (path, size, mtimeMs). Concurrent callers share the
 * same in-flight hash, so a burst of first requests does not read a large file several times.
 * @param {RepoFile} file
 * @returns {Promise<FileDigests>}
 */
export function fileDigests(file) {
  const cached = cache.get(file.abs);
  if (cached && cached.size === file.size && cached.mtimeMs === file.mtimeMs) return cached.digests;
  const digests = hashFile(file).catch((error) => {
    // Do not remember a failure (e.g. the file was being replaced): the next request retries.
    if (cache.get(file.abs)?.digests === digests) cache.delete(file.abs);
    throw error;
  });
  cache.set(file.abs, { size: file.size, mtimeMs: file.mtimeMs, digests });
  return digests;
}

/**
 * @param {RepoFile} file
 * @returns {Promise<FileDigests>}
 */
async function hashFile(file) {
  const sha256 = createHash('sha256');
  // Only plain git files need a sha1 over their content; LFS files get theirs from the small pointer.
  const blob = file.lfs ? null : createHash('sha1').update(`blob ${file.size}\0`);
  for await (const chunk of createReadStream(file.abs, { highWaterMark: 1 << 20 })) {
    sha256.update(chunk);
    blob?.update(chunk);
  }
  const hex = sha256.digest('hex');
  return { sha256: hex, oid: blob ? blob.digest('hex') : gitBlobOid(lfsPointer(hex, file.size)) };
}
