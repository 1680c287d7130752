/**
 * Small JSON values kept in this browser's localStorage (settings, the user's own lists). Reading
 * never throws: storage can be blocked (private mode, a policy) or hold what an older version or a
 * hand edit wrote, and then the caller's parser sees `undefined` or whatever is there and decides.
 */
export function readLocalJson<T>(key: string, parse: (value: unknown) => T): T {
  let value: unknown;
  try {
    const text = globalThis.localStorage?.getItem(key);
    value = text == null ? undefined : JSON.parse(text);
  } catch {
    value = undefined;
  }
  return parse(value);
}

/** Writes a JSON value; false when the browser refused (blocked or full): the value then lasts for this visit. */
export function writeLocalJson(key: string, value: unknown): boolean {
  try {
    globalThis.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** An object's own fields, or an empty object for anything else, for parsers of stored records. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
