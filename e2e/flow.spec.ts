/**
 * No work thrown away, and the failing step shown: a run that fails before it has text keeps the
 * previous transcript; the step that failed is marked with its message and the steps never reached
 * say so; the file is checked before any model work; and cancelled runs leave nothing behind in
 * the site's storage.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { en } from '../src/lib/i18n/en';
import { expect, test } from './support/fixtures';
import { makeLongRecording, TWENTY_MINUTES } from './support/long-media';
import { BROKEN, makeSpeech } from './support/media';
import { clearHubLog, hubLog, startDownload, storeEntries, waitStored } from './support/models';
import { HUB_URL } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';

const TEST_MODEL = 'testmodels/whisper-synth';
const STAGES = ['check', 'decode', 'load', 'transcribe'] as const;

async function stageStatuses(page: Page): Promise<Record<string, string | null>> {
  const entries = await Promise.all(STAGES.map(async (name) => [name, await page.getByTestId(`progress-${name}`).getAttribute('data-status')]));
  return Object.fromEntries(entries);
}

/** What the browser reports for this site: IndexedDB and Cache Storage, in bytes. */
function siteUsage(page: Page): Promise<{ indexedDB: number; caches: number }> {
  return page.evaluate(async () => {
    const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: Record<string, number> };
    return { indexedDB: estimate.usageDetails?.indexedDB ?? 0, caches: estimate.usageDetails?.caches ?? 0 };
  });
}

test.describe('flow', () => {
  test.use({ locale: 'en-US' });

  test('a run that fails before it has text keeps the previous transcript; the failed step is marked', async ({ app }) => {
    const { page } = app;
    const dir = mkdtempSync(path.join(tmpdir(), 'vtt-flow-'));
    try {
      const notes = path.join(dir, 'notes.txt');
      writeFileSync(notes, 'Meeting notes, not a recording.\n'.repeat(50));
      await app.open();
      await app.selectModel(TEST_MODEL);
      const speech = makeSpeech(SPEECH_CASES[0]!.spec);
      await app.choose(speech);
      await app.start();
      expect(await app.finished()).toBe('done');
      const before = await app.segments();
      expect(before.length).toBeGreaterThan(0);
      await expect(page.getByTestId('progress-transcribe')).toHaveAttribute('data-status', 'done');
      // A finished step shows a full bar.
      for (const name of STAGES) await expect(page.getByTestId(`progress-${name}`).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');

      await app.choose(notes);
      await app.start();
      expect(await app.finished()).toBe('failed');
      await expect(page.getByTestId('error')).toHaveAttribute('data-error-key', 'error.notMedia');
      // The check failed, with its message next to it; nothing after it ran.
      expect(await stageStatuses(page)).toEqual({ check: 'failed', decode: 'skipped', load: 'skipped', transcribe: 'skipped' });
      await expect(page.getByTestId('progress-check-message')).toHaveText(en['error.notMedia']);
      await expect(page.getByTestId('progress-decode')).toContainText(en['progress.skipped']);
      // The previous transcript is still there, named by its file, and can still be saved.
      expect(await app.segments()).toEqual(before);
      await expect(page.getByTestId('transcript-file')).toContainText(path.basename(speech));
      await expect(page.getByTestId('export-srt')).toBeVisible();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an empty file is refused before the model is downloaded or loaded', async ({ app }) => {
    const { page } = app;
    await app.open();
    await app.selectModel(TEST_MODEL);
    await clearHubLog(HUB_URL);
    await app.choose(BROKEN.empty);
    await app.start();
    expect(await app.finished()).toBe('failed');
    await expect(page.getByTestId('error')).toHaveAttribute('data-error-key', 'error.emptyFile');
    expect(await stageStatuses(page)).toEqual({ check: 'failed', decode: 'skipped', load: 'skipped', transcribe: 'skipped' });
    // No model file was asked for and nothing was stored.
    expect((await hubLog(HUB_URL)).filter((e) => e.path.includes('/resolve/'))).toEqual([]);
    expect(await storeEntries(page)).toEqual([]);
  });

  test('three cancelled jobs leave the site’s storage at the model’s size', async ({ app }) => {
    test.setTimeout(480_000);
    const { page } = app;
    const { file } = makeLongRecording(TWENTY_MINUTES);
    await app.open();
    await startDownload(page, TEST_MODEL);
    await waitStored(page);
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    const modelBytes = Number(await page.getByTestId('stored-model').first().getAttribute('data-bytes'));
    const before = await siteUsage(page);
    test.info().annotations.push({ type: 'usage before', description: JSON.stringify({ modelBytes, ...before }) });
    // IndexedDB holds the model and little else (the browser's own bookkeeping is a few hundred KB).
    expect(Math.abs(before.indexedDB - modelBytes)).toBeLessThan(1024 * 1024);

    for (let run = 0; run < 3; run++) {
      await app.selectModel(TEST_MODEL);
      await page.getByTestId('language-select').selectOption('ru');
      await app.choose(file);
      await app.start();
      await expect(page.getByTestId('progress-transcribe')).toHaveAttribute('data-status', 'running', { timeout: 120_000 });
      await page.getByTestId('cancel').click();
      expect(await app.finished()).toBe('cancelled');
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
    }
    const after = await siteUsage(page);
    test.info().annotations.push({ type: 'usage after', description: JSON.stringify(after) });
    expect(Math.abs(after.indexedDB - modelBytes)).toBeLessThan(1024 * 1024);
    expect(after.caches).toBe(before.caches);
  });
});
