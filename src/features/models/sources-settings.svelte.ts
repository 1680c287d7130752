/**
 * Mirrors and the Hugging Face access token, kept in this browser's localStorage only. The token
 * is never put in a URL or sent anywhere but the configured sources (as a bearer header).
 */
import { normalizeHubUrl } from './hub';

const KEY = 'video-to-text:model-sources';

interface Stored {
  mirrors?: unknown;
  token?: unknown;
}

function read(): Stored {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Stored) : {};
  } catch {
    return {};
  }
}

export class SourceSettings {
  /** Tried after the primary hub, in this order. */
  mirrors = $state<string[]>([]);
  token = $state('');

  constructor() {
    const stored = read();
    if (Array.isArray(stored.mirrors)) {
      this.mirrors = stored.mirrors.flatMap((m) => (typeof m === 'string' && normalizeHubUrl(m) ? [normalizeHubUrl(m)!] : []));
    }
    if (typeof stored.token === 'string') this.token = stored.token;
  }

  /** Adds a mirror at the end; false if the address is not an http(s) URL. */
  addMirror(text: string): boolean {
    const url = normalizeHubUrl(text);
    if (!url) return false;
    if (!this.mirrors.includes(url)) this.mirrors = [...this.mirrors, url];
    this.save();
    return true;
  }

  removeMirror(url: string): void {
    this.mirrors = this.mirrors.filter((m) => m !== url);
    this.save();
  }

  /** Moves a mirror one place earlier in the order. */
  raiseMirror(url: string): void {
    const i = this.mirrors.indexOf(url);
    if (i <= 0) return;
    const next = [...this.mirrors];
    [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
    this.mirrors = next;
    this.save();
  }

  setToken(token: string): void {
    this.token = token.trim();
    this.save();
  }

  private save(): void {
    try {
      localStorage.setItem(KEY, JSON.stringify({ mirrors: this.mirrors, token: this.token }));
    } catch {
      // Storage blocked: the settings last for this visit.
    }
  }
}
