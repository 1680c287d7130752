/**
 * Ports away from the dev defaults (5173 for Vite, 8090 for `npm run hub`), so a dev session can keep
 * running. E2E_APP_PORT / E2E_HUB_PORT move them, so two checkouts can run their suites side by side.
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4180);
export const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 18090);
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;

/** Hubs that specs start for themselves, as model servers a user would set in the settings. */
export const SPEC_HUB_PORTS = { storage: 18194, failing: 18195, stalling: 18196, corrupting: 18197, good: 18198, gated: 18199, real: 18203 };

/**
 * The model servers the preview server's Content-Security-Policy allows (VTT_MODEL_SERVERS, see
 * vite.config.ts), like a Space whose users set these hubs in the settings. Servers that a link
 * names are deliberately not here: the app reaches them only through the service worker's policy,
 * after the user confirmed them.
 */
export const PREVIEW_MODEL_SERVERS = [HUB_URL, ...Object.values(SPEC_HUB_PORTS).map((port) => `http://127.0.0.1:${port}`)];

/** Ports for hubs that play servers named by a link (never allowed by the preview server). */
export const LINK_HUB_PORTS = { capture: 18200, mirror: 18201, liar: 18202 };
