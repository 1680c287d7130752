/**
 * Model sources: the Hub and its mirrors, in the order they are tried. Every source has the Hub's
 * URL layout (`{source}{repo}/resolve/{revision}/{path}`, `{source}api/models/…`).
 */
import { DEFAULT_HUB_URL, normalizeHubUrl } from './hub';

/**
 * Hosts the Hub itself sends downloads to (302 redirects of LFS files to its CDN and Xet storage):
 * a Content-Security-Policy must allow them next to huggingface.co.
 */
export const HUB_REDIRECT_ORIGINS = [
  'https://cdn-lfs.huggingface.co',
  'https://cdn-lfs-us-1.huggingface.co',
  'https://cdn-lfs.hf.co',
  'https://cdn-lfs-us-1.hf.co',
  'https://cas-bridge.xethub.hf.co',
] as const;

/** The sources in order: the primary hub first, then the mirrors; invalid and repeated ones dropped. */
export function orderedSources(primary: string, mirrors: readonly string[]): string[] {
  const sources: string[] = [];
  for (const text of [primary, ...mirrors]) {
    const url = normalizeHubUrl(text);
    if (url && !sources.includes(url)) sources.push(url);
  }
  return sources;
}

/** `?mirror=` in the page address (repeatable): mirrors for this visit, tried after the settings' hub. */
export function mirrorsFromQuery(search: string): string[] {
  return new URLSearchParams(search).getAll('mirror').flatMap((m) => normalizeHubUrl(m) ?? []);
}

/**
 * The origins the app fetches models from, for `connect-src`: each source's origin, plus the Hub's
 * CDN hosts when huggingface.co is among them.
 */
export function sourceOrigins(sources: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const source of sources) {
    const url = normalizeHubUrl(source);
    if (!url) continue;
    const origin = new URL(url).origin;
    origins.add(origin);
    if (origin === new URL(DEFAULT_HUB_URL).origin) for (const cdn of HUB_REDIRECT_ORIGINS) origins.add(cdn);
  }
  return [...origins];
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function fileUrl(source: string, repo: string, revision: string, path: string): string {
  return `${source}${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
}

export function revisionUrl(source: string, repo: string, revision: string): string {
  return `${source}api/models/${repo}/revision/${encodeURIComponent(revision)}`;
}

export function treeUrl(source: string, repo: string, commit: string): string {
  return `${source}api/models/${repo}/tree/${encodeURIComponent(commit)}?recursive=true`;
}

/** An access token goes to the configured sources only as a bearer header; empty means none. */
export function authHeaders(token: string): Record<string, string> {
  const trimmed = token.trim();
  return trimmed ? { Authorization: `Bearer ${trimmed}` } : {};
}

/** A repo id as the Hub spells them: `owner/name`. */
export function isRepoId(text: string): boolean {
  return /^[\w.-]+\/[\w.-]+$/.test(text) && !text.includes('..');
}
