/**
 * Model sources: the Hub and its mirrors, in the order they are tried, and which of them may see
 * the access token. Every source has the Hub's URL layout (`{source}{repo}/resolve/{revision}/{path}`,
 * `{source}api/models/…`).
 *
 * Trust comes from the settings, never from a page address: the token goes only to the Hub the
 * user configured and to the mirrors they ticked for it; servers a link names (`?hub=`, `?mirror=`)
 * are used only after the user confirms them, and never get the token. Checksums are asked of the
 * configured Hub first, so a mirror can slow a download down but not change what counts as correct.
 */
import type { Authorize, LinkServers, SourceConfig, SourcePlan } from '../types';
import { normalizeHubUrl } from './hub';

function unique(urls: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of urls) {
    const url = normalizeHubUrl(text);
    if (url && !out.includes(url)) out.push(url);
  }
  return out;
}

/** `?hub=` and `?mirror=` of a page address (invalid ones dropped); null when the address names none. */
export function linkServersFromQuery(search: string): LinkServers | null {
  const query = new URLSearchParams(search);
  const hubText = query.get('hub');
  const hub = hubText === null ? null : normalizeHubUrl(hubText);
  const mirrors = unique(query.getAll('mirror'));
  return hub || mirrors.length > 0 ? { hub, mirrors } : null;
}

/** Every server of a link, as a list. */
export function linkServerList(link: LinkServers): string[] {
  return unique([...(link.hub ? [link.hub] : []), ...link.mirrors]);
}

export function planSources({ hubUrl, mirrors, link }: SourceConfig): SourcePlan {
  const hub = normalizeHubUrl(hubUrl);
  const settingsMirrors = mirrors.flatMap((m) => normalizeHubUrl(m.url) ?? []);
  const linked = link ? linkServerList(link) : [];
  const download = unique([...linked, ...(hub ? [hub] : []), ...settingsMirrors]);
  const snapshot = unique([...(hub ? [hub] : []), ...download]);
  const tokenOrigins = new Set<string>();
  if (hub) tokenOrigins.add(new URL(hub).origin);
  for (const mirror of mirrors) {
    const url = normalizeHubUrl(mirror.url);
    if (url && mirror.sendToken) tokenOrigins.add(new URL(url).origin);
  }
  return { download, snapshot, tokenOrigins };
}

/**
 * The headers for one request: the bearer token only when the URL's own origin may receive it, so
 * a source, a `Link: next` or anything else pointing elsewhere never carries it. (Redirects to
 * another origin — the Hub's CDN — drop it too: browsers remove Authorization on cross-origin
 * redirects, which the end-to-end tests check.)
 */
export function authorizer(token: string, tokenOrigins: ReadonlySet<string>): Authorize {
  const trimmed = token.trim();
  return (url): Record<string, string> => (trimmed && tokenOrigins.has(new URL(url).origin) ? { Authorization: `Bearer ${trimmed}` } : {});
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

export function modelInfoUrl(source: string, repo: string): string {
  return `${source}api/models/${repo}`;
}

/** A repo id as the Hub spells them: `owner/name`. */
export function isRepoId(text: string): boolean {
  return /^[\w.-]+\/[\w.-]+$/.test(text) && !text.includes('..');
}
