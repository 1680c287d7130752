import { en } from '../src/lib/i18n/en';
import { test, expect } from './support/fixtures';
import { englishWerWith, startDownload, storeEntries, storeTwoModels, waitStored, withCopiesHub } from './support/models';

const SYNTH = 'testmodels/whisper-synth';
const COPY = 'copies/whisper-synth';

test.describe('stored models', () => {
  test.use({ locale: 'en-US' });

  test('the Storage panel deletes exactly one model; the other stays usable', async ({ app }) => {
    test.setTimeout(240_000);
    const { page } = app;
    await withCopiesHub({ [COPY]: SYNTH }, async (hub) => {
      await storeTwoModels(app, hub.url, SYNTH, COPY);
      const panel = page.getByTestId('storage-panel');
      await expect(panel.getByTestId('storage-usage')).toBeVisible();
      await expect(panel.getByTestId('stored-model').first()).toHaveAttribute('data-complete', 'yes');

      const before = await storeEntries(page);
      const ofRepo = (entries: typeof before, repo: string) => entries.filter((e) => e.key[1] === repo);
      expect(ofRepo(before, COPY).length).toBeGreaterThan(5);
      expect(ofRepo(before, SYNTH).length).toBeGreaterThan(5);
      // Nothing outside the two models is in the store.
      expect(ofRepo(before, COPY).length + ofRepo(before, SYNTH).length).toBe(before.length);

      await panel.locator(`[data-testid="stored-model"][data-repo="${COPY}"]`).getByTestId('stored-model-delete').click();
      await page.getByTestId('delete-model-dialog').getByTestId('delete-confirm').click();
      await expect(panel.getByTestId('stored-model')).toHaveCount(1);
      const after = await storeEntries(page);
      expect(ofRepo(after, COPY)).toEqual([]);
      expect(after).toEqual(ofRepo(before, SYNTH));

      // The remaining model loads from the store: no download request at all.
      hub.clearLog();
      expect(await englishWerWith(app, SYNTH)).toBeLessThanOrEqual(0.15);
      expect(hub.log().filter((e) => e.path.includes('/resolve/'))).toEqual([]);
    });
  });

  test('offline, stored models load and transcribe without any network', async ({ app, context }) => {
    test.setTimeout(300_000);
    const { page } = app;
    await withCopiesHub({ [COPY]: SYNTH }, async (hub) => {
      await storeTwoModels(app, hub.url, SYNTH, COPY);

      // The transcribe worker and onnxruntime come from the app's server once, online.
      expect(await englishWerWith(app, COPY)).toBeLessThanOrEqual(0.15);

      hub.clearLog();
      await context.setOffline(true);
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      // Each switch loads a model anew, from IndexedDB only.
      expect(await englishWerWith(app, SYNTH)).toBeLessThanOrEqual(0.15);
      expect(await englishWerWith(app, COPY)).toBeLessThanOrEqual(0.15);
      await context.setOffline(false);
      expect(hub.log()).toEqual([]);
    });
  });

  test('a quota too small for the model: a translated message says how much is needed; with room, the download goes on', async ({ app, context }) => {
    const { page } = app;
    await app.open();
    const cdp = await context.newCDPSession(page);
    const origin = new URL(page.url()).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1_000_000 });

    await startDownload(page, SYNTH);
    const error = page.getByTestId('model-download-error');
    await expect(error).toHaveAttribute('data-error-key', 'error.modelQuota');
    // "… 3.5 MB more is needed …": what is still missing when the browser refused to store more.
    const [before, after] = en['error.modelQuota'].split('{needed}') as [string, string];
    await expect(error).toHaveText(new RegExp(`^${before}[\\d.,]+ (KB|MB)${after.replace(/[.“”]/g, '.')}$`));

    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.getByTestId('model-resume').click();
    await waitStored(page);
  });

  test('first run recommends a model the server has; the old Cache API copy is deleted once, other caches are kept', async ({ app }) => {
    const { page } = app;
    // The suite's Hub has the project's models only: the offer picks among those, nothing else is listed.
    await app.open();
    const offer = page.getByTestId('first-run');
    await expect(offer).toBeVisible();
    await expect(page.getByTestId('first-run-model')).toHaveValue('testmodels/whisper-synth');
    const listed = await page.getByTestId('first-run-model').locator('option').evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).value),
    );
    expect(listed.filter((id) => id.startsWith('onnx-community/')), 'models the server does not have').toEqual([]);
    // One model picker on the first screen: the options card shows none while the offer is there.
    await expect(page.getByTestId('model-select')).toHaveCount(0);

    await page.evaluate(async () => {
      await (await caches.open('transformers-cache')).put('/old-model', new Response('weights'));
      await (await caches.open('unrelated')).put('/keep', new Response('mine'));
      localStorage.removeItem('video-to-text:legacy-model-cache-cleared');
    });
    await page.reload();
    await expect(page.getByTestId('first-run')).toBeVisible();
    // (The service worker's precache is another cache of its own: left alone too.)
    await expect.poll(() => page.evaluate(() => caches.keys())).not.toContain('transformers-cache');
    expect(await page.evaluate(() => caches.keys())).toContain('unrelated');

    await page.getByTestId('first-run-later').click();
    await expect(offer).toBeHidden();
  });

  test('first run on a server that has Whisper Tiny.en: the quick English choice on the CPU, with its size', async ({ app }) => {
    const { page } = app;
    await withCopiesHub({ 'onnx-community/whisper-tiny.en': SYNTH }, async (hub) => {
      await app.open(hub.url);
      // English interface on the CPU (WASM): tiny.en is the quick choice.
      await expect(page.getByTestId('first-run-model')).toHaveValue('onnx-community/whisper-tiny.en');
      await expect(page.getByTestId('first-run').getByTestId('model-approx-size')).toContainText('41 MB');
    });
  });
});
