// @ts-check
/**
 * A local Hugging Face Hub: serves model repos from folders with the Hub's URL layout, headers
 * and error codes, plus run-time fault injection for download tests. See README.md.
 */
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_METHODS, handleAdmin } from './admin.mjs';
import { handleApi } from './api.mjs';
import { FaultSet } from './faults.mjs';
import { FILES_PREFIX, handleFiles } from './files.mjs';
import { COMMON_HEADERS, preflightHeaders } from './headers.mjs';
import { Reply } from './reply.mjs';
import { DEFAULT_ROOT, RepoIndex } from './repo-index.mjs';
import { RequestLog } from './request-log.mjs';
import { handleCdn, handleResolve } from './resolve.mjs';

export { DEFAULT_ROOT };

/** @typedef {import('./faults.mjs').Fault} Fault */
/** @typedef {import('./faults.mjs').FaultStatus} FaultStatus */
/** @typedef {import('./request-log.mjs').LogEntry} LogEntry */
/** @typedef {import('./lookup.mjs').HubContext} HubContext */

/**
 * @typedef {object} HubOptions
 * @property {string[]} [roots] folders holding `{owner}/{name}/` repos (default: tools/testmodel/models)
 * @property {number} [port] 0 picks a free port
 * @property {string} [host]
 * @property {boolean | string} [cdnRedirect] answer resolve/ of LFS files with a 302 to /__cdn/, as the Hub does;
 *   a base URL (e.g. another hub's) sends them to that host instead, a CDN on another origin
 * @property {string[]} [gated] repo ids whose resolve/ downloads need `Authorization: Bearer …`
 * @property {boolean} [anyRevision] answer any commit sha with the files on disk, as a careless or
 *   lying mirror would (the real Hub and a faithful mirror answer only the commits they have)
 * @property {number} [treePageSize] page tree listings like the Hub (`Link: <…>; rel="next"`, `?cursor=`)
 * @property {string} [treeNextOrigin] send the next-page links to this origin instead of our own
 * @property {string[]} [files] folders served as plain files at `/files/{path}` (archives, manifests)
 */

/**
 * @typedef {object} Hub
 * @property {string} url base URL without trailing slash, e.g. http://127.0.0.1:8090
 * @property {number} port
 * @property {() => Promise<void>} close stops listening and drops open connections (stalled ones included)
 * @property {(faults: Fault[]) => void} setFaults replaces the fault list; throws TypeError on an invalid fault
 * @property {() => void} clearFaults
 * @property {() => FaultStatus[]} faults current faults with their hit counts
 * @property {() => LogEntry[]} log requests so far, oldest first
 * @property {() => void} clearLog
 * @property {() => Promise<Array<{ id: string, dir: string, files: number, size: number }>>} repos repos found now
 */

const FILE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * @param {HubOptions} [options]
 * @returns {Promise<Hub>}
 */
export async function startHub({
  roots = [DEFAULT_ROOT],
  port = 0,
  host = '127.0.0.1',
  cdnRedirect = false,
  gated = [],
  anyRevision = false,
  treePageSize = 0,
  treeNextOrigin = undefined,
  files = [],
} = {}) {
  /** @type {HubContext} */
  const hub = { index: new RepoIndex(roots), cdnRedirect, gated: new Set(gated), anyRevision, treePageSize, treeNextOrigin, files };
  const faults = new FaultSet();
  const log = new RequestLog();

  const server = createServer((req, res) => {
    handle(req, res, hub, faults, log).catch((error) => {
      // A bug or an unreadable file: answer 500 if still possible, else break the response off.
      if (res.headersSent) res.destroy();
      else new Reply(req, res, null).error(500, error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Stalled downloads never end on their own; keep-alive sockets would hold close() open too.
        server.closeAllConnections();
      }),
    setFaults: (list) => faults.set(list),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    log: () => log.list(),
    clearLog: () => log.clear(),
    repos: async () =>
      (await hub.index.list()).map((repo) => ({
        id: repo.id,
        dir: repo.dir,
        files: repo.files.length,
        size: repo.files.reduce((sum, f) => sum + f.size, 0),
      })),
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {HubContext} hub
 * @param {FaultSet} faults
 * @param {RequestLog} log
 */
async function handle(req, res, hub, faults, log) {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const queryStart = url.includes('?') ? url.indexOf('?') : url.length;
  const rawPath = url.slice(0, queryStart);
  const rawQuery = url.slice(queryStart + 1);
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return new Reply(req, res, null).error(400, 'Malformed URL encoding');
  }
  const segments = path.split('/').slice(1);
  if (segments.includes('..') || path.includes('\0')) {
    return new Reply(req, res, null).error(400, 'Invalid path');
  }
  const isAdmin = segments[0] === '__hub';
  if (method === 'OPTIONS') {
    if (!isAdmin) log.begin(req, res, path);
    res.writeHead(204, { ...COMMON_HEADERS, ...preflightHeaders(req.headers, isAdmin ? ADMIN_METHODS : FILE_METHODS) });
    res.end();
    return;
  }
  if (isAdmin) return handleAdmin(new Reply(req, res, null), segments[1] ?? '', { faults, log });

  const entry = log.begin(req, res, path);
  const reply = new Reply(req, res, entry);
  if (method !== 'GET' && method !== 'HEAD') {
    return reply.error(405, 'Method not allowed', undefined, { Allow: FILE_METHODS.join(', ') });
  }

  const isResolve = segments.length >= 5 && segments[2] === 'resolve';
  const isCdn = segments[0] === '__cdn' && segments.length >= 5;
  const isFile = segments[0] === FILES_PREFIX && segments.length >= 2;
  const plan = faults.plan(method, path, isResolve || isCdn || isFile);
  entry.faults = plan.applied;
  reply.plan = plan;
  const delay = plan.takeDelay();
  if (delay) {
    await sleep(delay.delayMs);
    reply.bytesPerSecond = delay.bytesPerSecond;
  }
  const injectedStatus = plan.takeStatus();
  if (injectedStatus !== null) return reply.error(injectedStatus, `Injected fault: HTTP ${injectedStatus}`);

  if (isResolve) {
    const [owner, name, , revision, ...file] = segments;
    return handleResolve(reply, hub, owner, name, revision, file.join('/'));
  }
  if (isFile) return handleFiles(reply, hub.files, segments.slice(1).join('/'));
  if (isCdn) {
    const [, owner, name, sha256, ...file] = segments;
    return handleCdn(reply, hub, owner, name, sha256, file.join('/'));
  }
  if (segments[0] === 'api' && segments[1] === 'models') {
    // Tolerate a trailing slash (/api/models/ or /api/models/a/b/).
    const rest = segments.slice(2);
    if (rest.at(-1) === '') rest.pop();
    return handleApi(reply, hub, rest, new URLSearchParams(rawQuery));
  }
  reply.error(404, 'Not Found');
}
