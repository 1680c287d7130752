/**
 * The security headers every response of the app carries, wherever it runs: the dev and preview
 * servers (vite.config.ts), the Hugging Face Space (README front matter, COOP/COEP/CORP only) and
 * the service worker (src/sw.ts), which sets them again on what it serves — hosts that cannot set
 * headers get them there. Pure functions: the page, the service worker and Node all import this.
 */
import { DEFAULT_HUB_URL, normalizeHubUrl } from '../../features/models/hub/hub';

/**
 * Cross-origin isolation: onnxruntime-web only uses WebAssembly threads (SharedArrayBuffer) when
 * the page is crossOriginIsolated, which needs COOP and COEP on the page and on every worker script.
 * CORP lets an isolated page embed our own files even when a proxy strips the same-origin default.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The hosts the Hugging Face Hub sends model files from: the Hub itself and its CDNs (cdn-lfs*.hf.co, cas-bridge.xethub.hf.co). */
const HUGGING_FACE_SOURCES = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

/** Where a model server's files may come from: a mirror is its own origin; the Hub adds its CDNs. */
export function hubSources(hubUrl: string): string[] {
  const normalized = normalizeHubUrl(hubUrl);
  if (!normalized) return [];
  const { origin } = new URL(normalized);
  return origin === new URL(DEFAULT_HUB_URL).origin ? HUGGING_FACE_SOURCES : [origin];
}

/**
 * The model servers a page may talk to: the one in the settings (the Hub unless the user chose a
 * mirror), the mirrors in the settings, and the servers of a link that the user confirmed. A page
 * address alone (`?hub=`, `?mirror=`) never widens the policy: anyone can send a link.
 */
export function allowedHubs(settingsHubUrl: string | null, settingsMirrors: readonly string[] = [], confirmedLinkServers: readonly string[] = []): string[] {
  const hubs = [settingsHubUrl && normalizeHubUrl(settingsHubUrl) ? settingsHubUrl : DEFAULT_HUB_URL];
  hubs.push(...[...settingsMirrors, ...confirmedLinkServers].filter((m) => normalizeHubUrl(m)));
  return hubs;
}

/** What every policy says besides where connections may go. */
const BASE_DIRECTIVES = [
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  // Svelte sets style attributes; styles cannot send anything where img/font/connect forbid it.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/**
 * Content-Security-Policy of the page and its workers. Privacy by construction: network
 * connections may go to our own origin and the given model servers only, so no code — ours or a
 * library's — can send a user's media anywhere else. Scripts, styles, fonts and images come from
 * our own origin only (no third-party code, fonts or analytics). blob: and data: stay local.
 * 'wasm-unsafe-eval' lets ffmpeg.wasm and onnxruntime compile their WebAssembly.
 */
export function contentSecurityPolicy(hubUrls: readonly string[]): string {
  const connect = new Set(["'self'", 'blob:', 'data:']);
  for (const hub of hubUrls) for (const source of hubSources(hub)) connect.add(source);
  return ["default-src 'self'", `connect-src ${[...connect].join(' ')}`, ...BASE_DIRECTIVES].join('; ');
}

/**
 * The policy index.html carries itself (a <meta>), for hosts that send no CSP header — the Space
 * on a first visit, before the service worker runs. It leaves connections to the header policy:
 * policies add up, so a meta connect-src could never be widened for `?hub=` or a mirror.
 */
export function baselineContentSecurityPolicy(): string {
  return BASE_DIRECTIVES.join('; ');
}
