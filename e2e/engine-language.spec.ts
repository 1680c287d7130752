import { test, expect } from './support/fixtures';
import { transcribeViaHook } from './support/engine';
import { heldOutUtterances } from './support/heldout';

const TEST_MODEL = 'testmodels/whisper-synth';
const PER_LANGUAGE = 40;
const MIN_ACCURACY = 0.95;

test('the language probe names the language of held-out Russian and English utterances (≥ 95 %)', async ({ app }) => {
  test.setTimeout(900_000);
  const items = heldOutUtterances(PER_LANGUAGE);
  expect(items.filter((i) => i.language === 'ru')).toHaveLength(PER_LANGUAGE);
  expect(items.filter((i) => i.language === 'en')).toHaveLength(PER_LANGUAGE);
  await app.open();

  const wrong: string[] = [];
  const byLanguage: Record<string, { right: number; all: number }> = {};
  for (const item of items) {
    // The app's own path: decode, first speech window, one-step probe (language not given).
    const result = await transcribeViaHook(app.page, item.file, { model: TEST_MODEL, language: null });
    if (!result.ok) throw new Error(`${item.file}: ${JSON.stringify(result.error)}`);
    const detected = result.language?.language ?? 'none';
    const tally = (byLanguage[item.language] ??= { right: 0, all: 0 });
    tally.all++;
    if (detected === item.language) tally.right++;
    else wrong.push(`${item.file.split('/').at(-1)}: ${detected} (${((result.language?.probability ?? 0) * 100).toFixed(0)} %)`);
  }
  const right = Object.values(byLanguage).reduce((n, t) => n + t.right, 0);
  const accuracy = right / items.length;
  test.info().annotations.push({
    type: 'probe',
    description: `${right}/${items.length} = ${(accuracy * 100).toFixed(1)} %; ${Object.entries(byLanguage)
      .map(([code, t]) => `${code} ${t.right}/${t.all}`)
      .join(', ')}; wrong: ${wrong.join('; ') || 'none'}`,
  });
  expect(accuracy, wrong.join('\n')).toBeGreaterThanOrEqual(MIN_ACCURACY);
  for (const tally of Object.values(byLanguage)) expect(tally.right / tally.all).toBeGreaterThanOrEqual(MIN_ACCURACY);
});

test('a wrong detection can be switched: the run starts again in the chosen language', async ({ app }) => {
  test.setTimeout(300_000);
  const [item] = heldOutUtterances(PER_LANGUAGE).filter((i) => i.language === 'en');
  const { page } = app;
  await app.open();
  await app.selectModel(TEST_MODEL);
  await page.getByTestId('language-select').selectOption('auto');
  await app.choose(item!.file);
  await app.start();
  expect(await app.finished()).toBe('done');
  const detected = page.getByTestId('detected-language');
  await expect(detected).toHaveAttribute('data-language', 'en');
  // "Detected language: English (NN %)."
  await expect(detected).toHaveText(/English \(\d{1,3} %\)/);
  await app.afterNextRunStarts(async () => void (await page.getByTestId('language-switch').selectOption('ru')));
  expect(await app.finished()).toBe('done');
  await expect(page.getByTestId('language-select')).toHaveValue('ru');
  // A chosen language is not detected again.
  await expect(detected).toHaveCount(0);
});
