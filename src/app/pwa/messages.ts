/** What the page tells the service worker (src/sw.ts). */
export type ServiceWorkerMessage =
  /** Sent by workbox-window's messageSkipWaiting() when the user accepts an update. */
  | { type: 'SKIP_WAITING' }
  /** The model server from the settings, so the Content-Security-Policy allows it. */
  | { type: 'SETTINGS_HUB'; hubUrl: string };

export function isServiceWorkerMessage(value: unknown): value is ServiceWorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; hubUrl?: unknown };
  return message.type === 'SKIP_WAITING' || (message.type === 'SETTINGS_HUB' && typeof message.hubUrl === 'string');
}
