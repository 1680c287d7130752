// @ts-check
/**
 * The app end to end, through its own UI in the test build (the hooks listed in
 * e2e/README.md): pick the model and language, put the file in, press Start, and note inside the
 * page (MutationObserver, performance.now()) when the model is ready, when the first segment shows
 * and when the run is done. A first run on a short file downloads the model; the measured run
 * comes after a reload, so the model is read from the browser's storage, as on a user's second visit.
 */
import { useModelServer } from '../app-settings.mjs';
import { sampleMemory } from './browser.mjs';

/**
 * @param {import('@playwright/test').Page} page
 * @param {string} repo
 */
async function choose(page, repo) {
  // The first visit shows the first-run offer's picker, later ones the options card's.
  await page.getByTestId('first-run-model').or(page.getByTestId('model-select')).selectOption(repo);
  // English-only models show the language as a disabled select (English): nothing to choose.
  const language = page.getByTestId('language-select');
  if (await language.isEnabled()) await language.selectOption('en');
}

/**
 * One press of Start; resolves when the status says done (or failed).
 * @param {import('@playwright/test').Page} page
 * @param {string} file
 */
async function runOnce(page, file) {
  await page.getByTestId('file-input').setInputFiles(file);
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const q = (/** @type {string} */ id) => document.querySelector(`[data-testid="${id}"]`);
        const status = /** @type {HTMLElement} */ (q('status'));
        // The run counter and the engine's counts come from the test entry, not from the markup.
        const hook = /** @type {{ job(): { runs: number, windows: number | null, encoderRuns: number | null, decoderRuns: number | null } }} */ (
          /** @type {any} */ (window).__vtt_test
        );
        const run = hook.job().runs;
        /** @type {Record<string, number | null>} */
        const at = { modelReady: null, decoded: null, firstSegment: null };
        const started = performance.now();
        const check = () => {
          const now = performance.now() - started;
          if (hook.job().runs <= run) return;
          if (at.modelReady === null && q('progress-load')?.getAttribute('data-status') === 'done') at.modelReady = now;
          if (at.decoded === null && q('progress-decode')?.getAttribute('data-status') === 'done') at.decoded = now;
          if (at.firstSegment === null && q('segment')) at.firstSegment = now;
          const phase = status.dataset.phase;
          if (phase === 'done' || phase === 'failed' || phase === 'cancelled') {
            observer.disconnect();
            const segments = [...document.querySelectorAll('[data-testid="segment"]')];
            const engine = q('engine-info');
            resolve({
              phase,
              totalMs: now,
              ...at,
              // The engine's counts for the run.
              windows: hook.job().windows ?? NaN,
              encoderRuns: hook.job().encoderRuns ?? NaN,
              decoderRuns: hook.job().decoderRuns ?? NaN,
              segments: segments.length,
              lastEndS: Number(segments.at(-1)?.getAttribute('data-end') ?? 0),
              // The transcript as shown (each segment's text), and the engine line under the status.
              text: segments.map((s) => s.querySelector('.text')?.textContent?.trim() ?? '').join(' '),
              engine: engine
                ? { device: engine.getAttribute('data-device'), threads: engine.getAttribute('data-threads'), label: engine.textContent?.replace(/\s+/g, ' ').trim() ?? '' }
                : null,
              error: q('error-message')?.textContent ?? null,
              detail: q('error-detail')?.textContent ?? null,
            });
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        /** @type {HTMLButtonElement} */ (q('start')).click();
      }),
  );
}

/**
 * @param {{ context: import('@playwright/test').BrowserContext, profile: string }} browser
 * @param {{ appUrl: string, hubUrl: string, repo: string, warmupFile: string, file: string, sampleEveryMs?: number }} options
 */
export async function measureApp(browser, { appUrl, hubUrl, repo, warmupFile, file, sampleEveryMs }) {
  const page = await browser.context.newPage();
  try {
    await useModelServer(page, hubUrl, { always: true });
    const url = `${appUrl}/?test=1`;
    await page.goto(url);
    await page.locator('html[data-test-hook="ready"]').waitFor();
    await choose(page, repo);
    const first = /** @type {any} */ (await runOnce(page, warmupFile));
    if (first.phase !== 'done') throw new Error(`app run on ${warmupFile} ended ${first.phase}: ${first.error} (${first.detail})`);
    await page.goto(url);
    await page.locator('html[data-test-hook="ready"]').waitFor();
    await choose(page, repo);
    const memory = await sampleMemory(browser.profile, page, sampleEveryMs);
    const measured = /** @type {any} */ (await runOnce(page, file));
    const peaks = await memory.stop();
    if (measured.phase !== 'done') throw new Error(`app run on ${file} ended ${measured.phase}: ${measured.error} (${measured.detail})`);
    return { firstLoadMs: first.modelReady, ...measured, ...peaks };
  } finally {
    await page.close();
  }
}
