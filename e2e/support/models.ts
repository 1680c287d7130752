/**
 * Helpers for the model download specs (e2e/models-*.spec.ts): the local Hub's fault and log
 * endpoints, the app's model panel, and a look straight into the model store in IndexedDB.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEFAULT_ROOT, startHub } from '../../tools/hub/server.mjs';
import { expect, type AppPage } from './fixtures';
import { makeSpeech, readTruth } from './media';
import { SPEC_HUB_PORTS } from './ports';
import { SPEECH_CASES } from './speech-cases';
import { wordErrorRate } from './wer';

/**
 * Transcribes the first English test utterance with a stored model through the UI and returns the
 * word error rate: a model whose files reached onnxruntime intact scores ≤ 15 %.
 */
export async function englishWerWith(app: AppPage, repo: string): Promise<number> {
  const media = makeSpeech(SPEECH_CASES[0]!.spec);
  await app.page.getByTestId('model-select').selectOption(repo);
  await app.page.getByTestId('language-select').selectOption('en');
  await app.choose(media);
  await app.start();
  expect(await app.finished()).toBe('done');
  const text = (await app.segments()).map((s) => s.text).join(' ');
  return wordErrorRate(readTruth(media).text, text);
}

export interface HubLogEntry {
  method: string;
  path: string;
  range: string | null;
  status: number;
  bytesSent: number;
  complete: boolean;
  /** Whether the request carried an Authorization header. */
  authorization: boolean;
}

export async function setFaults(hubUrl: string, faults: object[]): Promise<void> {
  const response = await fetch(`${hubUrl}/__hub/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults }),
  });
  expect(response.ok, await response.text()).toBe(true);
}

export async function hubLog(hubUrl: string): Promise<HubLogEntry[]> {
  return ((await (await fetch(`${hubUrl}/__hub/log`)).json()) as { log: HubLogEntry[] }).log;
}

export async function clearHubLog(hubUrl: string): Promise<void> {
  await fetch(`${hubUrl}/__hub/log`, { method: 'DELETE' });
}

/** Body bytes the Hub sent for one file of a repo (every request, cut ones included). */
export function bytesSentFor(log: readonly HubLogEntry[], repo: string, path: string): number {
  return log
    .filter((e) => e.method === 'GET' && e.path.startsWith(`/${repo}/resolve/`) && e.path.endsWith(`/${path}`))
    .reduce((sum, e) => sum + e.bytesSent, 0);
}

/** File sizes and LFS sha256s from the Hub's tree API. */
export async function repoFiles(hubUrl: string, repo: string): Promise<Map<string, { size: number; sha256?: string }>> {
  const tree = (await (await fetch(`${hubUrl}/api/models/${repo}/tree/main?recursive=true`)).json()) as {
    type: string;
    path: string;
    size: number;
    lfs?: { oid: string; size: number };
  }[];
  return new Map(tree.filter((e) => e.type === 'file').map((e) => [e.path, { size: e.lfs?.size ?? e.size, sha256: e.lfs?.oid }]));
}

export interface StoreEntry {
  key: (string | number)[];
  /** For pieces: the Blob's size and the source that served it. */
  size?: number;
  source?: string;
  completedAt?: number | null;
}

/** Every entry of the app's model store, read with the page's own IndexedDB. */
export function storeEntries(page: Page): Promise<StoreEntry[]> {
  return page.evaluate(
    () =>
      new Promise<StoreEntry[]>((resolve, reject) => {
        const open = indexedDB.open('video-to-text-models');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) return resolve([]);
          const store = db.transaction('entries').objectStore('entries');
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onsuccess = () => {
            resolve(
              (keys.result as (string | number)[][]).map((key, i) => {
                const value = values.result[i] as { blob?: Blob; source?: string; completedAt?: number | null };
                return { key, size: value.blob?.size, source: value.source, completedAt: value.completedAt };
              }),
            );
            db.close();
          };
          values.onerror = () => reject(values.error);
        };
      }),
  );
}

/** sha256 of a stored file, computed in the page from its pieces (in byte order). */
export function storedSha256(page: Page, repo: string, path: string): Promise<string> {
  return page.evaluate(
    async ({ repo, path }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('video-to-text-models');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const store = db.transaction('entries').objectStore('entries');
      const range = IDBKeyRange.bound(['piece', repo], ['piece', repo, []]);
      const request = store.getAll(range);
      const pieces = await new Promise<{ blob: Blob }[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result as { blob: Blob }[]);
        request.onerror = () => reject(request.error);
      });
      const keysRequest = store.getAllKeys(range);
      const keys = await new Promise<IDBValidKey[][]>((resolve) => (keysRequest.onsuccess = () => resolve(keysRequest.result as IDBValidKey[][])));
      db.close();
      const mine = pieces.filter((_, i) => keys[i]![3] === path).map((p) => p.blob);
      const digest = await crypto.subtle.digest('SHA-256', await new Blob(mine).arrayBuffer());
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
    { repo, path },
  );
}

/** The model panel on screen (the first-run offer's while it shows, else the options card's). */
export function modelPanel(page: Page) {
  return page.getByTestId('model-panel');
}

/**
 * Chooses a model (and a precision) and starts its download from the model panel: the first-run
 * offer's while it shows (it asks the Hub only on the click), else the options card's (which shows
 * the exact size first).
 */
export async function startDownload(page: Page, repo: string, dtype: string | null = null): Promise<void> {
  const firstRun = await page.getByTestId('first-run').isVisible();
  await page.getByTestId(firstRun ? 'first-run-model' : 'model-select').selectOption(repo);
  const panel = modelPanel(page);
  if (dtype) {
    // Precision is jargon: it waits under the panel's "Advanced".
    await panel.getByTestId('model-advanced').locator('summary').click();
    await panel.getByTestId('model-dtype').selectOption(dtype);
  }
  if (!firstRun) await expect(panel.getByTestId('model-size')).toBeVisible();
  await panel.getByTestId('model-download-start').click();
}

/** Waits until the options card says the model is stored (downloaded and verified). */
export async function waitStored(page: Page, timeout = 120_000): Promise<void> {
  await expect(page.getByTestId('model-stored')).toBeVisible({ timeout });
}

/**
 * A hub of the spec's own serving the project's models plus copies of them under other repo ids
 * (`copies`: new id → the test model it copies), so two real models exist on every machine.
 */
export async function withCopiesHub(
  copies: Record<string, string>,
  run: (hub: Awaited<ReturnType<typeof startHub>>) => Promise<void>,
): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'vtt-models-'));
  for (const [id, source] of Object.entries(copies)) cpSync(path.join(DEFAULT_ROOT, source), path.join(root, id), { recursive: true });
  const hub = await startHub({ port: SPEC_HUB_PORTS.storage, roots: [DEFAULT_ROOT, root] });
  try {
    await run(hub);
  } finally {
    await hub.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Stores a model and a copy of it (added by id in the UI), both through the UI (an English interface). */
export async function storeTwoModels(app: AppPage, hubUrl: string, first: string, copy: string): Promise<void> {
  const { page } = app;
  await app.open(hubUrl);
  await startDownload(page, first);
  await waitStored(page);
  await page.getByText(/^Advanced$/).click();
  await page.getByTestId('custom-model').fill(copy);
  await page.getByTestId('custom-model-add').click();
  await expect(page.getByTestId('model-select')).toHaveValue(copy);
  await startDownload(page, copy);
  await waitStored(page);
  await expect(page.getByTestId('stored-model')).toHaveCount(2);
}
