// @ts-check
/**
 * The app's side of `npm run eval:real`: the production build (`vite build`, no test entry), served
 * by `vite preview` with the headers the app needs, in Debian's Chromium, driven through its UI as
 * a user would: the local Hub as the model server in the settings, the model picked, WASM chosen,
 * each file put in and Start pressed. Segments and their timed words are read from the transcript's
 * markup; the time is taken inside the page, from the click on Start to the status saying done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, expect } from '@playwright/test';
import { build, preview } from 'vite';
import { previewEnv, useModelServer } from '../app-settings.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

const FINAL = ['done', 'failed', 'cancelled'];

/**
 * Builds the app into `outDir` and serves it on `port` with `hubUrl` allowed by its CSP.
 * @param {{ outDir: string, port: number, hubUrl: string }} options
 */
export async function serveProductionBuild({ outDir, port, hubUrl }) {
  await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  // vite.config.ts reads the model servers to allow when it is loaded.
  Object.assign(process.env, previewEnv([hubUrl]));
  const server = await preview({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn', build: { outDir }, preview: { port, strictPort: true } });
  return { url: `http://localhost:${port}`, close: () => server.close() };
}

/**
 * @typedef {{ seconds: number, segments: unknown[], language: string | null, language_probability: number | null }} AppRun
 * `language`: what the app detected (multilingual models with the language on auto), else null.
 */

/**
 * One press of Start on `file`; resolves with the run's segments (words where given) and seconds.
 * @param {import('@playwright/test').Page} page
 * @param {string} file
 */
async function transcribeOnce(page, file) {
  await page.getByTestId('file-input').setInputFiles(file);
  const result = await page.evaluate(
    (final) =>
      new Promise((resolve) => {
        const q = (/** @type {string} */ id) => document.querySelector(`[data-testid="${id}"]`);
        const status = /** @type {HTMLElement} */ (q('status'));
        let started = false;
        const t0 = performance.now();
        const observer = new MutationObserver((records) => {
          // Any change of the phase after the click belongs to the new run (the first one leaves the final phase).
          if (records.length > 0) started = true;
          const phase = status.dataset.phase ?? '';
          if (!started || !final.includes(phase)) return;
          observer.disconnect();
          const seconds = (performance.now() - t0) / 1000;
          const segments = [...document.querySelectorAll('[data-testid="segment"]')].map((li) => ({
            start: Number(li.getAttribute('data-start')),
            end: Number(li.getAttribute('data-end')),
            text: li.querySelector('.text')?.textContent ?? '',
            words: [...li.querySelectorAll('.word')].map((w) => ({
              word: w.textContent ?? '',
              start: Number(w.getAttribute('data-start')),
              end: Number(w.getAttribute('data-end')),
            })),
          }));
          const detected = q('detected-language');
          resolve({
            phase,
            seconds,
            segments,
            language: detected?.getAttribute('data-language') ?? null,
            language_probability: detected ? Number(detected.getAttribute('data-probability')) : null,
            error: q('error-message')?.textContent ?? null,
            detail: q('error-detail')?.textContent ?? null,
          });
        });
        observer.observe(status, { attributes: true, attributeFilter: ['data-phase'] });
        /** @type {HTMLButtonElement} */ (q('start')).click();
      }),
    FINAL,
  );
  const run = /** @type {AppRun & { phase: string, error: string | null, detail: string | null }} */ (result);
  if (run.phase !== 'done') throw new Error(`the app's run on ${file} ended ${run.phase}: ${run.error} (${run.detail})`);
  return { seconds: run.seconds, segments: run.segments, language: run.language, language_probability: run.language_probability };
}

/**
 * Transcribes every file with `repo` on WASM. The first file is run once before the measured runs,
 * so the model is downloaded and stored first, as on a user's second visit.
 * With `detectLanguage` (a multilingual model) the language is left to the app's detection.
 * @param {{ appUrl: string, hubUrl: string, repo: string, files: string[], detectLanguage?: boolean, log?: (line: string) => void }} options
 */
export async function transcribeWithApp({ appUrl, hubUrl, repo, files, detectLanguage = false, log = console.log }) {
  const profile = mkdtempSync(join('.cache', 'realmodels', 'eval', 'profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await context.newPage();
    await useModelServer(page, hubUrl);
    await page.goto(appUrl);
    const picker = page.getByTestId('first-run-model').or(page.getByTestId('model-select'));
    await picker.selectOption(repo);
    // The first-run offer puts its recommendation in once the server's listing arrives: make sure
    // the choice held (a run with another model would be scored as this one).
    await expect(picker).toHaveValue(repo);
    await page.getByTestId('options-advanced').locator('summary').click();
    await page.getByTestId('device-select').selectOption('wasm');
    if (detectLanguage) {
      // The multilingual model's language select replaces the English-only one once the choice is in.
      const language = page.getByTestId('language-select');
      await expect(language).toBeEnabled();
      await language.selectOption('auto');
    }
    const warmup = await transcribeOnce(page, files[0]);
    log(`  app: model downloaded and a first run in ${warmup.seconds.toFixed(1)} s`);
    /** @type {Record<string, AppRun>} */
    const results = {};
    for (const file of files) {
      await expect(picker).toHaveValue(repo);
      results[file] = await transcribeOnce(page, file);
      if (detectLanguage && !results[file].language) throw new Error(`the app detected no language on ${file}: was ${repo} used?`);
      log(`  app: ${file.split('/').at(-1)} ${results[file].seconds.toFixed(1)} s`);
    }
    return results;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
