/**
 * Ports away from the dev defaults (5173 for Vite, 8090 for `npm run hub`), so a dev session can keep
 * running. E2E_APP_PORT / E2E_HUB_PORT move them, so two checkouts can run their suites side by side.
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4180);
export const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 18090);
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;
