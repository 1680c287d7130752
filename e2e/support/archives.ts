/**
 * Helpers for the archive specs (e2e/models-archive.spec.ts): the project's test model packed by
 * the pack tool (tools/modelpack) into real archives, plain file hosts (tools/hub `files`) that
 * serve them with Range and faults, and the confirmation the app asks before it contacts a new host.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { packModel } from '../../tools/modelpack/pack.mjs';
import { startHub, type Hub } from '../../tools/hub/server.mjs';
import { expect } from './fixtures';
import { REPO_ROOT } from './paths';

export const TEST_MODEL = 'testmodels/whisper-synth';
export const TEST_MODEL_DIR = path.join(REPO_ROOT, 'tools', 'testmodel', 'models', ...TEST_MODEL.split('/'));

export interface PackedArchive {
  /** Path below the host's `/files/`. */
  file: string;
  size: number;
  sha256: string;
  parts: string[];
}

/** A folder of archives, made once per spec file and removed at its end. */
export class ArchiveShelf {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'vtt-archives-'));

  /** Packs `folder` as `name` (e.g. `zip/model.zip`) into this shelf, split into parts over `partBytes`. */
  async pack(name: string, { folder = TEST_MODEL_DIR, partBytes }: { folder?: string; partBytes?: number } = {}): Promise<PackedArchive> {
    const out = path.join(this.dir, ...name.split('/'));
    const { manifest, partPaths } = await packModel({ folder, out, repoId: TEST_MODEL, revision: 'main', ...(partBytes ? { partBytes } : {}) });
    const parts = partPaths.map((p) => path.relative(this.dir, p).split(path.sep).join('/'));
    return { file: parts.length === 1 ? parts[0]! : `${path.dirname(name)}/model-manifest.json`, size: manifest.archive.size, sha256: manifest.archive.sha256, parts };
  }

  /** The test model plus one random file of `extraBytes`, chosen by the device (an external-data shard), so it is really stored. */
  bigModelFolder(extraBytes: number): string {
    const folder = path.join(this.dir, 'big-model');
    cpSync(TEST_MODEL_DIR, folder, { recursive: true });
    const shard = path.join(folder, 'onnx', 'encoder_model_quantized.onnx_data');
    mkdirSync(path.dirname(shard), { recursive: true });
    const chunk = 16 * 1024 * 1024;
    writeFileSync(shard, '');
    for (let written = 0; written < extraBytes; written += chunk) writeFileSync(shard, randomBytes(Math.min(chunk, extraBytes - written)), { flag: 'a' });
    return folder;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A plain file host (a release host, an own server) serving the shelf at `/files/`. */
export function startArchiveHost(port: number, shelf: ArchiveShelf): Promise<Hub> {
  return startHub({ port, roots: [], files: [shelf.dir] });
}

export const fileUrl = (host: Hub, file: string) => `${host.url}/files/${file}`;

/** Requests a host got for archive files (every try, cut ones included). */
export const fileRequests = (host: Hub) => host.log().filter((e) => e.path.startsWith('/files/') && e.method === 'GET');

/**
 * Confirms the hosts the app asks about (the dialog names each one); the page reloads under the
 * service worker's widened policy and goes on with the fetch.
 */
export async function confirmHosts(page: Page, hosts: readonly Hub[]): Promise<void> {
  const dialog = page.getByTestId('source-confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('source-confirm-host')).toHaveText(hosts.map((h) => new URL(h.url).host));
  const reloaded = page.waitForEvent('load');
  await dialog.getByTestId('source-confirm-yes').click();
  await reloaded;
  await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
}

/** Waits for the import panel to report the model stored; returns the repo id it was stored as. */
export async function importDone(page: Page, timeout = 120_000): Promise<string> {
  // The panel's last word: an error left from an earlier attempt shows until the new one starts,
  // so this waits for "done" and, failing that, reports the error the panel shows.
  const outcome = () =>
    page.evaluate(() => {
      const done = document.querySelector('[data-testid="import-done"]');
      const error = document.querySelector('[data-testid="import-error"]');
      return done ? `done:${done.getAttribute('data-repo')}` : error ? `error:${error.textContent}` : 'running';
    });
  await expect.poll(outcome, { timeout, intervals: [250] }).toMatch(/^done:/);
  return (await outcome()).slice('done:'.length);
}

/** The stored models' list entry for a repo. */
export const storedModel = (page: Page, repo: string) => page.locator(`[data-testid="stored-model"][data-repo="${repo}"]`);
