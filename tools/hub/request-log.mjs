// @ts-check
/** A bounded in-memory log of the requests served, so tests can check what a client really asked for. */

/**
 * @typedef {object} LogEntry
 * @property {string} method
 * @property {string} path decoded request path, without the query
 * @property {string | null} range the Range request header
 * @property {number} status 0 until headers are sent
 * @property {number} bytesSent body bytes written
 * @property {number} ts request arrival, ms since the epoch
 * @property {import('./faults.mjs').FaultKind[]} faults kinds of the faults applied to it
 * @property {boolean} complete whether the response was sent in full (false: cut, stalled, aborted)
 * @property {boolean} authorization whether the request carried an Authorization header (a token)
 */

/** Enough for any test; keeps a long dev session from growing without bound. */
const MAX_ENTRIES = 5000;

export class RequestLog {
  /** @type {LogEntry[]} */
  #entries = [];

  /**
   * Starts an entry; status and completeness are settled when the response closes.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} path
   * @returns {LogEntry}
   */
  begin(req, res, path) {
    /** @type {LogEntry} */
    const entry = {
      method: req.method ?? 'GET',
      path,
      range: req.headers.range ?? null,
      status: 0,
      bytesSent: 0,
      ts: Date.now(),
      faults: [],
      complete: false,
      authorization: req.headers.authorization !== undefined,
    };
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift();
    res.once('close', () => {
      if (res.headersSent) entry.status = res.statusCode;
      entry.complete = res.writableFinished;
    });
    return entry;
  }

  /** @returns {LogEntry[]} a snapshot, oldest first */
  list() {
    return this.#entries.map((entry) => ({ ...entry, faults: [...entry.faults] }));
  }

  clear() {
    this.#entries = [];
  }
}
