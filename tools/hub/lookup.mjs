// @ts-check
/** Repo and revision lookup shared by resolve/ and the API, with the Hub's error answers. */
import { commitSha } from './repo-index.mjs';

/**
 * @typedef {object} HubContext
 * @property {import('./repo-index.mjs').RepoIndex} index
 * @property {boolean | string} cdnRedirect false, true (redirect to our own /__cdn/) or the CDN's base URL
 * @property {Set<string>} gated repo ids whose files need an Authorization header
 * @property {boolean} anyRevision answer any commit sha with the files on disk
 * @property {number} [treePageSize] page tree listings (Link: rel="next") in pages of this many entries
 * @property {string} [treeNextOrigin] the origin the next-page links point to (default: this hub's)
 * @property {string[]} files folders served at /files/ (files.mjs)
 */

/**
 * Like the Hub, an unknown repo is 401 to anonymous callers (it might be private) and 404 to
 * authenticated ones.
 * @param {import('./reply.mjs').Reply} reply
 */
export function repoNotFound(reply) {
  reply.error(reply.req.headers.authorization ? 404 : 401, 'Repository not found', 'RepoNotFound');
}

/**
 * Finds the repo and checks the revision: `main`, or the current commit sha (no history is kept,
 * so older shas are unknown, as a force-pushed-away commit would be). With `anyRevision`, any sha
 * gets the files on disk (and is reported as the commit), like a mirror that does not check.
 * @param {import('./reply.mjs').Reply} reply
 * @param {HubContext} hub
 * @param {string} owner
 * @param {string} name
 * @param {string} revision
 * @returns {Promise<{ repo: import('./repo-index.mjs').Repo, commit: string } | null>} null when an error was sent
 */
export async function findRevision(reply, hub, owner, name, revision) {
  const repo = await hub.index.find(owner, name);
  if (!repo) {
    repoNotFound(reply);
    return null;
  }
  const commit = await commitSha(repo);
  if (hub.anyRevision && /^[0-9a-f]{40}$/.test(revision)) return { repo, commit: revision };
  if (revision !== 'main' && revision !== commit) {
    reply.error(404, `Invalid rev id: ${revision}`, 'RevisionNotFound');
    return null;
  }
  return { repo, commit };
}
