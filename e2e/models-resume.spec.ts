import { test, expect } from './support/fixtures';
import { bytesSentFor, clearHubLog, englishWerWith, hubLog, modelPanel, repoFiles, setFaults, startDownload, storedSha256, waitStored } from './support/models';
import { HUB_URL } from './support/ports';

const REPO = 'testmodels/whisper-synth';
const ENCODER = 'onnx/encoder_model.onnx';
const DECODER = 'onnx/decoder_model_merged.onnx';
const MAX_FETCHED_RATIO = 1.1;

test.describe('model download resumes', () => {
  test.use({ locale: 'en-US' });
  test.afterEach(() => setFaults(HUB_URL, []));

  test('a connection cut at 30, 60 and 90 % and a reload mid-download lose (almost) nothing; the model then transcribes', async ({ app, page }) => {
    const files = await repoFiles(HUB_URL, REPO);
    const encoderSize = files.get(ENCODER)!.size;
    const decoderSize = files.get(DECODER)!.size;
    // afterBytes counts from the start of each response, and every resumed request starts where
    // the last one broke off: three cuts of 30 % land at 30, 60 and 90 % of the file.
    const cut = Math.floor(encoderSize * 0.3);
    await clearHubLog(HUB_URL);
    await setFaults(HUB_URL, [
      { match: `/${ENCODER}`, kind: 'cut', afterBytes: cut, times: 1 },
      { match: `/${ENCODER}`, kind: 'cut', afterBytes: cut, times: 1 },
      { match: `/${ENCODER}`, kind: 'cut', afterBytes: cut, times: 1 },
      // At a network's pace rather than loopback's: over loopback the browser's network pipe is
      // always full, and a broken connection discards what sits in it unread (up to 2 MB).
      { match: `/${ENCODER}`, kind: 'delay', bytesPerSecond: 4_000_000 },
      // Slow enough to reload the page in the middle of this file.
      { match: `/${DECODER}`, kind: 'delay', bytesPerSecond: 1_000_000 },
    ]);

    await app.open();
    await startDownload(page, REPO, 'fp32');
    const encoderRow = page.locator(`[data-testid="model-file"][data-path="${ENCODER}"]`);
    const decoderRow = page.locator(`[data-testid="model-file"][data-path="${DECODER}"]`);
    await expect(encoderRow).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const faults = (await (await fetch(`${HUB_URL}/__hub/faults`)).json()) as { faults: { kind: string; hits: number }[] };
    expect(faults.faults.filter((f) => f.kind === 'cut').map((f) => f.hits)).toEqual([1, 1, 1]);

    await expect
      .poll(async () => Number(await decoderRow.getAttribute('data-loaded')), { timeout: 60_000 })
      .toBeGreaterThan(decoderSize * 0.4);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');

    // After the reload: the unfinished download is offered for resuming, with its bytes kept.
    const panel = modelPanel(page);
    await expect(panel.getByTestId('model-partial')).toBeVisible();
    await setFaults(HUB_URL, []);
    await panel.getByTestId('model-download-start').click();
    await waitStored(page);

    const log = await hubLog(HUB_URL);
    for (const [path, size] of [
      [ENCODER, encoderSize],
      [DECODER, decoderSize],
    ] as const) {
      const sent = bytesSentFor(log, REPO, path);
      test.info().annotations.push({ type: 'fetched', description: `${path}: ${sent} bytes for ${size} (${(sent / size).toFixed(3)}×)` });
      expect(sent, path).toBeGreaterThanOrEqual(size);
      expect(sent, path).toBeLessThanOrEqual(size * MAX_FETCHED_RATIO);
    }
    // The resumed requests really were Range requests from where the pieces ended.
    const decoderRanges = log.filter((e) => e.path.endsWith(`/${DECODER}`) && e.range).map((e) => e.range!);
    expect(decoderRanges.some((r) => !r.startsWith('bytes=0-'))).toBe(true);
    expect(await storedSha256(page, REPO, ENCODER)).toBe(files.get(ENCODER)!.sha256);
    expect(await storedSha256(page, REPO, DECODER)).toBe(files.get(DECODER)!.sha256);

    // And the model works: the stored files transcribe speech.
    expect(await englishWerWith(app, REPO)).toBeLessThanOrEqual(0.15);
  });
});
