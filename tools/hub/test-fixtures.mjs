// @ts-check
/** Temporary model repos and small HTTP helpers shared by the hub tests. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO_ID = 'test-org/tiny-whisper';
export const ONNX_PATH = 'onnx/encoder_model.onnx';
export const ONNX_SIZE = 3 * 1024 * 1024 + 123;

/**
 * A root with one repo: config.json, a small tokenizer.json, a ~3 MB random ONNX file, and a
 * hidden file that must not be served.
 * @returns {Promise<{ root: string, repoDir: string, files: Record<string, Buffer>, cleanup: () => Promise<void> }>}
 */
export async function makeRoot() {
  const root = await mkdtemp(join(tmpdir(), 'hub-test-'));
  const repoDir = join(root, REPO_ID);
  /** @type {Record<string, Buffer>} */
  const files = {
    'config.json': Buffer.from(JSON.stringify({ model_type: 'whisper', d_model: 8 })),
    'tokenizer.json': Buffer.from(JSON.stringify({ version: '1.0', vocab: { a: 0, b: 1 } })),
    [ONNX_PATH]: randomBytes(ONNX_SIZE),
  };
  for (const [path, content] of Object.entries(files)) await writeRepoFile(repoDir, path, content);
  await writeRepoFile(repoDir, '.DS_Store', Buffer.from('hidden'));
  return { root, repoDir, files, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * @param {string} repoDir
 * @param {string} path
 * @param {Buffer | string} content
 */
export async function writeRepoFile(repoDir, path, content) {
  await mkdir(dirname(join(repoDir, path)), { recursive: true });
  await writeFile(join(repoDir, path), content);
}

/** @param {Buffer | Uint8Array} bytes */
export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads a body to its end or its first error, keeping what arrived before the error.
 * @param {Response} res
 * @returns {Promise<{ bytes: Buffer, error: unknown }>}
 */
export async function readBody(res) {
  if (!res.body) return { bytes: Buffer.alloc(0), error: null };
  const reader = res.body.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let error = null;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (e) {
    error = e;
  }
  return { bytes: Buffer.concat(chunks), error };
}
