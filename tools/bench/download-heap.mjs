#!/usr/bin/env node
// @ts-check
/**
 * Peak JS heap while the app downloads a model into IndexedDB.
 *
 * The production build (dist/, `vite build` first) is served by `vite preview`; a local Hub
 * (tools/hub) serves testmodels/whisper-base-random. Chromium opens the app, the model is chosen in
 * the options card with the given precision, and the download runs on the page's main thread
 * (fetch → Blob pieces → IndexedDB, then the sha256 check), where this measures the heap.
 *
 * Method: a CDP session on the page; the heap is `Runtime.getHeapUsage()` usedSize (V8 objects) plus
 * backingStorageSize (ArrayBuffer contents, where downloaded bytes would pile up). After
 * `HeapProfiler.collectGarbage`, the idle baseline is the median of 10 samples taken 100 ms apart;
 * during the download the same call is sampled every 50 ms without forcing GC (so garbage not yet
 * collected counts: the honest worst case), with `performance.memory.usedJSHeapSize` read alongside.
 * Prints a table; exits 1 when the peak is 64 MB or more above the baseline.
 *
 *   node tools/bench/download-heap.mjs [--dtype fp32|q8] [--repo testmodels/whisper-base-random]
 *   npm run bench:download
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { startHub } from '../hub/server.mjs';
import { testModelFolder } from './hub-root.mjs';
import { previewEnv, useModelServer } from '../app-settings.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MB = 1024 * 1024;
const LIMIT_BYTES = 64 * MB;

const { values } = parseArgs({
  options: {
    repo: { type: 'string', default: 'testmodels/whisper-base-random' },
    dtype: { type: 'string', default: 'fp32' },
  },
});

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(address.port));
    });
  });
}

/** @param {string} url */
async function waitForUrl(url, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

/**
 * V8 heap plus ArrayBuffer backing stores of the page's main thread.
 * @param {import('@playwright/test').CDPSession} cdp
 */
async function heapUsage(cdp) {
  const usage = /** @type {{ usedSize: number, backingStorageSize?: number }} */ (await cdp.send('Runtime.getHeapUsage'));
  return { objects: usage.usedSize, total: usage.usedSize + (usage.backingStorageSize ?? 0) };
}

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mb = (/** @type {number} */ n) => (n / MB).toFixed(1);

if (!existsSync(path.join(ROOT, 'dist', 'index.html'))) {
  console.error('dist/ is missing: run `npx vite build` first (npm run bench:download does).');
  process.exit(2);
}

if (values.repo.startsWith('testmodels/')) testModelFolder(values.repo);
const hub = await startHub({ port: 0 });
const appPort = await freePort();
const preview = spawn(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['preview', '--port', String(appPort), '--strictPort'], {
  cwd: ROOT,
  stdio: 'ignore',
  env: previewEnv([hub.url]),
});
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});

let exitCode = 0;
try {
  const appUrl = `http://localhost:${appPort}`;
  await waitForUrl(`${appUrl}/`);
  const repo = (await hub.repos()).find((r) => r.id === values.repo);
  if (!repo) throw new Error(`${values.repo} is not on the local hub (it is made by testmodel.random_models)`);

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await useModelServer(page, hub.url, { always: true });
  await page.goto(`${appUrl}/`);
  // The options card's model panel shows the exact size first (the first-run offer asks only on a click).
  await page.getByTestId('first-run-later').click();
  await page.getByTestId('model-select').selectOption(values.repo);
  const panel = page.getByTestId('model-panel');
  await panel.getByTestId('model-advanced').locator('summary').click(); // precision waits under "Advanced"
  await panel.getByTestId('model-dtype').selectOption(values.dtype);
  const size = panel.getByTestId('model-size');
  await size.waitFor({ timeout: 30_000 });
  const downloadBytes = Number(await size.getAttribute('data-bytes'));

  // Idle baseline: the app on screen, the model's plan fetched, nothing downloading.
  await page.waitForTimeout(1000);
  await cdp.send('HeapProfiler.collectGarbage');
  /** @type {number[]} */
  const idle = [];
  /** @type {number[]} */
  const idleObjects = [];
  for (let i = 0; i < 10; i++) {
    const usage = await heapUsage(cdp);
    idle.push(usage.total);
    idleObjects.push(usage.objects);
    await page.waitForTimeout(100);
  }
  const baseline = median(idle);
  const baselineObjects = median(idleObjects);
  const idleMemory = /** @type {number} */ (await page.evaluate(() => /** @type {any} */ (performance).memory?.usedJSHeapSize ?? 0));

  let peak = 0;
  let peakObjects = 0;
  let peakMemory = 0;
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [usage, memory] = await Promise.all([
        heapUsage(cdp),
        page.evaluate(() => /** @type {any} */ (performance).memory?.usedJSHeapSize ?? 0).catch(() => 0),
      ]);
      peak = Math.max(peak, usage.total);
      peakObjects = Math.max(peakObjects, usage.objects);
      peakMemory = Math.max(peakMemory, /** @type {number} */ (memory));
      samples++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  const started = performance.now();
  await panel.getByTestId('model-download-start').click();
  await page.getByTestId('model-stored').waitFor({ timeout: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;

  await cdp.send('HeapProfiler.collectGarbage');
  const after = (await heapUsage(cdp)).total;
  const sent = hub
    .log()
    .filter((e) => e.method === 'GET' && e.path.startsWith(`/${values.repo}/resolve/`))
    .reduce((sum, e) => sum + e.bytesSent, 0);

  const rise = peak - baseline;
  console.log(`\nJS heap while downloading ${values.repo} (${values.dtype}) into IndexedDB`);
  console.log('method: CDP Runtime.getHeapUsage() on the page (main thread, where the downloader runs):');
  console.log('        heap = usedSize (V8 objects) + backingStorageSize (ArrayBuffer contents);');
  console.log('        baseline = median of 10 samples after HeapProfiler.collectGarbage, idle page;');
  console.log('        peak = max of samples every 50 ms during the download, no forced GC;');
  console.log('        cross-check: performance.memory.usedJSHeapSize (coarse, bucketed by Chromium).\n');
  console.table([
    { measure: 'download size (MB)', value: mb(downloadBytes) },
    { measure: 'bytes served by the hub (MB)', value: mb(sent) },
    { measure: 'time (s)', value: seconds.toFixed(1) },
    { measure: 'throughput (MB/s)', value: (downloadBytes / MB / seconds).toFixed(1) },
    { measure: 'heap samples', value: samples },
    { measure: 'idle baseline (MB)', value: mb(baseline) },
    { measure: 'peak during download (MB)', value: mb(peak) },
    { measure: 'peak − baseline (MB)', value: mb(rise) },
    { measure: 'V8 objects only: idle → peak (MB)', value: `${mb(baselineObjects)} → ${mb(peakObjects)}` },
    { measure: 'after download, after GC (MB)', value: mb(after) },
    { measure: 'performance.memory idle → peak (MB)', value: `${mb(idleMemory)} → ${mb(peakMemory)}` },
    { measure: 'limit: peak − baseline < (MB)', value: mb(LIMIT_BYTES) },
  ]);
  if (rise >= LIMIT_BYTES) {
    console.error(`FAIL: the heap rose ${mb(rise)} MB above the idle baseline (limit ${mb(LIMIT_BYTES)} MB)`);
    exitCode = 1;
  }
  await context.close();
} finally {
  await browser.close();
  preview.kill('SIGTERM');
  await hub.close();
}
process.exit(exitCode);
