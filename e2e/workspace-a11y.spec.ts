/**
 * The main screens under axe-core (no serious or critical violation, light and dark), and the
 * phone layout: at 390×844 the transcript and player come right after the status, and nothing
 * is wider than the screen.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, type AppPage } from './support/fixtures';
import { makeSpeech } from './support/media';

const TEST_MODEL = 'testmodels/whisper-synth';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

async function transcribed(app: AppPage): Promise<void> {
  await app.open();
  await app.selectModel(TEST_MODEL);
  await app.page.getByTestId('language-select').selectOption('en');
  await app.choose(makeSpeech({ lang: 'en', sentences: 4, seed: 7, offset: 1.5, format: 'mp4' }));
  await app.start();
  expect(await app.finished()).toBe('done');
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ locale: 'ru-RU', colorScheme, viewport: { width: 1280, height: 900 } });

    test('the first screen and the workspace with its editor, find bar and shortcut list', async ({ app }) => {
      const { page } = app;
      await app.open();
      expect(await seriousViolations(page), 'first screen').toEqual([]);

      await transcribed(app);
      await page.getByTestId('segment').nth(1).locator('.text').click();
      await page.getByTestId('find-toggle').click();
      await page.getByTestId('find-input').fill('а');
      await page.getByTestId('shortcuts-toggle').click();
      await page.locator('.exports details summary').click();
      expect(await seriousViolations(page), 'workspace').toEqual([]);
    });
  });
}

test.describe('phone layout', () => {
  test.use({ locale: 'en-US', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the transcript and player come right after the status, before the stored models', async ({ app }) => {
    const { page } = app;
    await transcribed(app);
    const top = async (testid: string) => (await page.getByTestId(testid).boundingBox())!.y;
    const status = await top('status');
    const workspace = await top('workspace');
    const storage = (await page.locator('#storage-heading').boundingBox())!.y;
    expect(workspace).toBeGreaterThan(status);
    expect(workspace).toBeLessThan(storage);
    const player = await top('player');
    expect(player).toBeGreaterThan(workspace);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Tapping a segment still seeks.
    const first = (await app.segments())[0]!;
    await page.getByTestId('segment-seek').first().tap();
    await expect.poll(() => page.getByTestId('player-media').evaluate((el: HTMLMediaElement) => el.currentTime)).toBeCloseTo(first.start, 1);
  });
});
