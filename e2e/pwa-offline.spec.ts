import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import config from '../playwright.config';
import { AppPage, expect, test } from './support/fixtures';
import { makeSpeech, readTruth } from './support/media';
import { HUB_URL } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';
import { wordErrorRate } from './support/wer';

const TEST_MODEL = 'testmodels/whisper-synth';
const MAX_WER = 0.15;

/** A browser with a profile on disk, launched like every other test's, so closing it is a real restart. */
function launch(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    ...config.use?.launchOptions,
    baseURL: config.use?.baseURL,
    locale: 'en-US',
  });
}

/** Hub requests so far; offline there must be none. */
async function hubLog(): Promise<unknown[]> {
  const response = await fetch(`${HUB_URL}/__hub/log`);
  return ((await response.json()) as { log: unknown[] }).log;
}

async function clearHubLog(): Promise<void> {
  await fetch(`${HUB_URL}/__hub/log`, { method: 'DELETE' });
}

async function transcribe(app: AppPage, file: string): Promise<string> {
  await app.selectModel(TEST_MODEL);
  await app.page.getByTestId('language-select').selectOption('auto');
  await app.page.getByTestId('task-select').selectOption('transcribe');
  await app.choose(file);
  await app.start();
  const phase = await app.finished();
  const detail = phase === 'failed' ? await app.page.getByTestId('error-detail').textContent() : '';
  expect(phase, detail ?? '').toBe('done');
  return (await app.segments()).map((s) => s.text).join(' ');
}

test('after one visit and one model download the app opens and transcribes offline, also after a browser restart', async () => {
  test.setTimeout(420_000);
  const file = makeSpeech(SPEECH_CASES[0]!.spec);
  const truth = readTruth(file);
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'vtt-offline-'));
  const outside: string[] = [];
  const watch = (context: BrowserContext) =>
    context.on('request', (request) => {
      const { hostname } = new URL(request.url());
      if (!['localhost', '127.0.0.1', ''].includes(hostname)) outside.push(request.url());
    });

  try {
    // One ordinary visit, online: the service worker installs and the model downloads once.
    let context = await launch(userDataDir);
    watch(context);
    let app = new AppPage(context.pages()[0] ?? (await context.newPage()));
    await app.open();
    await expect(app.page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    // A real profile (not an incognito-like context): Chromium offers installation
    // (beforeinstallprompt) once the manifest and service worker qualify, and the app shows its button.
    await expect(app.page.getByTestId('install')).toBeVisible({ timeout: 30_000 });
    const online = await transcribe(app, file);
    expect(wordErrorRate(truth.text, online), online).toBeLessThanOrEqual(MAX_WER);
    await context.close();

    // The browser restarts with the network off.
    await clearHubLog();
    context = await launch(userDataDir);
    watch(context);
    await context.setOffline(true);
    app = new AppPage(context.pages()[0] ?? (await context.newPage()));
    // The model server is in this profile's settings since the first start.
    const response = await app.page.goto('/?test=1');
    expect(response?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
    await expect(app.page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
    await expect(app.page.getByTestId('offline-ready')).toBeVisible();

    const offline = await transcribe(app, file);
    const wer = wordErrorRate(truth.text, offline);
    test.info().annotations.push({ type: 'offline WER', description: `${(wer * 100).toFixed(1)} % — ${offline}` });
    expect(wer, `reference: ${truth.text}\nhypothesis: ${offline}`).toBeLessThanOrEqual(MAX_WER);
    expect(await hubLog(), 'requests that reached the Hub while offline').toEqual([]);
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  expect(outside, 'requests that left this machine').toEqual([]);
});
