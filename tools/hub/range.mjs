// @ts-check
/** Parsing of the HTTP Range header, restricted to the single byte ranges download clients send. */

/**
 * @param {string | undefined} header value of the Range request header
 * @param {number} size full length of the file
 * @returns {{ start: number, end: number } | 'unsatisfiable' | null} inclusive byte range;
 *   null means "send the whole file" (no header, or one we may ignore: RFC 9110 lets a server ignore
 *   multiple or malformed ranges)
 */
export function parseRange(header, size) {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    // Suffix range: the last n bytes.
    const n = Number(match[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(match[1]);
  if (match[2] !== '' && Number(match[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1) };
}
