/**
 * The access token and the checksums belong to the model server the user configured. A link can
 * name other servers (`?hub=`, `?mirror=`), but nothing is asked of them before the user confirms
 * them in a dialog that names them, and even then they never get the token; a redirect or a
 * next-page link to another origin does not carry it either; and a server that lies about a file
 * is caught by the configured server's checksums. Every server here is a real local Hub
 * (tools/hub) whose request log says what arrived, and whether it carried a token.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEFAULT_ROOT, startHub, type Hub } from '../tools/hub/server.mjs';
import { confirmLinkServers, expect, test, useModelServer } from './support/fixtures';
import { clearHubLog, hubLog, repoFiles, startDownload, storeEntries, storedSha256, waitStored } from './support/models';
import { HUB_URL, LINK_HUB_PORTS, SPEC_HUB_PORTS } from './support/ports';

const REPO = 'testmodels/whisper-synth';
const TOKEN = 'hf_secret_e2e_token';
/** The file the lying server changes (the app downloads the q8 files on WASM). */
const ALTERED = 'onnx/encoder_model_quantized.onnx';

/** The token saved under "Advanced" before the app starts, as a returning user has it. */
async function withSavedToken(page: Page): Promise<void> {
  await page.addInitScript((token) => {
    const key = 'video-to-text:model-sources';
    if (localStorage.getItem(key) === null) localStorage.setItem(key, JSON.stringify({ mirrors: [], token }));
  }, TOKEN);
}

const resolves = (hub: Hub) => hub.log().filter((e) => e.path.includes('/resolve/') || e.path.startsWith('/__cdn/'));

test.describe('links, tokens and checksums', () => {
  test.use({ locale: 'en-US' });
  const hubs: Hub[] = [];
  const cleanups: (() => void)[] = [];
  test.afterEach(async () => {
    await Promise.all(hubs.splice(0).map((hub) => hub.close()));
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  test("a link's servers are asked nothing before the user confirms them, and never get the token", async ({ page }) => {
    const [linked, mirror] = await Promise.all([startHub({ port: LINK_HUB_PORTS.capture }), startHub({ port: LINK_HUB_PORTS.mirror })]);
    hubs.push(linked, mirror);
    await useModelServer(page, HUB_URL);
    await withSavedToken(page);
    await clearHubLog(HUB_URL);

    await page.goto(`/?hub=${encodeURIComponent(linked.url)}&mirror=${encodeURIComponent(mirror.url)}&test=1`);
    const dialog = page.getByTestId('link-servers-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('link-server')).toHaveText([`127.0.0.1:${LINK_HUB_PORTS.capture}`, `127.0.0.1:${LINK_HUB_PORTS.mirror}`].map((host) => new RegExp(host.replaceAll('.', '\\.'))));
    // Time for anything the page would send on its own (the size check, the model list).
    await page.waitForTimeout(3000);
    expect(linked.log(), 'requests to the link’s hub before the answer').toEqual([]);
    expect(mirror.log(), 'requests to the link’s mirror before the answer').toEqual([]);
    expect(await hubLog(HUB_URL), 'requests to any model server before the answer').toEqual([]);

    await confirmLinkServers(page);
    await startDownload(page, REPO);
    await waitStored(page);
    // The link's hub comes first for the downloads, and it never saw the token.
    expect(resolves(linked).length).toBeGreaterThan(0);
    expect(linked.log().filter((e) => e.authorization), 'requests to the link’s hub with a token').toEqual([]);
    expect(mirror.log().filter((e) => e.authorization), 'requests to the link’s mirror with a token').toEqual([]);
    // The configured Hub gave the checksums, and it is the one server the token went to.
    const configured = await hubLog(HUB_URL);
    expect(configured.some((e) => e.path.includes('/tree/') && e.authorization)).toBe(true);
    // Nothing about the link was kept in the settings.
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(String(LINK_HUB_PORTS.capture));
  });

  test("an ignored link's servers stay untouched", async ({ page }) => {
    const linked = await startHub({ port: LINK_HUB_PORTS.capture });
    hubs.push(linked);
    await useModelServer(page, HUB_URL);
    await page.goto(`/?hub=${encodeURIComponent(linked.url)}&test=1`);
    await page.getByTestId('link-servers-ignore').click();
    await expect(page.getByTestId('link-servers-dialog')).toBeHidden();
    expect(new URL(page.url()).searchParams.has('hub')).toBe(false);
    await startDownload(page, REPO);
    await waitStored(page);
    expect(linked.log()).toEqual([]);
  });

  test('a redirect to another origin carries no token', async ({ app, page }) => {
    // The configured hub needs the token for this repo and sends its LFS files to a CDN elsewhere.
    const cdn = await startHub({ port: SPEC_HUB_PORTS.good });
    const gated = await startHub({ port: SPEC_HUB_PORTS.gated, gated: [REPO], cdnRedirect: cdn.url });
    hubs.push(cdn, gated);
    await withSavedToken(page);
    await app.open(gated.url);
    await startDownload(page, REPO);
    await waitStored(page);
    const gatedDownloads = resolves(gated);
    expect(gatedDownloads.length).toBeGreaterThan(0);
    expect(gatedDownloads.every((e) => e.authorization), 'the configured hub gets the token').toBe(true);
    const served = resolves(cdn).filter((e) => e.method === 'GET');
    expect(served.length, 'LFS files came from the CDN').toBeGreaterThan(0);
    expect(served.filter((e) => e.authorization), 'CDN requests with a token').toEqual([]);
  });

  test("a server that lies about a file is caught by the configured Hub's checksums", async ({ page }) => {
    // The lying server has the test model with one file changed, and answers any commit with it.
    const root = mkdtempSync(path.join(tmpdir(), 'vtt-liar-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    cpSync(path.join(DEFAULT_ROOT, REPO), path.join(root, REPO), { recursive: true });
    const altered = path.join(root, REPO, ALTERED);
    const bytes = readFileSync(altered);
    bytes.fill(0, 4096, 8192);
    writeFileSync(altered, bytes);
    const liar = await startHub({ port: LINK_HUB_PORTS.liar, roots: [root], anyRevision: true });
    hubs.push(liar);

    await useModelServer(page, HUB_URL);
    await page.goto(`/?hub=${encodeURIComponent(liar.url)}&test=1`);
    await confirmLinkServers(page);
    await startDownload(page, REPO);
    await waitStored(page, 180_000);

    // The app did fetch the changed file from the liar (it comes first), then threw it away.
    expect(resolves(liar).some((e) => e.path.endsWith(ALTERED) && e.complete)).toBe(true);
    const truth = await repoFiles(HUB_URL, REPO);
    expect(await storedSha256(page, REPO, ALTERED)).toBe(truth.get(ALTERED)!.sha256);
    const pieces = (await storeEntries(page)).filter((e) => e.key[0] === 'piece' && e.key[3] === ALTERED);
    expect(new Set(pieces.map((p) => p.source))).toEqual(new Set([`${HUB_URL}/`]));
  });

  test('checksums that only a link’s server had are labelled as such', async ({ page }) => {
    // A model the configured Hub does not have, under another id on the link's server.
    const root = mkdtempSync(path.join(tmpdir(), 'vtt-own-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    cpSync(path.join(DEFAULT_ROOT, REPO), path.join(root, 'acme', 'whisper-synth'), { recursive: true });
    const own = await startHub({ port: LINK_HUB_PORTS.capture, roots: [root] });
    hubs.push(own);
    await useModelServer(page, HUB_URL);
    await page.goto(`/?hub=${encodeURIComponent(own.url)}&test=1`);
    await confirmLinkServers(page);
    await page.getByText(/^Advanced$/).click();
    await page.getByTestId('custom-model').fill('acme/whisper-synth');
    await page.getByTestId('custom-model-add').click();
    await page.getByTestId('model-download-start').click();
    await waitStored(page);
    await expect(page.getByTestId('model-hashes-from')).toHaveAttribute('data-host', `127.0.0.1:${LINK_HUB_PORTS.capture}`);
  });

  test('a tree listing that continues on another origin is not followed', async ({ app, page }) => {
    const elsewhere = await startHub({ port: SPEC_HUB_PORTS.good });
    const pager = await startHub({ port: SPEC_HUB_PORTS.failing, treePageSize: 2, treeNextOrigin: elsewhere.url });
    hubs.push(elsewhere, pager);
    await withSavedToken(page);
    await app.open(pager.url);
    await startDownload(page, REPO);
    await expect(page.getByTestId('model-download-error').or(page.getByTestId('model-size-error'))).toBeVisible({ timeout: 60_000 });
    expect(pager.log().some((e) => e.path.includes('/tree/'))).toBe(true);
    expect(elsewhere.log(), 'requests to the host the listing pointed at').toEqual([]);
  });
});
