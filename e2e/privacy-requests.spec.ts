import { statSync } from 'node:fs';
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { makeSpeech } from './support/media';
import { startHub } from '../tools/hub/server.mjs';
import { APP_PORT, HUB_PORT, HUB_URL, LINK_HUB_PORTS } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';

const TEST_MODEL = 'testmodels/whisper-synth';
/** No request may carry more than this: the media is hundreds of KB, a transcript request none at all. */
const MAX_BODY_BYTES = 4 * 1024;
/** Where the app may connect in these tests: itself and the configured (local) Hub. */
const ALLOWED_ORIGINS = new Set([`http://localhost:${APP_PORT}`, HUB_URL]);
/** The local Hub under another name: a host the policy does not allow, which would answer if asked. */
const FORBIDDEN_URL = `http://localhost:${HUB_PORT}/__hub/log`;

interface Recorded {
  url: string;
  method: string;
  bodyBytes: number;
}

/** Tries a request the policy forbids from a page or worker; says whether CSP stopped it. */
function tryForbidden(target: Page | Worker, url: string) {
  // Page and Worker evaluate alike; TypeScript cannot call through their union.
  return (target as Worker).evaluate(async (url: string) => {
    const violation = new Promise<string>((resolve) => {
      self.addEventListener('securitypolicyviolation', (event) => resolve(`${event.effectiveDirective} ${event.blockedURI}`), {
        once: true,
      });
    });
    const outcome = await fetch(url).then(
      (response) => `answered ${response.status}`,
      (error: unknown) => `failed: ${String(error)}`,
    );
    const reported = await Promise.race([violation, new Promise<string>((resolve) => setTimeout(() => resolve('none'), 2000))]);
    return { outcome, violation: reported };
  }, url);
}

async function transcribeOnce(app: import('./support/fixtures').AppPage, file: string) {
  await app.selectModel(TEST_MODEL);
  await app.choose(file);
  await app.start();
  expect(await app.finished()).toBe('done');
  expect((await app.segments()).length).toBeGreaterThan(0);
}

test.describe('privacy by construction', () => {
  test.use({ locale: 'en-US' });

  test('a full transcription sends the media nowhere: every request is small and goes to the app or the Hub', async ({ app, context }) => {
    const recorded: Recorded[] = [];
    context.on('request', (request) => {
      recorded.push({ url: request.url(), method: request.method(), bodyBytes: request.postDataBuffer()?.byteLength ?? 0 });
    });
    const file = makeSpeech(SPEECH_CASES[0]!.spec);
    const mediaBytes = statSync(file).size;
    expect(mediaBytes).toBeGreaterThan(MAX_BODY_BYTES * 10);

    await app.open();
    await transcribeOnce(app, file);
    // Once more from the service worker's copy of the app, with the model already downloaded.
    await expect(app.page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    await app.page.reload();
    await transcribeOnce(app, file);

    expect(recorded.length).toBeGreaterThan(10);
    const origins = new Set(recorded.filter((r) => /^https?:/.test(r.url)).map((r) => new URL(r.url).origin));
    expect([...origins].filter((origin) => !ALLOWED_ORIGINS.has(origin)), 'hosts outside the allow-list').toEqual([]);
    const heavy = recorded.filter((r) => r.bodyBytes > MAX_BODY_BYTES);
    expect(heavy, 'requests with a body big enough to carry media').toEqual([]);
    const writes = recorded.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
    expect(writes, 'requests that send data').toEqual([]);
  });

  test('the Content-Security-Policy blocks a host outside the allow-list, in the page and in the workers', async ({ app }) => {
    const { page } = app;
    await app.open();

    // The allowed Hub answers, so a blocked request below is the policy's doing, not the network's.
    const allowed = await page.evaluate((url) => fetch(url).then((r) => r.status), `${HUB_URL}/__hub/log`);
    expect(allowed).toBe(200);

    const fromPage = await tryForbidden(page, FORBIDDEN_URL);
    expect(fromPage.outcome).toMatch(/^failed/);
    expect(fromPage.violation).toBe(`connect-src ${FORBIDDEN_URL}`);

    // The workers get their own policy with their script: the transcribe worker holds the model
    // and the audio, so it matters most there.
    await transcribeOnce(app, makeSpeech(SPEECH_CASES[0]!.spec));
    // onnxruntime's own thread workers sit in Atomics.wait and never answer: ask only the app's.
    const ours = page.workers().filter((w) => /\/assets\/worker-[^/]*\.js$/.test(w.url()));
    const named = await Promise.all(ours.map(async (w) => [w, await w.evaluate(() => self.name)] as const));
    const transcriber = named.find(([, name]) => name === 'transcribe')?.[0];
    expect(transcriber, 'the transcribe worker').toBeTruthy();
    const fromWorker = await tryForbidden(transcriber!, FORBIDDEN_URL);
    expect(fromWorker.outcome).toMatch(/^failed/);
    expect(fromWorker.violation).toBe(`connect-src ${FORBIDDEN_URL}`);

    // The same holds when the service worker serves the page and its workers.
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    const fromServedPage = await tryForbidden(page, FORBIDDEN_URL);
    expect(fromServedPage.violation).toBe(`connect-src ${FORBIDDEN_URL}`);
  });

  test('a model server set in the settings is allowed once the service worker knows it', async ({ app }) => {
    const { page } = app;
    // A hub the preview server's policy does not name (only the service worker can allow it).
    const other = await startHub({ port: LINK_HUB_PORTS.capture });
    try {
      await app.open();
      await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
      const blocked = await tryForbidden(page, `${other.url}/__hub/log`);
      expect(blocked.violation).toBe(`connect-src ${other.url}/__hub/log`);
      await page.getByTestId('options-advanced').locator('summary').click();
      await page.getByTestId('hub-url').fill(other.url);
      await page.getByTestId('hub-url').press('Enter');
      await page.getByTestId('hub-url').blur();
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
      expect(await page.evaluate((url) => fetch(url).then((r) => r.status), `${other.url}/__hub/log`)).toBe(200);
      await transcribeOnce(app, makeSpeech(SPEECH_CASES[0]!.spec));
      expect(other.log().some((e) => e.path.includes('/resolve/') && e.status === 200), 'the model came from the new server').toBe(true);
    } finally {
      await other.close();
    }
  });
});
