/** What the page tells the service worker (src/sw.ts). */
export type ServiceWorkerMessage =
  /** Sent by workbox-window's messageSkipWaiting() when the user accepts an update. */
  | { type: 'SKIP_WAITING' }
  /** The model server and mirrors from the settings, so the Content-Security-Policy allows them. */
  | { type: 'SETTINGS_HUB'; hubUrl: string; mirrors: string[] };

export function isServiceWorkerMessage(value: unknown): value is ServiceWorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; hubUrl?: unknown; mirrors?: unknown };
  return (
    message.type === 'SKIP_WAITING' ||
    (message.type === 'SETTINGS_HUB' &&
      typeof message.hubUrl === 'string' &&
      Array.isArray(message.mirrors) &&
      message.mirrors.every((m) => typeof m === 'string'))
  );
}
