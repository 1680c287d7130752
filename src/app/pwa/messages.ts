/** What the page tells the service worker (src/sw.ts). */
export type ServiceWorkerMessage =
  /** Sent by workbox-window's messageSkipWaiting() when the user accepts an update. */
  | { type: 'SKIP_WAITING' }
  /**
   * The model server and mirrors from the settings, and the link servers the user confirmed in
   * this tab, so the Content-Security-Policy allows them. Answered on the message's port once kept.
   */
  | { type: 'SETTINGS_HUB'; hubUrl: string; mirrors: string[]; linkServers: string[] };

export function isServiceWorkerMessage(value: unknown): value is ServiceWorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; hubUrl?: unknown; mirrors?: unknown; linkServers?: unknown };
  const strings = (list: unknown) => Array.isArray(list) && list.every((m) => typeof m === 'string');
  return (
    message.type === 'SKIP_WAITING' ||
    (message.type === 'SETTINGS_HUB' && typeof message.hubUrl === 'string' && strings(message.mirrors) && strings(message.linkServers))
  );
}
