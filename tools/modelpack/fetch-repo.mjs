// @ts-check
/**
 * Downloads a repo at a revision from the Hub (or any Hub-shaped server: HF_ENDPOINT) into a
 * folder, for packing: the top-level configs and tokenizer and everything under onnx/. The token
 * (HF_TOKEN) goes to that server only. Every file's size, and the sha256 of LFS files, is checked.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** @param {string} path */
const wanted = (path) => (!path.includes('/') && /\.(json|txt|md)$/.test(path)) || path.startsWith('onnx/');

/**
 * @param {string} spec `owner/name@revision` (revision defaults to main)
 * @param {string} dir where the files go
 * @param {{ endpoint?: string, token?: string }} [options]
 */
export async function fetchRepo(spec, dir, { endpoint = 'https://huggingface.co', token } = {}) {
  const [repo, revision = 'main'] = spec.split('@');
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new Error(`${spec}: expected owner/name@revision`);
  const base = endpoint.replace(/\/$/, '');
  /** @type {Record<string, string>} */
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const get = async (/** @type {string} */ url) => {
    // The token only where it was meant to go: no redirect to another host carries it.
    const response = await fetch(url, { headers: new URL(url).origin === new URL(base).origin ? headers : {} });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
    return response;
  };
  const info = /** @type {{ sha: string }} */ (await (await get(`${base}/api/models/${repo}/revision/${encodeURIComponent(revision)}`)).json());
  const tree = /** @type {{ type: string, path: string, size: number, lfs?: { oid: string, size: number } }[]} */ (
    await (await get(`${base}/api/models/${repo}/tree/${info.sha}?recursive=true`)).json()
  );
  for (const entry of tree.filter((e) => e.type === 'file' && wanted(e.path))) {
    const target = path.join(dir, ...entry.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    const response = await get(`${base}/${repo}/resolve/${info.sha}/${entry.path.split('/').map(encodeURIComponent).join('/')}`);
    const hash = createHash('sha256');
    const out = createWriteStream(target);
    let size = 0;
    for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
      hash.update(chunk);
      size += chunk.length;
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', () => resolve(undefined)));
    }
    await new Promise((resolve) => out.end(() => resolve(undefined)));
    const expectedSize = entry.lfs?.size ?? entry.size;
    if (size !== expectedSize) throw new Error(`${entry.path}: ${size} bytes instead of ${expectedSize}`);
    if (entry.lfs && hash.digest('hex') !== entry.lfs.oid) throw new Error(`${entry.path}: sha256 differs from the Hub's`);
  }
  return { repo, revision, commit: info.sha };
}
