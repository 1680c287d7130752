import { test, expect } from './support/fixtures';
import { makeLongRecording, TWENTY_MINUTES } from './support/long-media';

const TEST_MODEL = 'testmodels/whisper-synth';

/**
 * Cancel mid-job on a long file: the workers are terminated (the only real stop for WASM), the
 * partial transcript stays, and the next run works with fresh workers. How long the cancel took is
 * reported, not asserted (a loaded 2-core machine makes any bound flaky; the bench measures speed).
 */
test('cancel during a long file stops at once, keeps what was found, and the next run works', async ({ app }) => {
  test.setTimeout(600_000);
  const { file } = makeLongRecording(TWENTY_MINUTES);
  const { page } = app;
  await app.open();
  await app.selectModel(TEST_MODEL);
  await page.getByTestId('language-select').selectOption('ru');
  await app.choose(file);
  await app.start();
  await expect(page.getByTestId('segment').first()).toBeVisible({ timeout: 300_000 });

  const cancelMs = await page.evaluate(async () => {
    const status = document.querySelector('[data-testid="status"]')!;
    const started = performance.now();
    document.querySelector<HTMLButtonElement>('[data-testid="cancel"]')!.click();
    while (status.getAttribute('data-phase') !== 'cancelled') await new Promise((r) => setTimeout(r, 5));
    return performance.now() - started;
  });
  test.info().annotations.push({ type: 'cancel', description: `${cancelMs.toFixed(0)} ms from the click to "cancelled"` });
  const partial = await app.segments();
  expect(partial.length).toBeGreaterThan(0);
  // Nothing more arrives from the terminated workers.
  await page.waitForTimeout(3000);
  expect((await app.segments()).length).toBe(partial.length);

  await app.start();
  // The cancelled run's text stays on screen, marked as the previous one, until the new run has its own.
  await expect(page.getByTestId('transcript-previous')).toBeVisible();
  await expect(page.getByTestId('engine-info')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('transcript-previous')).toBeHidden({ timeout: 300_000 });
  await expect(app.status).toHaveAttribute('data-phase', /^(running|done)$/);
  expect((await app.segments()).length).toBeGreaterThan(0);
});
