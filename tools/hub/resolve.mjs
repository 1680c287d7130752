// @ts-check
/**
 * File downloads: `/{owner}/{name}/resolve/{revision}/{path}` and, when cdnRedirect is on, the
 * `/__cdn/{owner}/{name}/{sha256}/{path}` URLs that LFS files are redirected to.
 */
import { createReadStream } from 'node:fs';
import { fileDigests } from './hashing.mjs';
import { contentHeaders, etagOf, hubHeaders } from './headers.mjs';
import { findRevision, repoNotFound } from './lookup.mjs';
import { parseRange } from './range.mjs';

/** @typedef {import('./lookup.mjs').HubContext} HubContext */
/** @typedef {import('./reply.mjs').Reply} Reply */
/** @typedef {import('./headers.mjs').FileMeta} FileMeta */

/**
 * @param {Reply} reply
 * @param {HubContext} hub
 * @param {string} owner
 * @param {string} name
 * @param {string} revision
 * @param {string} path repo-relative file path
 */
export async function handleResolve(reply, hub, owner, name, revision, path) {
  const found = await findRevision(reply, hub, owner, name, revision);
  if (!found) return;
  const { repo, commit } = found;
  if (hub.gated.has(repo.id) && !/^Bearer \S/.test(reply.req.headers.authorization ?? '')) {
    reply.error(
      401,
      `Access to model ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
      'GatedRepo',
    );
    return;
  }
  const file = repo.files.find((f) => f.path === path);
  if (!file) {
    reply.error(404, 'Entry not found', 'EntryNotFound', { 'X-Repo-Commit': commit });
    return;
  }
  const meta = { file, digests: await fileDigests(file) };
  if (hub.cdnRedirect && file.lfs) {
    // The Hub answers LFS downloads with a redirect to its CDN; clients read the X-Linked-*
    // metadata off the redirect itself.
    // Absolute like the Hub's: on whichever host name the client used for us, or on the CDN's host.
    const host = reply.req.headers.host;
    const base = typeof hub.cdnRedirect === 'string' ? hub.cdnRedirect.replace(/\/$/, '') : host ? `http://${host}` : '';
    const location = `${base}/__cdn/${encodePath(`${repo.id}/${meta.digests.sha256}/${path}`)}`;
    reply.end(302, { Location: location, ETag: etagOf(meta), ...hubHeaders(meta, commit) });
    return;
  }
  await serveFile(reply, meta, hubHeaders(meta, commit));
}

/**
 * The CDN is content-addressed: the URL names the sha256 it expects, so it stops working once the
 * file changes (other files of the repo changing does not matter).
 * @param {Reply} reply
 * @param {HubContext} hub
 * @param {string} owner
 * @param {string} name
 * @param {string} sha256
 * @param {string} path
 */
export async function handleCdn(reply, hub, owner, name, sha256, path) {
  const repo = await hub.index.find(owner, name);
  if (!repo) {
    repoNotFound(reply);
    return;
  }
  const file = repo.files.find((f) => f.path === path);
  const digests = file && (await fileDigests(file));
  if (!file || !digests || digests.sha256 !== sha256) {
    reply.error(404, 'Blob not found');
    return;
  }
  await serveFile(reply, { file, digests }, {});
}

/**
 * Serves a whole file or one byte range of it. If-Range is honoured so a resuming client whose
 * copy is outdated gets the whole new file instead of a mismatched tail.
 * @param {Reply} reply
 * @param {FileMeta} meta
 * @param {Record<string, string>} extraHeaders
 */
export async function serveFile(reply, meta, extraHeaders) {
  const { file } = meta;
  const headers = { ...contentHeaders(meta), ...extraHeaders };
  const ifRange = reply.req.headers['if-range'];
  const rangeHeader = ifRange && ifRange !== headers.ETag && ifRange !== headers['Last-Modified'] ? undefined : reply.req.headers.range;
  const range = parseRange(rangeHeader, file.size);
  if (range === 'unsatisfiable') {
    reply.end(416, { ...headers, 'Content-Range': `bytes */${file.size}` });
    return;
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  const open = () => createReadStream(file.abs, { start, end });
  if (range) {
    await reply.stream(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${file.size}` }, end - start + 1, open);
  } else {
    await reply.stream(200, headers, file.size, open);
  }
}

/** @param {string} path '/'-separated, each segment percent-encoded */
function encodePath(path) {
  return path.split('/').map(encodeURIComponent).join('/');
}
