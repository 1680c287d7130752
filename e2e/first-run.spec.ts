/**
 * A newcomer's first visit (issue 22): the offer recommends only a model the server said it has,
 * a failed first download says why and offers the next best model, jargon waits under "Advanced",
 * the Transcribe button says when it will download the model first, the placeholder gives way to
 * the first streamed text, a finished step shows a full bar, and `<html lang>` follows the UI.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ROOT, startHub } from '../tools/hub/server.mjs';
import { test, expect } from './support/fixtures';
import { makeSpeech } from './support/media';
import { waitStored } from './support/models';
import { SPEC_HUB_PORTS } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';

const SYNTH = 'testmodels/whisper-synth';
const TINY = 'onnx-community/whisper-tiny';
const TINY_EN = 'onnx-community/whisper-tiny.en';

type Hub = Awaited<ReturnType<typeof startHub>>;

/** A hub of this spec's own: the project's models plus copies of the test model under real repo ids. */
async function withHub(copies: readonly string[], run: (hub: Hub, root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'vtt-first-run-'));
  for (const id of copies) cpSync(path.join(DEFAULT_ROOT, SYNTH), path.join(root, id), { recursive: true });
  const hub = await startHub({ port: SPEC_HUB_PORTS.firstRun, roots: [DEFAULT_ROOT, root] });
  try {
    await run(hub, root);
  } finally {
    await hub.close();
    rmSync(root, { recursive: true, force: true });
  }
}

test.describe('first run', () => {
  test.use({ locale: 'en-US' });

  test('recommends only a model the server said it has, not one it failed to answer for', async ({ app }) => {
    const { page } = app;
    await withHub([TINY], async (hub) => {
      // Tiny.en is the first choice for English on the CPU; the server has no Tiny.en, and its
      // model API fails for it (a 503), so the app cannot know — it must not bet a first download on it.
      hub.setFaults([{ match: `/api/models/${TINY_EN}`, kind: 'status', status: 503 }]);
      await app.open(hub.url);
      const picker = page.getByTestId('first-run-model');
      await expect(picker).toHaveValue(TINY);
      await page.getByTestId('first-run').getByTestId('model-download-start').click();
      await waitStored(page);
    });
  });

  test('a failed first download says why and offers the next best model the server has', async ({ app }) => {
    const { page } = app;
    await withHub([TINY_EN, TINY], async (hub, root) => {
      await app.open(hub.url);
      const offer = page.getByTestId('first-run');
      await expect(page.getByTestId('first-run-model')).toHaveValue(TINY_EN);
      await expect(offer.getByTestId('first-run-fallback')).toHaveCount(0);

      // The server drops Tiny.en after it listed it (a mirror being updated): the download fails.
      rmSync(path.join(root, TINY_EN), { recursive: true, force: true });
      await offer.getByTestId('model-download-start').click();
      await expect(offer.getByTestId('model-size-error')).toHaveAttribute('data-error-key', 'error.modelNotFound');
      const fallback = offer.getByTestId('first-run-fallback');
      await expect(fallback).toHaveAttribute('data-repo', TINY);
      await expect(fallback).toContainText('Whisper Tiny.en could not be downloaded');

      await fallback.getByTestId('first-run-fallback-download').click();
      // The offer ends when a model is stored; the options card shows the one that was downloaded.
      await expect(offer).toBeHidden({ timeout: 120_000 });
      await expect(page.getByTestId('model-select')).toHaveValue(TINY);
      await waitStored(page);
      expect(hub.log().some((e) => e.path.startsWith(`/${TINY}/resolve/`) && e.status === 200)).toBe(true);
    });
  });

  test('the first card asks which model in plain words; revision and precision wait under Advanced', async ({ app }) => {
    const { page } = app;
    await app.open();
    const offer = page.getByTestId('first-run');
    await expect(offer.getByTestId('first-run-languages')).toBeVisible();
    await expect(offer.getByTestId('model-revision')).toBeHidden();
    await expect(offer.getByTestId('model-dtype')).toBeHidden();
    await offer.getByTestId('model-advanced').locator('summary').click();
    await expect(offer.getByTestId('model-revision')).toBeVisible();
    await expect(offer.getByTestId('model-dtype')).toBeVisible();
  });
});

test.describe('progress and page language', () => {
  test.use({ locale: 'en-US' });

  test('the placeholder gives way to the first streamed text, and every finished step shows a full bar', async ({ app }) => {
    test.setTimeout(240_000);
    const { page } = app;
    await app.open();
    const start = page.getByTestId('start');
    await page.getByTestId('first-run-later').click();
    await page.getByTestId('model-select').selectOption(SYNTH);
    await app.choose(makeSpeech(SPEECH_CASES[0]!.spec));
    // Not stored yet: the button says the run downloads the model first.
    await expect(start).toHaveAttribute('data-model-missing', 'yes');
    await expect(start).toHaveText('Download the model and transcribe');
    await expect(page.getByTestId('start-model-missing')).toBeVisible();

    // Watch the page as it renders: the placeholder next to streamed text, and a bar marked done
    // that is not full in the frame after it was marked.
    await page.evaluate(() => {
      const seen = { textWithPlaceholder: 0, streamed: 0, doneBars: [] as number[] };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      const check = () => {
        const streamed = document.querySelector('[data-testid="partial"], [data-testid="segment"]');
        if (streamed) seen.streamed++;
        if (streamed && document.querySelector('[data-testid="transcript-empty"]')) seen.textWithPlaceholder++;
      };
      new MutationObserver((records) => {
        check();
        for (const record of records) {
          const row = record.target as Element;
          if (record.type !== 'attributes' || row.getAttribute('data-status') !== 'done') continue;
          requestAnimationFrame(() => {
            const bar = row.querySelector('[role="progressbar"]')!;
            const fill = bar.firstElementChild!;
            seen.doneBars.push(fill.getBoundingClientRect().width / bar.getBoundingClientRect().width);
          });
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await app.start();
    expect(await app.finished()).toBe('done');
    const seen = await page.evaluate(() => (window as unknown as { __seen: { textWithPlaceholder: number; streamed: number; doneBars: number[] } }).__seen);
    expect(seen.streamed, 'text streamed in while the run went on').toBeGreaterThan(0);
    expect(seen.textWithPlaceholder, 'moments the placeholder showed beside streamed text').toBe(0);
    expect(seen.doneBars.length, 'steps marked done').toBeGreaterThanOrEqual(4);
    for (const ratio of seen.doneBars) expect(ratio).toBeCloseTo(1, 2);
    for (const row of await page.locator('[data-status="done"] [role="progressbar"]').all()) await expect(row).toHaveAttribute('aria-valuenow', '100');

    // Now stored: the plain label again.
    await expect(start).toHaveAttribute('data-model-missing', 'no');
    await expect(start).toHaveText('Transcribe');
  });

  test('after its model is deleted, Transcribe offers the download again, and is off while offline', async ({ app, context }) => {
    const { page } = app;
    await app.open();
    await page.getByTestId('first-run').getByTestId('model-download-start').click();
    await waitStored(page);
    await app.choose(makeSpeech(SPEECH_CASES[0]!.spec));
    const start = page.getByTestId('start');
    await expect(start).toHaveAttribute('data-model-missing', 'no');
    await expect(start).toBeEnabled();

    const model = page.locator(`[data-testid="stored-model"][data-repo="${SYNTH}"]`);
    await model.getByTestId('stored-model-delete').click();
    await page.getByTestId('delete-confirm').click();
    await expect(model).toHaveCount(0);
    await expect(start).toHaveAttribute('data-model-missing', 'yes');
    await expect(start).toHaveText('Download the model and transcribe');
    await expect(start).toBeEnabled();

    await context.setOffline(true);
    await expect(start).toBeDisabled();
    await expect(page.getByTestId('start-model-missing')).toContainText('no connection');
    await context.setOffline(false);
    await expect(start).toBeEnabled();
  });

  test('<html lang> follows the interface language', async ({ app }) => {
    const { page } = app;
    await app.open();
    const html = page.locator('html');
    await expect(html).toHaveAttribute('lang', 'en');
    await page.getByTestId('locale-ru').click();
    await expect(html).toHaveAttribute('lang', 'ru');
    await expect(page.getByTestId('start')).toHaveText(/Скачать модель и распознать/);
    await page.reload();
    await expect(html).toHaveAttribute('lang', 'ru');
    await page.getByTestId('locale-en').click();
    await expect(html).toHaveAttribute('lang', 'en');
  });
});
