// @ts-check
/**
 * Plain files outside any repo: `GET|HEAD /files/{path}` serves `{root}/{path}` from the `files`
 * roots, like a GitHub Release asset, an own web server or a bucket would — Range, ETag (the
 * sha256), CORS, and the same faults as model downloads. The app's archive import is tested
 * against these (tools/modelpack writes the archives).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileDigests } from './hashing.mjs';
import { serveFile } from './resolve.mjs';

/** The URL prefix of these files. */
export const FILES_PREFIX = 'files';

/**
 * @param {import('./reply.mjs').Reply} reply
 * @param {string[]} roots
 * @param {string} relative '/'-separated, already checked for `..` by the server
 */
export async function handleFiles(reply, roots, relative) {
  for (const root of roots) {
    const abs = path.join(root, ...relative.split('/'));
    const info = await stat(abs).catch(() => null);
    if (!info?.isFile() || path.basename(abs).startsWith('.')) continue;
    /** @type {import('./repo-index.mjs').RepoFile} */
    const file = { path: relative, abs, size: info.size, mtimeMs: info.mtimeMs, lfs: true };
    await serveFile(reply, { file, digests: await fileDigests(file) }, {});
    return;
  }
  reply.error(404, 'Not Found');
}
