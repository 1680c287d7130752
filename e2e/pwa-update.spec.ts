import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { makeSpeech } from './support/media';
import { TEST_BUILD_DIR } from './support/paths';
import { HUB_URL } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';

const TEST_MODEL = 'testmodels/whisper-synth';
const SERVICE_WORKER = path.join(TEST_BUILD_DIR, 'sw.js');

test.use({ locale: 'en-US' });

/** A slow Hub keeps the job running (downloading the model) while the update arrives. */
async function setHubFaults(faults: object[]): Promise<void> {
  const response = await fetch(`${HUB_URL}/__hub/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults }),
  });
  expect(response.ok).toBe(true);
}

/**
 * "Deploys" a new version: one precache revision in dist/sw.js changes, as after a rebuild (same
 * length: vite preview may keep a file's size from its start). Returns the undo.
 */
function publishNewVersion(): () => void {
  const original = readFileSync(SERVICE_WORKER, 'utf8');
  const changed = original.replace(/("?revision"?:"[0-9a-f]*)([0-9a-f])"/, (_, head: string, last: string) => `${head}${last === '0' ? '1' : '0'}"`);
  expect(changed).not.toBe(original);
  expect(changed.length).toBe(original.length);
  writeFileSync(SERVICE_WORKER, changed);
  return () => writeFileSync(SERVICE_WORKER, original);
}

test.afterEach(() => setHubFaults([]));

test('a new version is offered as "Reload", never while a transcription runs, and takes over when accepted', async ({ app, context }) => {
  test.setTimeout(240_000);
  const { page } = app;
  await app.open();
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
  const cdp = await context.newCDPSession(page);

  // A transcription is running when the update arrives.
  await setHubFaults([{ match: '*', kind: 'delay', bytesPerSecond: 300_000 }]);
  await app.selectModel(TEST_MODEL);
  await app.choose(makeSpeech(SPEECH_CASES[0]!.spec));
  await app.start();
  const undo = publishNewVersion();
  try {
    // The browser's own update check, without a cached copy of sw.js to revalidate against.
    await cdp.send('Network.clearBrowserCache');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect(page.getByTestId('update')).toBeVisible({ timeout: 60_000 });
  } finally {
    undo();
  }
  await expect(app.status).toHaveAttribute('data-phase', 'running');
  await expect(page.getByTestId('update-reload')).toBeDisabled();
  // The job finishes undisturbed: no reload happened under it.
  expect(await app.finished()).toBe('done');
  expect((await app.segments()).length).toBeGreaterThan(0);
  await expect(page.getByTestId('update')).toBeVisible();

  // Accepted: the waiting version activates and the page reloads under it.
  const reloaded = page.waitForEvent('framenavigated');
  await page.getByTestId('update-reload').click();
  await reloaded;
  await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
  await expect(page.getByTestId('update')).toHaveCount(0);
  await expect(page.getByTestId('transcript-empty')).toBeVisible();
  const waiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null);
  expect(waiting).toBeNull();
});
