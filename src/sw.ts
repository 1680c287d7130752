/// <reference lib="webworker" />
/**
 * The app's one service worker (vite-plugin-pwa, injectManifest). It
 * - precaches the app shell and the runtimes the app needs offline (ffmpeg's core, onnxruntime's
 *   wasm): the list is Workbox's, injected at build time — never a model file;
 * - answers every navigation with the precached index.html, so the app opens offline whatever its
 *   address says (`?hub=…`, `?test=1`);
 * - sets the cross-origin isolation headers and the Content-Security-Policy on everything it
 *   serves, so hosts that cannot send headers still get threads and the privacy policy.
 * Requests to other origins (the Hub and its mirrors) are not touched: models are stored by the
 * models feature, not here.
 */
import { get, set } from 'idb-keyval';
import { clientsClaim } from 'workbox-core';
import type { WorkboxPlugin } from 'workbox-core/types';
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { allowedHubs, contentSecurityPolicy, ISOLATION_HEADERS } from './app/pwa/headers';
import { isServiceWorkerMessage } from './app/pwa/messages';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

const SETTINGS_HUB_KEY = 'video-to-text:sw:settings-hub';
const SETTINGS_MIRRORS_KEY = 'video-to-text:sw:settings-mirrors';
const LINK_SERVERS_KEY = 'video-to-text:sw:link-servers';

/** The Hub the user set in the app's settings (the page tells us; kept for the next start). */
let settingsHub: Promise<string | null> = get<string>(SETTINGS_HUB_KEY).then(
  (value) => value ?? null,
  () => null,
);

/** The mirrors the user added in the app's settings (told and kept like the Hub). */
let settingsMirrors: Promise<string[]> = get<string[]>(SETTINGS_MIRRORS_KEY).then(
  (value) => value ?? [],
  () => [],
);

/** The servers of a link that the user confirmed in the page that told us last (kept like the Hub). */
let linkServers: Promise<string[]> = get<string[]>(LINK_SERVERS_KEY).then(
  (value) => value ?? [],
  () => [],
);

self.addEventListener('message', (event) => {
  const message: unknown = event.data;
  if (!isServiceWorkerMessage(message)) return;
  if (message.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  } else {
    settingsHub = Promise.resolve(message.hubUrl);
    settingsMirrors = Promise.resolve(message.mirrors);
    linkServers = Promise.resolve(message.linkServers);
    const kept = Promise.all([
      set(SETTINGS_HUB_KEY, message.hubUrl),
      set(SETTINGS_MIRRORS_KEY, message.mirrors),
      set(LINK_SERVERS_KEY, message.linkServers),
    ]).catch(() => undefined);
    // The page may wait for this before it reloads under the widened policy.
    event.waitUntil(kept.then(() => event.ports[0]?.postMessage('kept')));
  }
});

/** Same body and status, with the app's security headers set (replacing whatever the host sent). */
const securityHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => {
    if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
    const hubs = allowedHubs(await settingsHub, await settingsMirrors, await linkServers);
    headers.set('Content-Security-Policy', contentSecurityPolicy(hubs));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  },
};

addPlugins([securityHeaders]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any in-app address is the single-page app: serve the precached shell, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
// Our own files outside the precache list still get the headers; other origins are left alone.
registerRoute(
  ({ url }) => url.origin === self.location.origin,
  new NetworkOnly({ plugins: [securityHeaders] }),
);

// Take over the page that installed us at once, so the first visit already works offline.
// Updates wait for the user (src/app/pwa/pwa.svelte.ts) and never interrupt a running job.
clientsClaim();
