// @ts-check
/**
 * Jobs on the bench page (tools/bench/page, served at /__bench/ beside the app): low-level encoder
 * and decoder timings, and whisper-web's pipeline as the baseline.
 */
import { sampleMemory } from './browser.mjs';

/**
 * @param {{ context: import('@playwright/test').BrowserContext, profile: string }} browser
 * @param {string} appUrl
 * @param {import('./page/protocol').Job} job
 * @param {{ sampleEveryMs?: number }} [options] memory sampling interval (see sampleMemory)
 * @returns {Promise<import('./page/protocol').JobResult & { peakPss: number, peakHeap: number }>}
 */
export async function runJob(browser, appUrl, job, { sampleEveryMs } = {}) {
  const page = await browser.context.newPage();
  try {
    // The app's service worker (registered when an app page ran in this browser) answers every
    // navigation of the origin with the app's index.html, the bench page's too: unregister it. The
    // models stored in IndexedDB stay; the app registers its worker again on its next visit.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(appUrl).origin, storageTypes: 'service_workers' });
    await cdp.detach();
    // The preview server's Content-Security-Policy allows the bench Hub (VTT_MODEL_SERVERS, set in run.mjs).
    await page.goto(`${appUrl}/__bench/`);
    await page.locator('html[data-bench="ready"]').waitFor({ state: 'attached' });
    const memory = await sampleMemory(browser.profile, page, sampleEveryMs);
    try {
      const result = await page.evaluate((j) => window.__bench.run(j), job);
      return { ...result, ...(await memory.stop()) };
    } finally {
      await memory.stop();
    }
  } finally {
    await page.close();
  }
}
