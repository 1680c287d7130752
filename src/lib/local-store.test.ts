import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRecord, readLocalJson, writeLocalJson } from './local-store';

/** Node has no localStorage: a Map-backed one with the Storage methods the module uses. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  full = false;
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

describe('local JSON store', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('round-trips a value through JSON', () => {
    expect(writeLocalJson('k', { a: [1, 'b'] })).toBe(true);
    expect(readLocalJson('k', asRecord)).toEqual({ a: [1, 'b'] });
  });

  it('hands the parser undefined for a missing key or broken JSON', () => {
    expect(readLocalJson('missing', (v) => v)).toBeUndefined();
    storage.items.set('k', '{not json');
    expect(readLocalJson('k', (v) => v)).toBeUndefined();
    expect(readLocalJson('k', asRecord)).toEqual({});
  });

  it('says false instead of throwing when the browser refuses the write', () => {
    storage.full = true;
    expect(writeLocalJson('k', 1)).toBe(false);
  });

  it('reads as missing when there is no storage at all', () => {
    Reflect.deleteProperty(globalThis, 'localStorage');
    expect(readLocalJson('k', (v) => v ?? 'fallback')).toBe('fallback');
    expect(writeLocalJson('k', 1)).toBe(false);
  });

  it('asRecord accepts only plain objects', () => {
    expect(asRecord([1])).toEqual({});
    expect(asRecord(null)).toEqual({});
    expect(asRecord('x')).toEqual({});
  });
});
