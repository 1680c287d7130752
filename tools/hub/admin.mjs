// @ts-check
/**
 * Run-time control over HTTP, for browser tests that cannot reach the programmatic API:
 *   GET|POST|DELETE /__hub/faults   list (with hit counts) | replace ({faults:[...]}) | clear
 *   GET|DELETE      /__hub/log      request log | clear it
 * These requests are neither logged nor faulted, so a test can always undo what it set.
 */

/** Fault lists are tiny; anything bigger is a mistake, not a reason to buffer megabytes. */
const MAX_BODY = 1 << 20;

export const ADMIN_METHODS = ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'];

/**
 * @param {import('./reply.mjs').Reply} reply
 * @param {string} resource segment after /__hub/
 * @param {{ faults: import('./faults.mjs').FaultSet, log: import('./request-log.mjs').RequestLog }} state
 */
export async function handleAdmin(reply, resource, { faults, log }) {
  const method = reply.req.method;
  if (resource === 'faults') {
    if (method === 'POST') {
      let body;
      try {
        body = JSON.parse(await readBody(reply.req));
        if (!body || !Array.isArray(body.faults)) throw new TypeError('expected a JSON body {"faults": [...]}');
        faults.set(body.faults);
      } catch (error) {
        reply.error(400, error instanceof Error ? error.message : String(error));
        return;
      }
    } else if (method === 'DELETE') {
      faults.clear();
    } else if (method !== 'GET' && method !== 'HEAD') {
      return notAllowed(reply);
    }
    return reply.json({ faults: faults.list() });
  }
  if (resource === 'log') {
    if (method === 'DELETE') log.clear();
    else if (method !== 'GET' && method !== 'HEAD') return notAllowed(reply);
    return reply.json({ log: log.list() });
  }
  reply.error(404, 'Unknown admin endpoint: use /__hub/faults or /__hub/log');
}

/** @param {import('./reply.mjs').Reply} reply */
function notAllowed(reply) {
  reply.error(405, 'Method not allowed', undefined, { Allow: ADMIN_METHODS.join(', ') });
}

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new RangeError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
