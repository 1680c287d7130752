import { startHub, type Hub } from '../tools/hub/server.mjs';
import { confirmLinkServers, test, expect, useModelServer } from './support/fixtures';
import { englishWerWith, repoFiles, startDownload, storeEntries, storedSha256, waitStored } from './support/models';
import { HUB_URL, SPEC_HUB_PORTS as PORTS } from './support/ports';

const REPO = 'testmodels/whisper-synth';

/**
 * Opens the app with the suite's Hub in the settings and a link naming `primary` (`?hub=`) and
 * `mirrors` (`?mirror=`), whose servers the user confirms: downloads try them first, in order.
 */
async function openWith(page: import('@playwright/test').Page, primary: string, mirrors: string[]): Promise<void> {
  await useModelServer(page, HUB_URL);
  const query = [`hub=${encodeURIComponent(primary)}`, ...mirrors.map((m) => `mirror=${encodeURIComponent(m)}`), 'test=1'];
  await page.goto(`/?${query.join('&')}`);
  await confirmLinkServers(page);
}

test.describe('model sources: mirrors and tokens', () => {
  test.use({ locale: 'en-US' });
  const hubs: Hub[] = [];
  test.afterEach(async () => {
    await Promise.all(hubs.splice(0).map((hub) => hub.close()));
  });

  test('a source answering 500, one stalling and one serving wrong bytes: the download completes from the next, verified', async ({ app, page }) => {
    test.setTimeout(240_000);
    // The good source redirects LFS downloads to its CDN path, as huggingface.co does.
    const [failing, stalling, corrupting, good] = await Promise.all(
      [PORTS.failing, PORTS.stalling, PORTS.corrupting, PORTS.good].map((port) => startHub({ port, cdnRedirect: port === PORTS.good })),
    );
    hubs.push(failing!, stalling!, corrupting!, good!);
    failing!.setFaults([{ match: '*', kind: 'status', status: 500 }]);
    stalling!.setFaults([{ match: '*', kind: 'stall', afterBytes: 100_000 }]);
    corrupting!.setFaults([{ match: '*', kind: 'corrupt', afterBytes: 1000 }]);

    await openWith(page, failing!.url, [stalling!.url, corrupting!.url, good!.url]);
    await startDownload(page, REPO);
    await waitStored(page, 180_000);

    const files = await repoFiles(good!.url, REPO);
    const onnx = [...files.keys()].filter((p) => p.endsWith('_quantized.onnx'));
    expect(onnx).toHaveLength(2);
    const downloads = (hub: Hub) => hub.log().filter((e) => e.method === 'GET' && e.path.includes('/resolve/'));
    // Every source was really tried: 500s, stalled responses, complete but corrupted ones.
    expect(downloads(failing!).length).toBeGreaterThan(0);
    expect(downloads(failing!).every((e) => e.status === 500)).toBe(true);
    expect(downloads(stalling!).some((e) => !e.complete && e.bytesSent === 100_000)).toBe(true);
    for (const path of onnx) {
      expect(downloads(corrupting!).some((e) => e.path.endsWith(path) && e.complete), path).toBe(true);
      expect(good!.log().some((e) => e.path.startsWith('/__cdn/') && e.path.endsWith(path) && e.status < 300), path).toBe(true);
    }

    // The wrong bytes were caught by sha256 and dropped: the stored ONNX files came from the good source only.
    const pieces = (await storeEntries(page)).filter((e) => e.key[0] === 'piece');
    for (const path of onnx) {
      const sources = new Set(pieces.filter((e) => e.key[3] === path).map((e) => e.source));
      expect([...sources], path).toEqual([`${good!.url}/`]);
      expect(await storedSha256(page, REPO, path), path).toBe(files.get(path)!.sha256);
    }

    // The stored model names the sources whose bytes it kept: the good one (and the stalling one,
    // whose bytes before the stall were right), never the one whose bytes were wrong.
    const servedBy = ((await page.getByTestId('stored-model-served-by').getAttribute('data-sources')) ?? '').split(' ');
    expect(servedBy).toContain(`${good!.url}/`);
    expect(servedBy).not.toContain(`${corrupting!.url}/`);
    expect(servedBy).not.toContain(`${failing!.url}/`);

    // The model that reached onnxruntime is the right one: it transcribes.
    expect(await englishWerWith(app, REPO)).toBeLessThanOrEqual(0.15);
  });

  test('a gated repo needs the access token, which is sent to the configured model server once saved', async ({ app, page }) => {
    const gated = await startHub({ port: PORTS.gated, gated: [REPO] });
    hubs.push(gated);
    await app.open(gated.url);
    await startDownload(page, REPO);
    const error = page.getByTestId('model-download-error');
    await expect(error).toHaveAttribute('data-error-key', 'error.modelUnauthorized', { timeout: 60_000 });
    expect(gated.log().some((e) => e.path.includes('/resolve/') && e.status === 401)).toBe(true);

    // Mirrors added under "Advanced" are kept in this browser, in order.
    await page.getByText(/^Advanced$/).click();
    for (const mirror of ['http://localhost:18196/', 'http://127.0.0.1:18197/']) {
      await page.getByTestId('mirror-url').fill(mirror);
      await page.getByTestId('mirror-add').click();
    }
    await expect(page.getByTestId('mirror')).toHaveText([/localhost:18196/, /127\.0\.0\.1:18197/]);
    await page.getByTestId('mirror-remove').first().click();
    await expect(page.getByTestId('mirror')).toHaveCount(1);

    await page.getByTestId('hf-token').fill('hf_test_token');
    await page.getByTestId('hf-token-save').click();
    // The token stays in this browser only.
    expect(await page.evaluate(() => localStorage.getItem('video-to-text:model-sources'))).toContain('hf_test_token');
    await page.getByTestId('model-resume').click();
    await waitStored(page);
    expect(gated.log().some((e) => e.path.includes('/resolve/') && e.status === 200)).toBe(true);
  });
});
