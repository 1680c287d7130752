// @ts-check
/**
 * The slice of the Hub's JSON API that download clients and mirrors use:
 *   GET /api/models?search=            list repos
 *   GET /api/models/{id}[/revision/{rev}]    model info
 *   GET /api/models/{id}/tree/{rev}[/{path}] folder listing
 */
import { createHash } from 'node:crypto';
import { fileDigests } from './hashing.mjs';
import { lfsPointerSize } from './lfs.mjs';
import { findRevision } from './lookup.mjs';
import { commitSha } from './repo-index.mjs';
import { listTree } from './tree.mjs';

/** @typedef {import('./lookup.mjs').HubContext} HubContext */
/** @typedef {import('./reply.mjs').Reply} Reply */
/** @typedef {import('./repo-index.mjs').Repo} Repo */

/**
 * @param {Reply} reply
 * @param {HubContext} hub
 * @param {string[]} segments path segments after /api/models/
 * @param {URLSearchParams} query
 */
export async function handleApi(reply, hub, segments, query) {
  const [owner, name, action, revision, ...rest] = segments;
  if (segments.length === 0) {
    await reply.json(await search(hub, query.get('search') ?? ''));
  } else if (segments.length === 2 || (segments.length === 4 && action === 'revision')) {
    const found = await findRevision(reply, hub, owner, name, revision ?? 'main');
    if (found) await reply.json(await modelInfo(found.repo, found.commit, hub, isTrue(query.get('blobs'))));
  } else if (segments.length >= 4 && action === 'tree') {
    const found = await findRevision(reply, hub, owner, name, revision);
    if (!found) return;
    const entries = await listTree(found.repo, rest.join('/'), isTrue(query.get('recursive')));
    if (entries) await replyPaged(reply, hub, entries, query);
    else reply.error(404, 'Entry not found', 'EntryNotFound', { 'X-Repo-Commit': found.commit });
  } else {
    reply.error(404, 'Not Found');
  }
}

/**
 * A listing in pages of `hub.treePageSize` entries, as the Hub pages long trees: `?cursor=N` asks
 * for page N, and `Link: <…>; rel="next"` names the next one — on `hub.treeNextOrigin` if set (a
 * server pointing clients elsewhere).
 * @param {Reply} reply
 * @param {HubContext} hub
 * @param {unknown[]} entries
 * @param {URLSearchParams} query
 */
async function replyPaged(reply, hub, entries, query) {
  if (!hub.treePageSize) return reply.json(entries);
  const page = Number(query.get('cursor') ?? 0);
  const slice = entries.slice(page * hub.treePageSize, (page + 1) * hub.treePageSize);
  if ((page + 1) * hub.treePageSize >= entries.length) return reply.json(slice);
  const next = new URLSearchParams(query);
  next.set('cursor', String(page + 1));
  const origin = hub.treeNextOrigin ?? `http://${reply.req.headers.host}`;
  const path = (reply.req.url ?? '').split('?')[0];
  await reply.json(slice, { Link: `<${origin}${path}?${next}>; rel="next"` });
}

/** @param {string | null} value */
function isTrue(value) {
  return value === 'true' || value === '1';
}

/**
 * The Hub's ids are MongoDB ObjectIds; derive a stable 24-hex one from the repo id.
 * @param {string} id
 */
function objectId(id) {
  return createHash('sha1').update(id).digest('hex').slice(0, 24);
}

/**
 * @param {HubContext} hub
 * @param {string} term case-insensitive substring of the repo id
 */
async function search(hub, term) {
  const repos = (await hub.index.list()).filter((repo) => repo.id.toLowerCase().includes(term.toLowerCase()));
  return Promise.all(
    repos.map(async (repo) => ({
      _id: objectId(repo.id),
      id: repo.id,
      modelId: repo.id,
      sha: await commitSha(repo),
      pipeline_tag: 'automatic-speech-recognition',
      library_name: 'transformers.js',
    })),
  );
}

/**
 * @param {Repo} repo
 * @param {string} commit
 * @param {HubContext} hub
 * @param {boolean} blobs add size, blobId and lfs to siblings, like the Hub's `?blobs=true`
 */
async function modelInfo(repo, commit, hub, blobs) {
  const digests = blobs ? await Promise.all(repo.files.map(fileDigests)) : [];
  return {
    _id: objectId(repo.id),
    id: repo.id,
    modelId: repo.id,
    author: repo.owner,
    sha: commit,
    lastModified: new Date(Math.max(...repo.files.map((f) => f.mtimeMs))).toISOString(),
    private: false,
    gated: hub.gated.has(repo.id) ? 'manual' : false,
    tags: ['transformers.js', ...(repo.files.some((f) => f.path.endsWith('.onnx')) ? ['onnx'] : []), 'automatic-speech-recognition'],
    pipeline_tag: 'automatic-speech-recognition',
    library_name: 'transformers.js',
    siblings: repo.files.map((file, i) =>
      blobs
        ? {
            rfilename: file.path,
            size: file.size,
            blobId: digests[i].oid,
            ...(file.lfs && {
              lfs: { sha256: digests[i].sha256, size: file.size, pointerSize: lfsPointerSize(digests[i].sha256, file.size) },
            }),
          }
        : { rfilename: file.path },
    ),
    usedStorage: repo.files.reduce((sum, f) => sum + f.size, 0),
  };
}
