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
 * @returns {Promise<import('./page/protocol').JobResult & { peakPss: number, peakHeap: number }>}
 */
export async function runJob(browser, appUrl, job) {
  const page = await browser.context.newPage();
  try {
    // The preview server builds the page's and its workers' Content-Security-Policy from `?hub=`
    // (vite.config.ts), as it does for the app: without it the Hub is not reachable.
    await page.goto(`${appUrl}/__bench/?hub=${encodeURIComponent(job.hubUrl)}`);
    await page.locator('html[data-bench="ready"]').waitFor({ state: 'attached' });
    const memory = await sampleMemory(browser.profile, page);
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
