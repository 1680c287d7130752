// @ts-check
/**
 * How the tools that drive the app (e2e, bench, screenshots) point it at a local Hub: the way a
 * user does, by making it the model server of the settings. (A `?hub=` link would stop at the
 * app's confirmation dialog, and would never get a token.)
 */

const SETTINGS_KEY = 'video-to-text:settings';

/**
 * Makes `hubUrl` the model server in this page's settings before the app starts. By default only
 * where the page has no settings yet, so what a test changes later survives its reloads; with
 * `always`, on every navigation, keeping the other settings (a browser profile that has seen the
 * app before, as the bench's has).
 * @param {import('@playwright/test').Page} page
 * @param {string} hubUrl e.g. http://127.0.0.1:8090
 * @param {{ always?: boolean }} [options]
 */
export async function useModelServer(page, hubUrl, { always = false } = {}) {
  await page.addInitScript(
    ({ key, hubUrl, always }) => {
      const stored = localStorage.getItem(key);
      if (stored !== null && !always) return;
      localStorage.setItem(key, JSON.stringify({ ...JSON.parse(stored ?? '{}'), hubUrl }));
    },
    { key: SETTINGS_KEY, hubUrl: `${hubUrl.replace(/\/$/, '')}/`, always },
  );
}

/**
 * The environment for a `vite preview` (or dev) server whose Content-Security-Policy allows these
 * model servers (vite.config.ts reads VTT_MODEL_SERVERS).
 * @param {string[]} hubUrls
 */
export function previewEnv(hubUrls) {
  return { ...process.env, VTT_MODEL_SERVERS: hubUrls.join(',') };
}
