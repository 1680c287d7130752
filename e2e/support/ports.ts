/**
 * Ports away from the dev defaults (5173 for Vite, 8090 for `npm run hub`), so a dev session can keep
 * running. E2E_APP_PORT / E2E_HUB_PORT move them, so two checkouts can run their suites side by side.
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4180);
export const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 18090);
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;

/**
 * Spec ports sit at fixed offsets from the suite's Hub (18194… for the default 18090), so moving
 * E2E_HUB_PORT moves them too and two checkouts' suites never share a port.
 */
const at = (offset: number) => HUB_PORT + offset;

/** Hubs that specs start for themselves, as model servers a user would set in the settings. */
export const SPEC_HUB_PORTS = { storage: at(104), failing: at(105), stalling: at(106), corrupting: at(107), good: at(108), gated: at(109), real: at(113), firstRun: at(116) };

/**
 * The model servers the preview server's Content-Security-Policy allows (VTT_MODEL_SERVERS, see
 * vite.config.ts), like a Space whose users set these hubs in the settings. Servers that a link
 * names are deliberately not here: the app reaches them only through the service worker's policy,
 * after the user confirmed them.
 */
export const PREVIEW_MODEL_SERVERS = [HUB_URL, ...Object.values(SPEC_HUB_PORTS).map((port) => `http://127.0.0.1:${port}`)];

/** Ports for hubs that play servers named by a link (never allowed by the preview server). */
export const LINK_HUB_PORTS = { capture: at(110), mirror: at(111), liar: at(112) };

/**
 * Plain file hosts serving model archives (a release host, an own server, a backup): never allowed
 * by the preview server either, so the app reaches them only after the user confirmed them.
 */
export const ARCHIVE_HOST_PORTS = { release: at(114), backup: at(115) };
