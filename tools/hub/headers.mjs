// @ts-check
/** Response headers shared by every route: CORS, and the Hub's file metadata headers. */

/** Headers a cross-origin page must be allowed to read for Hub clients to work. */
const EXPOSED_HEADERS = [
  'ETag',
  'X-Linked-Etag',
  'X-Linked-Size',
  'X-Repo-Commit',
  'Content-Range',
  'Accept-Ranges',
  'Content-Length',
  'X-Error-Code',
  'X-Error-Message',
  // the Hub pages long listings with it
  'Link',
].join(', ');

/**
 * On every response, errors included: without them a browser reports any failure as an opaque
 * network error. CORP is needed because the app runs cross-origin isolated (COEP require-corp).
 * no-store keeps the browser's HTTP cache out of the way: a response corrupted on purpose must not
 * be served again from cache, and every request must reach the server to be logged and faulted.
 */
export const COMMON_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': EXPOSED_HEADERS,
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cache-Control': 'no-store',
});

/**
 * Answer to a CORS preflight. Authorization must be listed by name: the `*` wildcard does not cover it.
 * @param {import('node:http').IncomingHttpHeaders} requestHeaders
 * @param {string[]} methods
 * @returns {Record<string, string>}
 */
export function preflightHeaders(requestHeaders, methods) {
  const requested = requestHeaders['access-control-request-headers'];
  return {
    'Access-Control-Allow-Methods': methods.join(', '),
    'Access-Control-Allow-Headers': ['Range', 'Authorization', 'Content-Type', ...(requested ? [requested] : [])].join(', '),
    'Access-Control-Max-Age': '600',
    // Chrome's Private Network Access asks before letting a public page talk to localhost.
    ...(requestHeaders['access-control-request-private-network'] === 'true' && {
      'Access-Control-Allow-Private-Network': 'true',
    }),
  };
}

/**
 * @typedef {object} FileMeta
 * @property {import('./repo-index.mjs').RepoFile} file
 * @property {import('./hashing.mjs').FileDigests} digests
 */

/**
 * The Hub's ETag is the sha256 for LFS files and the git blob id for plain git files.
 * @param {FileMeta} meta
 */
export function etagOf({ file, digests }) {
  return `"${file.lfs ? digests.sha256 : digests.oid}"`;
}

/**
 * Headers describing a file's content, for 200/206/416 answers.
 * @param {FileMeta} meta
 */
export function contentHeaders(meta) {
  return {
    'Content-Type': meta.file.path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    ETag: etagOf(meta),
    'Last-Modified': new Date(meta.file.mtimeMs).toUTCString(),
    'Accept-Ranges': 'bytes',
  };
}

/**
 * What the Hub adds on resolve/ answers: the commit served and, for LFS files, the content's
 * sha256 and size (clients read these from the 302 without following it to the CDN).
 * @param {FileMeta} meta
 * @param {string} commit
 * @returns {Record<string, string>}
 */
export function hubHeaders(meta, commit) {
  return {
    'X-Repo-Commit': commit,
    ...(meta.file.lfs && { 'X-Linked-Etag': `"${meta.digests.sha256}"`, 'X-Linked-Size': String(meta.file.size) }),
  };
}
