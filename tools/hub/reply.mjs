// @ts-check
/**
 * One response in the making: adds the common headers, records status and bytes in the request
 * log, and routes bodies through the fault plan.
 */
import { pumpBody } from './body-pump.mjs';
import { COMMON_HEADERS } from './headers.mjs';

/** Body faults that change nothing, for responses without a fault plan. */
const NO_FAULTS = Object.freeze({ cutAt: Infinity, stallAt: Infinity, corruptFrom: Infinity, bytesPerSecond: Infinity });

export class Reply {
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {import('./request-log.mjs').LogEntry | null} entry null for unlogged (admin) requests
   */
  constructor(req, res, entry) {
    this.req = req;
    this.res = res;
    this.entry = entry;
    /** @type {import('./faults.mjs').FaultPlan | null} set once faults have been looked up */
    this.plan = null;
    /** throttle from a 'delay' fault, in bytes per second */
    this.bytesPerSecond = Infinity;
  }

  get isHead() {
    return this.req.method === 'HEAD';
  }

  /**
   * Sends status and headers (plus the common ones) with an optional small body.
   * @param {number} status
   * @param {Record<string, string>} headers
   * @param {string | Buffer} [body]
   */
  end(status, headers, body) {
    const bytes = body === undefined ? undefined : Buffer.from(body);
    this.res.writeHead(status, { ...COMMON_HEADERS, 'Content-Length': String(bytes?.length ?? 0), ...headers });
    if (this.entry) this.entry.status = status;
    if (bytes && !this.isHead) {
      this.res.end(bytes);
      if (this.entry) this.entry.bytesSent = bytes.length;
    } else {
      this.res.end();
    }
  }

  /**
   * A Hub-style error: JSON `{error}` plus X-Error-Code / X-Error-Message, which Hub clients use
   * to tell a missing repo from a missing file from a bad revision.
   * @param {number} status
   * @param {string} message
   * @param {string} [code] X-Error-Code
   * @param {Record<string, string>} [headers]
   */
  error(status, message, code, headers = {}) {
    this.end(
      status,
      {
        'Content-Type': 'application/json; charset=utf-8',
        ...(code && { 'X-Error-Code': code, 'X-Error-Message': message }),
        ...headers,
      },
      JSON.stringify({ error: message }),
    );
  }

  /**
   * A JSON document, sent through the fault plan like any other body.
   * @param {unknown} value
   * @param {Record<string, string>} [headers]
   */
  json(value, headers = {}) {
    const body = Buffer.from(JSON.stringify(value));
    return this.stream(200, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body.length, () => [body]);
  }

  /**
   * A body of known length, subject to the cut/stall/corrupt faults and the throttle.
   * @param {number} status
   * @param {Record<string, string>} headers
   * @param {number} length
   * @param {() => AsyncIterable<Buffer> | Iterable<Buffer>} open called only when a body is sent
   */
  async stream(status, headers, length, open) {
    const bodyLength = this.isHead ? 0 : length;
    const faults = this.plan?.takeBodyFaults(bodyLength) ?? NO_FAULTS;
    this.res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Length': String(length) });
    if (this.entry) this.entry.status = status;
    if (bodyLength === 0) {
      this.res.end();
      return;
    }
    const entry = this.entry;
    await pumpBody(this.res, open(), length, { ...faults, bytesPerSecond: this.bytesPerSecond }, (sent) => {
      if (entry) entry.bytesSent = sent;
    });
  }
}
