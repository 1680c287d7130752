// @ts-check
/**
 * Audio extraction through the app's own media worker (ffmpeg.wasm, in the test build), driven
 * through the `?test=1` hook: `window.__vtt_test.decode(file)` (src/test-entry/hook.ts).
 *
 * The hook answers with the PCM as base64 (for the decode e2e test), which costs time the app never
 * spends; the same conversion is timed on a buffer of the same size and reported beside it.
 */
import { sampleMemory } from './browser.mjs';

/**
 * @param {{ context: import('@playwright/test').BrowserContext, profile: string }} browser
 * @param {string} appUrl
 * @param {string} file
 */
export async function measureExtraction(browser, appUrl, file) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${appUrl}/?test=1`);
    await page.locator('html[data-test-hook="ready"]').waitFor({ state: 'attached' });
    await page.getByTestId('test-file-input').setInputFiles(file);
    const memory = await sampleMemory(browser.profile, page);
    const result = await page.evaluate(async () => {
      const input = /** @type {HTMLInputElement} */ (document.querySelector('[data-testid="test-file-input"]'));
      const picked = input.files?.[0];
      const hook = window.__vtt_test;
      if (!picked || !hook) throw new Error('the ?test=1 hook is not installed');
      const started = performance.now();
      const decoded = await hook.decode(picked);
      const totalMs = performance.now() - started;
      if (!decoded.ok) return { ok: false, message: decoded.message };
      const bytes = (decoded.pcmBase64.length / 4) * 3;
      // The hook's own conversion (test-hook.ts toBase64), repeated on as many bytes.
      const copy = new Uint8Array(bytes);
      const t0 = performance.now();
      let binary = '';
      for (let i = 0; i < copy.length; i += 0x8000) binary += String.fromCharCode(...copy.subarray(i, i + 0x8000));
      btoa(binary);
      const base64Ms = performance.now() - t0;
      return { ok: true, totalMs, base64Ms, decodedS: decoded.info.decodedS, fileBytes: picked.size };
    });
    const peaks = await memory.stop();
    if (!result.ok) throw new Error(`decode failed: ${result.message}`);
    return { ...result, ...peaks };
  } finally {
    await page.close();
  }
}
