import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { makeSpeech } from './support/media';
import { TEST_BUILD_DIR } from './support/paths';
import { SPEECH_CASES } from './support/speech-cases';

const TEST_MODEL = 'testmodels/whisper-synth';
const DIST_ASSETS = path.join(TEST_BUILD_DIR, 'assets');

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  return [view.getUint32(16), view.getUint32(20)];
}

test.describe('installable, isolated app', () => {
  test.use({ locale: 'en-US' });

  test('the manifest is valid, its icons exist, and the service worker controls the page', async ({ app }) => {
    const { page } = app;
    await app.open();

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifestUrl = new URL(href!, page.url());
    const response = await page.request.get(manifestUrl.href);
    expect(response.ok()).toBe(true);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: ManifestIcon[];
    };
    // What Chromium requires to offer installation, plus what the design asks for.
    expect(manifest.name).toBe('Video to Text');
    expect(manifest.short_name.length).toBeGreaterThan(0);
    expect(manifest.display).toBe('standalone');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const start = new URL(manifest.start_url, manifestUrl);
    expect(start.href.startsWith(new URL(manifest.scope, manifestUrl).href)).toBe(true);
    expect(start.origin).toBe(new URL(page.url()).origin);

    for (const size of [192, 512]) {
      expect(manifest.icons.some((i) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any').includes('any'))).toBe(true);
    }
    expect(manifest.icons.some((i) => i.purpose?.includes('maskable'))).toBe(true);
    for (const icon of manifest.icons) {
      const file = await page.request.get(new URL(icon.src, manifestUrl).href);
      expect(file.ok(), icon.src).toBe(true);
      expect(file.headers()['content-type']).toBe(icon.type);
      const [width, height] = pngSize(await file.body());
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    }

    // The service worker installs (precaching everything) and takes over this very page.
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    const controller = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      return navigator.serviceWorker.controller?.scriptURL ?? null;
    });
    expect(controller).toBe(new URL('/sw.js', page.url()).href);
    const registrations = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    expect(registrations, 'one service worker only').toBe(1);
  });

  test('the precache holds the app shell, ffmpeg and onnxruntime wasm, and no model file', async ({ app }) => {
    const { page } = app;
    await app.open();
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith('workbox-precache')) continue;
        const cache = await caches.open(name);
        urls.push(...(await cache.keys()).map((request) => new URL(request.url).pathname));
      }
      return urls;
    });

    // Every wasm and runtime module the build emitted: ffmpeg's core and onnxruntime's.
    const runtimes = readdirSync(DIST_ASSETS).filter((name) => /\.(wasm|mjs)$/.test(name));
    expect(runtimes.some((name) => /^ffmpeg-core.*\.wasm$/.test(name))).toBe(true);
    expect(runtimes.some((name) => /^ort-wasm.*\.wasm$/.test(name))).toBe(true);
    for (const name of runtimes) expect(cached, name).toContain(`/assets/${name}`);
    expect(cached).toContain('/index.html');

    // No model weights or model files, ever: they belong to the models' own storage.
    const modelLike = cached.filter((url) => /\.(onnx|onnx_data|bin|safetensors)$|\/resolve\/|tokenizer|config\.json/.test(url));
    expect(modelLike).toEqual([]);
  });

  test('the page is cross-origin isolated, also when the service worker serves it, and onnxruntime runs several threads', async ({ app }) => {
    const { page } = app;
    await app.open();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('isolation')).toHaveAttribute('data-isolated', 'true');

    // Second load: served by the service worker, which sets the headers itself.
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');

    await app.selectModel(TEST_MODEL);
    await app.choose(makeSpeech(SPEECH_CASES[0]!.spec));
    await app.start();
    expect(await app.finished()).toBe('done');
    const threads = Number(await page.getByTestId('isolation').getAttribute('data-threads'));
    test.info().annotations.push({ type: 'onnxruntime WASM threads', description: String(threads) });
    expect(threads).toBeGreaterThan(1);
  });
});
