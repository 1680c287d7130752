// @ts-check
/** Small statistics and formatting for the bench tables. */

/** @param {number[]} values @param {number} p 0..1 @returns {number} NaN for no values */
export function quantile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** @param {number[]} values */
export const median = (values) => quantile(values, 0.5);

/**
 * "median (p10–p90)" of milliseconds, or one number when the spread is not worth printing.
 * @param {number[]} values
 * @param {number} [digits]
 */
export function spread(values, digits = 1) {
  if (values.length === 0) return '–';
  const mid = median(values).toFixed(digits);
  if (values.length < 5) return mid;
  return `${mid} (${quantile(values, 0.1).toFixed(digits)}–${quantile(values, 0.9).toFixed(digits)})`;
}

/** @param {number | null | undefined} bytes */
export function mib(bytes) {
  return bytes == null ? '–' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** @param {number | null | undefined} ms */
export function seconds(ms) {
  return ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`;
}

/** × real time: audio seconds per second of wall time. @param {number} audioS @param {number} ms */
export function realTime(audioS, ms) {
  return `${(audioS / (ms / 1000)).toFixed(1)}×`;
}

/**
 * A GitHub-flavoured Markdown table; cells are escaped so a `|` in a value cannot break it.
 * @param {string[]} headers
 * @param {Array<Array<string | number>>} rows
 */
export function markdownTable(headers, rows) {
  const cell = (/** @type {string | number} */ value) => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
  for (const row of rows) {
    if (row.length !== headers.length) throw new RangeError(`row has ${row.length} cells, the table ${headers.length} columns`);
  }
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}
