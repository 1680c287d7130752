/**
 * Saved transcripts when the browser refuses to store more (a quota forced by the test): the job
 * says so and goes on, and the transcript saved before is intact. A profile on disk, so the quota
 * can be forced on a fresh start with the model already stored: Chromium's IndexedDB keeps using
 * the room it saw at a page's first write, so a DevTools override set after that first write
 * changes nothing (measured: a 1 MB write still succeeds); set before it, every write is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import config from '../playwright.config';
import { AppPage, expect, test } from './support/fixtures';
import { makeSpeech } from './support/media';
import { SPEECH_CASES } from './support/speech-cases';

const TEST_MODEL = 'testmodels/whisper-synth';

function launch(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { ...config.use?.launchOptions, baseURL: config.use?.baseURL, locale: 'en-US' });
}

async function transcribe(app: AppPage, file: string): Promise<void> {
  await app.selectModel(TEST_MODEL);
  await app.page.getByTestId('language-select').selectOption('en');
  await app.choose(file);
  await app.start();
}

test('storage full: the job says so, keeps running, and the transcript saved before is intact', async () => {
  test.setTimeout(300_000);
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'vtt-quota-'));
  try {
    let context = await launch(userDataDir);
    let app = new AppPage(context.pages()[0] ?? (await context.newPage()));
    await app.open();
    await transcribe(app, makeSpeech(SPEECH_CASES[0]!.spec));
    expect(await app.finished()).toBe('done');
    const first = await app.segments();
    await expect(app.page.getByTestId('history-item').first()).toHaveAttribute('data-status', 'done');
    await context.close();

    // A restart with less room than the site already uses, forced before the app's first write of
    // this session (Chromium keeps answering "there is room" to a page that already wrote).
    context = await launch(userDataDir);
    app = new AppPage(context.pages()[0] ?? (await context.newPage()));
    const cdp = await context.newCDPSession(app.page);
    const origin = new URL(config.use!.baseURL!).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1_000 });
    await app.open();
    await transcribe(app, makeSpeech({ lang: 'en', sentences: 16, seed: 21, offset: 0.5, format: 'mp4' }));
    await expect(app.page.getByTestId('history-error')).toContainText('storage is full', { timeout: 120_000 });
    expect(await app.finished()).toBe('done');
    expect((await app.segments()).length).toBeGreaterThan(first.length);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await context.close();

    context = await launch(userDataDir);
    app = new AppPage(context.pages()[0] ?? (await context.newPage()));
    await app.open();
    const entries = app.page.getByTestId('history-item');
    await expect(entries.first()).toBeVisible();
    const saved = entries.filter({ hasText: `${first.length} segments` }).first();
    await expect(saved).toHaveAttribute('data-status', 'done');
    await saved.getByTestId('history-open').click();
    await expect.poll(async () => (await app.segments()).map((s) => s.text)).toEqual(first.map((s) => s.text));
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
});
