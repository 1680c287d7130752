/**
 * Mirrors and the Hugging Face access token, kept in this browser's localStorage only. The token
 * is never put in a URL; it is sent only to the configured Hub and to the mirrors the user ticked
 * for it (hub/sources.ts `planSources`).
 */
import { asRecord, readLocalJson, writeLocalJson } from '../../lib/local-store';
import { normalizeHubUrl } from './hub/hub';
import type { MirrorSetting } from './types';

const KEY = 'video-to-text:model-sources';

/** A stored mirror; earlier versions kept bare URLs, which now get no token until the user ticks it. */
function toMirror(value: unknown): MirrorSetting | null {
  const entry = typeof value === 'string' ? { url: value, sendToken: false } : asRecord(value);
  const url = typeof entry.url === 'string' ? normalizeHubUrl(entry.url) : null;
  return url ? { url, sendToken: entry.sendToken === true } : null;
}

export class SourceSettings {
  /** Tried after the primary hub, in this order. */
  mirrors = $state<MirrorSetting[]>([]);
  token = $state('');
  /**
   * Origins of model sources the user confirmed (import/): the Content-Security-Policy allows
   * them from then on. They never get the token.
   */
  confirmedOrigins = $state<string[]>([]);

  constructor() {
    const stored = readLocalJson(KEY, asRecord);
    if (Array.isArray(stored.mirrors)) this.mirrors = stored.mirrors.flatMap((m) => toMirror(m) ?? []);
    if (typeof stored.token === 'string') this.token = stored.token;
    if (Array.isArray(stored.confirmedOrigins)) {
      this.confirmedOrigins = stored.confirmedOrigins.filter((o): o is string => typeof o === 'string' && normalizeHubUrl(o) !== null);
    }
  }

  /** Remembers that the user allowed these origins (after a dialog naming each one). */
  confirmOrigins(origins: readonly string[]): void {
    this.confirmedOrigins = [...new Set([...this.confirmedOrigins, ...origins])];
    this.save();
  }

  /** Adds a mirror at the end (without the token); false if the address is not an http(s) URL. */
  addMirror(text: string): boolean {
    const url = normalizeHubUrl(text);
    if (!url) return false;
    if (!this.mirrors.some((m) => m.url === url)) this.mirrors = [...this.mirrors, { url, sendToken: false }];
    this.save();
    return true;
  }

  removeMirror(url: string): void {
    this.mirrors = this.mirrors.filter((m) => m.url !== url);
    this.save();
  }

  /** Moves a mirror one place earlier in the order. */
  raiseMirror(url: string): void {
    const i = this.mirrors.findIndex((m) => m.url === url);
    if (i <= 0) return;
    const next = [...this.mirrors];
    [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
    this.mirrors = next;
    this.save();
  }

  /** Whether this mirror may receive the access token (the user's explicit choice). */
  setSendToken(url: string, sendToken: boolean): void {
    this.mirrors = this.mirrors.map((m) => (m.url === url ? { ...m, sendToken } : m));
    this.save();
  }

  setToken(token: string): void {
    this.token = token.trim();
    this.save();
  }

  /** Where storage is blocked the settings last for this visit. */
  private save(): void {
    writeLocalJson(KEY, { mirrors: this.mirrors, token: this.token, confirmedOrigins: this.confirmedOrigins });
  }
}
