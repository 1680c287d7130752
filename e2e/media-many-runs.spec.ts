/**
 * The media worker stays usable over hundreds of ffmpeg runs in one session (a batch, a long day):
 * @ffmpeg/core leaks wasm stack on every run and traps with "memory access out of bounds" after
 * some hundred (ffmpegwasm/ffmpeg.wasm#820); the worker replaces its core before that
 * (src/features/media/worker.ts, RUNS_PER_CORE). Each decode here is one run.
 */
import { expect, test } from './support/fixtures';
import { makeSpeech } from './support/media';

const RUNS = 240;

test('the media worker decodes the same file 240 times in a row, every time the same', async ({ app }) => {
  test.setTimeout(180_000);
  const file = makeSpeech({ lang: 'en', sentences: 1, seed: 3, offset: 0.2, format: 'wav' });
  await app.open();
  await app.page.getByTestId('test-file-input').setInputFiles(file);
  const outcome = await app.page.evaluate(async (runs) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="test-file-input"]');
    const chosen = input?.files?.[0];
    if (!chosen || !window.__vtt_test) throw new Error('the test hook is not ready');
    const lengths = new Set<number>();
    for (let run = 0; run < runs; run++) {
      const result = await window.__vtt_test.decode(chosen);
      if (!result.ok) return { failedAt: run, error: result.error, lengths: [...lengths] };
      lengths.add(result.pcmBase64.length);
    }
    return { failedAt: null, error: null, lengths: [...lengths] };
  }, RUNS);
  expect(outcome.error, `run ${outcome.failedAt} failed`).toBeNull();
  expect(outcome.lengths).toHaveLength(1);
});
