/**
 * Model servers that a page address names (`?hub=`, `?mirror=`). Anyone can send a link, so none of
 * them is contacted until the user confirms them in a dialog that names each one; the confirmation
 * lasts for this tab's visit (sessionStorage) and is never saved in the settings. They never get
 * the access token, and their checksums count only when the configured Hub has none (hub/sources.ts).
 */
import { normalizeHubUrl } from './hub/hub';
import { linkServerList, linkServersFromQuery } from './hub/sources';
import type { LinkDecision, LinkServers, MirrorSetting } from './types';

const CONFIRMED_KEY = 'video-to-text:link-servers-confirmed';

/** The link's servers that the settings do not already name; null when nothing new is asked. */
function newServers(link: LinkServers | null, hubUrl: string, mirrors: readonly MirrorSetting[]): LinkServers | null {
  if (!link) return null;
  const known = new Set([normalizeHubUrl(hubUrl), ...mirrors.map((m) => m.url)]);
  const hub = link.hub && !known.has(link.hub) ? link.hub : null;
  const rest = link.mirrors.filter((m) => !known.has(m));
  return hub || rest.length > 0 ? { hub, mirrors: rest } : null;
}

function confirmedList(): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(CONFIRMED_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export class LinkServersPrompt {
  /** What the link asks for beyond the settings; null when it asks nothing new. */
  readonly asked: LinkServers | null;
  decision = $state<LinkDecision>('confirmed');
  private readonly decided: Promise<void>;
  private resolveDecided: () => void = () => undefined;

  constructor(search: string, hubUrl: string, mirrors: readonly MirrorSetting[]) {
    this.asked = newServers(linkServersFromQuery(search), hubUrl, mirrors);
    const confirmed = confirmedList();
    const already = this.asked !== null && linkServerList(this.asked).every((s) => confirmed.includes(s));
    if (this.asked && !already) this.decision = 'pending';
    this.decided = new Promise((resolve) => (this.resolveDecided = resolve));
    if (this.decision !== 'pending') this.resolveDecided();
  }

  /** Every server the link names (for the dialog and the Content-Security-Policy). */
  get servers(): string[] {
    return this.asked ? linkServerList(this.asked) : [];
  }

  /** The link's servers to use now: only once confirmed. */
  get active(): LinkServers | null {
    return this.decision === 'confirmed' ? this.asked : null;
  }

  /** Resolves once the user has answered (at once when there was nothing to ask). */
  whenDecided(): Promise<void> {
    return this.decided;
  }

  confirm(): void {
    try {
      sessionStorage.setItem(CONFIRMED_KEY, JSON.stringify([...new Set([...confirmedList(), ...this.servers])]));
    } catch {
      // Storage blocked: the confirmation lasts until the page is reloaded.
    }
    this.decision = 'confirmed';
    this.resolveDecided();
  }

  /** Goes on with the settings' servers only, and takes the servers out of the address bar. */
  ignore(): void {
    this.decision = 'ignored';
    const url = new URL(location.href);
    url.searchParams.delete('hub');
    url.searchParams.delete('mirror');
    history.replaceState(history.state, '', url);
    this.resolveDecided();
  }

  /** Stops using confirmed link servers: forgets the confirmation and reopens the page without them. */
  forget(): void {
    try {
      sessionStorage.removeItem(CONFIRMED_KEY);
    } catch {
      // nothing kept
    }
    this.ignore();
    location.reload();
  }
}
