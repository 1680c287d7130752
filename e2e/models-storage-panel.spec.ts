/**
 * The storage panel (issue 22): Delete asks first and Keep or Escape keep everything; the site's
 * data is broken down; Clear leftovers deletes exactly the model-store entries no model uses and
 * the old model cache, nothing a stored or unfinished model uses, no other cache.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { clearHubLog, englishWerWith, hubLog, startDownload, storeEntries, storeTwoModels, waitStored, withCopiesHub } from './support/models';
import { HUB_URL } from './support/ports';

const SYNTH = 'testmodels/whisper-synth';
const COPY = 'copies/whisper-synth';

/** The model records in the store, read with the page's own IndexedDB. */
function storedRecords(page: Page): Promise<{ repo: string; commit: string; totalBytes: number; completedAt: number | null }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('video-to-text-models');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('entries').objectStore('entries').getAll(IDBKeyRange.bound(['model'], ['model', []]));
          request.onsuccess = () => {
            resolve(request.result);
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Writes entries into the model store as the page's own IndexedDB does: pieces as Blobs of `size` bytes, other values as given. */
function putEntries(page: Page, entries: { key: (string | number)[]; size?: number; value?: unknown }[]): Promise<void> {
  return page.evaluate(
    (entries) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('video-to-text-models');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('entries', 'readwrite');
          const store = tx.objectStore('entries');
          for (const { key, size, value } of entries) {
            store.put(size === undefined ? value : { blob: new Blob([new Uint8Array(size).fill(7)]), source: 'http://127.0.0.1:1' }, key);
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    entries,
  );
}

const bytesOf = async (page: Page, testid: string) => Number(await page.getByTestId(testid).getAttribute('data-bytes'));

test.describe('the storage panel', () => {
  test.use({ locale: 'en-US' });

  test('Delete asks first: Keep and Escape keep the model, Delete removes exactly that one', async ({ app }) => {
    test.setTimeout(240_000);
    const { page } = app;
    await withCopiesHub({ [COPY]: SYNTH }, async (hub) => {
      await storeTwoModels(app, hub.url, SYNTH, COPY);
      const before = await storeEntries(page);
      const row = page.locator(`[data-testid="stored-model"][data-repo="${COPY}"]`);
      const deleteButton = row.getByTestId('stored-model-delete');
      const dialog = page.getByTestId('delete-model-dialog');

      // The dialog names the model and its size; the focus is on the safe answer.
      await deleteButton.click();
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('heading')).toContainText(COPY);
      await expect(dialog.getByTestId('delete-model-size')).toHaveAttribute('data-bytes', (await row.getAttribute('data-bytes'))!);
      await expect(dialog.getByTestId('delete-cancel')).toBeFocused();
      const axe = await new AxeBuilder({ page }).include('[data-testid="delete-model-dialog"]').analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

      await dialog.getByTestId('delete-cancel').click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('stored-model')).toHaveCount(2);
      expect(await storeEntries(page)).toEqual(before);

      // Escape is "keep" too, and the focus goes back to the row's Delete.
      await deleteButton.click();
      await expect(dialog.getByTestId('delete-cancel')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(deleteButton).toBeFocused();
      expect(await storeEntries(page)).toEqual(before);

      await deleteButton.click();
      await dialog.getByTestId('delete-confirm').click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('stored-model')).toHaveCount(1);
      await expect(page.getByTestId('stored-model')).toHaveAttribute('data-repo', SYNTH);
      expect(await storeEntries(page)).toEqual(before.filter((e) => e.key[1] !== COPY));
    });
  });

  test('the site’s data is broken down; Clear leftovers deletes exactly what no model uses, and the model still transcribes', async ({ app }) => {
    test.setTimeout(240_000);
    const { page } = app;
    await app.open();
    await startDownload(page, SYNTH);
    await waitStored(page);

    // Models: exactly the complete record's size; nothing unfinished, no transcript, no leftovers yet.
    const [record] = await storedRecords(page);
    expect(record?.completedAt).not.toBeNull();
    await expect(page.getByTestId('storage-part-models')).toHaveAttribute('data-bytes', String(record!.totalBytes));
    await expect(page.getByTestId('storage-part-transcripts')).toHaveAttribute('data-bytes', '0');
    expect(await bytesOf(page, 'storage-part-offline')).toBeGreaterThanOrEqual(0);
    expect(await bytesOf(page, 'storage-part-other')).toBeGreaterThanOrEqual(0);
    await expect(page.getByTestId('storage-part-partial')).toHaveCount(0);
    await expect(page.getByTestId('storage-leftovers')).toHaveCount(0);
    await expect(page.getByTestId('storage-clear-leftovers')).toHaveCount(0);
    const whole = await storeEntries(page);

    // Leftovers: a 2 MB piece (and its state) of a model that has no record, a piece of a file the
    // stored model does not list, and the old model cache. Kept: an unfinished download's pieces,
    // listed or not (an import lists its files only when done), and a cache that is not ours.
    const orphans = [
      { key: ['piece', 'gone/model', 'c0ffee', 'onnx/encoder_model.onnx', 0], size: 2_000_000 },
      { key: ['file', 'gone/model', 'c0ffee', 'onnx/encoder_model.onnx'], value: { complete: false, badSources: [] } },
      { key: ['piece', SYNTH, record!.commit, 'onnx/stray.onnx', 0], size: 300_000 },
    ];
    const unfinished = [
      {
        key: ['model', 'wip/model', 'c1'],
        value: { ...record, repo: 'wip/model', commit: 'c1', files: [{ path: 'a.onnx', size: 1000, integrity: { kind: 'size' } }], totalBytes: 1000, completedAt: null, origin: undefined },
      },
      { key: ['piece', 'wip/model', 'c1', 'a.onnx', 0], size: 500 },
      { key: ['piece', 'wip/model', 'c1', 'unpacked.onnx', 0], size: 700 },
    ];
    await putEntries(page, [...orphans, ...unfinished]);
    await page.evaluate(async () => {
      localStorage.setItem('video-to-text:legacy-model-cache-cleared', '1');
      await (await caches.open('transformers-cache')).put('/old-model', new Response(new Uint8Array(1000)));
      await (await caches.open('unrelated')).put('/keep', new Response('mine'));
    });
    const kept = await storeEntries(page).then((entries) => entries.filter((e) => !orphans.some((o) => JSON.stringify(o.key) === JSON.stringify(e.key))));
    const cachesBefore = await page.evaluate(() => caches.keys());

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
    const leftovers = page.getByTestId('storage-leftovers');
    await expect(leftovers).toHaveAttribute('data-bytes', String(2_000_000 + 300_000 + 1000));
    expect(await bytesOf(page, 'storage-part-other')).toBeGreaterThanOrEqual(2_301_000);
    await expect(page.getByTestId('storage-part-partial')).toHaveAttribute('data-bytes', '500');
    await expect(page.getByTestId('storage-part-models')).toHaveAttribute('data-bytes', String(record!.totalBytes));
    const usageBefore = Number(await page.getByTestId('storage-usage').getAttribute('data-usage'));

    await page.getByTestId('storage-clear-leftovers').click();
    await expect(page.getByTestId('storage-cleared')).toHaveAttribute('data-bytes', '2301000');
    await expect(leftovers).toHaveCount(0);
    await expect(page.getByTestId('storage-clear-leftovers')).toHaveCount(0);
    expect(await storeEntries(page)).toEqual(kept);
    expect(kept.filter((e) => e.key[1] === SYNTH)).toEqual(whole);
    expect(await page.evaluate(() => caches.keys())).toEqual(cachesBefore.filter((name) => name !== 'transformers-cache'));
    const usageAfter = Number(await page.getByTestId('storage-usage').getAttribute('data-usage'));
    test.info().annotations.push({ type: 'usage', description: `before Clear leftovers ${usageBefore} B, after ${usageAfter} B` });

    // The stored model loads from the store (no download) and transcribes; the transcript is counted.
    await expect(page.locator(`[data-testid="stored-model"][data-repo="${SYNTH}"]`)).toHaveAttribute('data-complete', 'yes');
    await clearHubLog(HUB_URL);
    expect(await englishWerWith(app, SYNTH)).toBeLessThanOrEqual(0.15);
    expect((await hubLog(HUB_URL)).filter((e) => e.path.includes('/resolve/'))).toEqual([]);
    await expect.poll(() => bytesOf(page, 'storage-part-transcripts')).toBeGreaterThan(0);
  });
});
