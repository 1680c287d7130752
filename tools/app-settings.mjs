// @ts-check
/**
 * How the tools that drive the app (e2e, bench, screenshots) point it at a local Hub: the way a
 * user does, by making it the model server of the settings. (A `?hub=` link would stop at the
 * app's confirmation dialog, and would never get a token.)
 */

const SETTINGS_KEY = 'video-to-text:settings';

/**
 * Makes `hubUrl` the model server in this page's settings before the app's first start (settings
 * the page already has are kept, so a reload or a second visit changes nothing).
 * @param {import('@playwright/test').Page} page
 * @param {string} hubUrl e.g. http://127.0.0.1:8090
 */
export async function useModelServer(page, hubUrl) {
  await page.addInitScript(
    ({ key, hubUrl }) => {
      if (localStorage.getItem(key) === null) localStorage.setItem(key, JSON.stringify({ hubUrl }));
    },
    { key: SETTINGS_KEY, hubUrl: `${hubUrl.replace(/\/$/, '')}/` },
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
