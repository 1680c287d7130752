// @ts-check
/**
 * Fault injection: a list of rules, replaceable at run time, that make matching responses fail in
 * the ways real downloads fail (dropped connection, stalled connection, bad status, slow link,
 * silently corrupted bytes).
 */

/** @typedef {'cut' | 'status' | 'delay' | 'corrupt' | 'stall'} FaultKind */

/**
 * @typedef {object} Fault
 * @property {string} match substring of the decoded request path, or '*' for every file download
 * @property {FaultKind} kind
 * @property {number} [afterBytes] cut/corrupt/stall: body bytes sent intact first (default 0)
 * @property {number} [status] for 'status' (default 500)
 * @property {number} [delayMs] for 'delay': wait before sending headers
 * @property {number} [bytesPerSecond] for 'delay': throttle the body
 * @property {number} [times] how many responses it affects; unlimited when absent
 * @property {string[]} [methods] request methods it applies to; all but OPTIONS when absent
 */

/** @typedef {Fault & { hits: number }} FaultStatus */

/**
 * Where byte faults act, in body offsets; Infinity when no such fault applies.
 * @typedef {object} BodyFaults
 * @property {number} cutAt
 * @property {number} stallAt
 * @property {number} corruptFrom
 */

const KINDS = new Set(['cut', 'status', 'delay', 'corrupt', 'stall']);
const BYTE_KINDS = new Set(['cut', 'corrupt', 'stall']);
const FIELDS = new Set(['match', 'kind', 'afterBytes', 'status', 'delayMs', 'bytesPerSecond', 'times', 'methods']);

/**
 * Checks a fault strictly (an unknown or misspelt field would otherwise silently do nothing)
 * and fills in defaults, so listings show exactly what will happen.
 * @param {unknown} input
 * @returns {Fault}
 */
function normalizeFault(input) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new TypeError('a fault must be an object');
  const raw = /** @type {Record<string, unknown>} */ (input);
  const unknown = Object.keys(raw).filter((key) => !FIELDS.has(key));
  if (unknown.length) throw new TypeError(`unknown fault field(s): ${unknown.join(', ')}`);
  if (typeof raw.match !== 'string' || raw.match === '') throw new TypeError('fault.match must be a non-empty string');
  if (typeof raw.kind !== 'string' || !KINDS.has(raw.kind)) {
    throw new TypeError(`fault.kind must be one of ${[...KINDS].join(', ')}`);
  }
  const kind = /** @type {FaultKind} */ (raw.kind);
  /** @type {Fault} */
  const fault = { match: raw.match, kind };

  /** @param {string} key @param {number} min */
  const number = (key, min) => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new TypeError(`fault.${key} must be a number >= ${min}`);
    }
    return value;
  };
  if (BYTE_KINDS.has(kind)) fault.afterBytes = number('afterBytes', 0) ?? 0;
  if (kind === 'status') {
    fault.status = number('status', 100) ?? 500;
    if (!Number.isInteger(fault.status) || fault.status > 599) throw new TypeError('fault.status must be an HTTP status');
  }
  if (kind === 'delay') {
    const delayMs = number('delayMs', 0);
    const bytesPerSecond = number('bytesPerSecond', 1);
    if (delayMs === undefined && bytesPerSecond === undefined) {
      throw new TypeError("a 'delay' fault needs delayMs and/or bytesPerSecond");
    }
    if (delayMs !== undefined) fault.delayMs = delayMs;
    if (bytesPerSecond !== undefined) fault.bytesPerSecond = bytesPerSecond;
  }
  const times = number('times', 1);
  if (times !== undefined) fault.times = times;
  if (raw.methods !== undefined) {
    if (!Array.isArray(raw.methods) || !raw.methods.every((m) => typeof m === 'string')) {
      throw new TypeError('fault.methods must be an array of method names');
    }
    fault.methods = raw.methods.map((m) => m.toUpperCase());
  }
  return fault;
}

export class FaultSet {
  /** @type {FaultStatus[]} */
  #faults = [];

  /**
   * Replaces all faults; hit counts start again from zero.
   * @param {unknown[]} faults
   */
  set(faults) {
    if (!Array.isArray(faults)) throw new TypeError('faults must be an array');
    this.#faults = faults.map((fault) => ({ ...normalizeFault(fault), hits: 0 }));
  }

  clear() {
    this.#faults = [];
  }

  /** @returns {FaultStatus[]} */
  list() {
    return this.#faults.map((fault) => ({ ...fault, methods: fault.methods && [...fault.methods] }));
  }

  /**
   * The faults that may affect one request. They are only counted as hits (and used up) when
   * the response actually takes them.
   * @param {string} method
   * @param {string} path decoded request path
   * @param {boolean} isDownload whether the path serves file content (resolve/ or the CDN)
   */
  plan(method, path, isDownload) {
    return new FaultPlan(
      this.#faults.filter(
        (fault) =>
          (fault.methods ? fault.methods.includes(method) : method !== 'OPTIONS') &&
          (fault.match === '*' ? isDownload : path.includes(fault.match)),
      ),
    );
  }
}

/** The matching faults of one request, taken in the order the response needs them. */
export class FaultPlan {
  /** @param {FaultStatus[]} candidates shared with the FaultSet, so hits land there */
  constructor(candidates) {
    this.candidates = candidates;
    /** @type {FaultKind[]} kinds this response actually took, for the request log */
    this.applied = [];
  }

  /** @returns {{ delayMs: number, bytesPerSecond: number } | null} */
  takeDelay() {
    const fault = this.#take('delay', () => true);
    return fault && { delayMs: fault.delayMs ?? 0, bytesPerSecond: fault.bytesPerSecond ?? Infinity };
  }

  /** @returns {number | null} the status to answer with instead of the real response */
  takeStatus() {
    return this.#take('status', () => true)?.status ?? null;
  }

  /**
   * A byte fault is only taken when the body is longer than its afterBytes: a 1-byte probe
   * (Range: bytes=0-0) must not use up a fault meant for the download that follows it.
   * @param {number} bodyLength bytes this response will send (0 for HEAD)
   * @returns {BodyFaults}
   */
  takeBodyFaults(bodyLength) {
    /** @param {FaultKind} kind */
    const offset = (kind) => this.#take(kind, (f) => /** @type {number} */ (f.afterBytes) < bodyLength)?.afterBytes ?? Infinity;
    return { cutAt: offset('cut'), stallAt: offset('stall'), corruptFrom: offset('corrupt') };
  }

  /**
   * First fault of this kind that still has uses left and accepts the response.
   * @param {FaultKind} kind
   * @param {(fault: FaultStatus) => boolean} accepts
   */
  #take(kind, accepts) {
    const fault = this.candidates.find(
      (f) => f.kind === kind && (f.times === undefined || f.hits < f.times) && accepts(f),
    );
    if (!fault) return null;
    fault.hits += 1;
    this.applied.push(kind);
    return fault;
  }
}
