/**
 * Nothing lost: transcripts are saved in IndexedDB as they stream and as they are edited, and the
 * history survives a reload, a page killed without unload and a cancel.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { AppPage, test, expect, type Segment } from './support/fixtures';
import { makeSpeech } from './support/media';
import { SPEECH_CASES } from './support/speech-cases';

const TEST_MODEL = 'testmodels/whisper-synth';
const LONG = { lang: 'en', sentences: 16, seed: 21, offset: 0.5, format: 'mp4' } as const;

async function startRun(app: AppPage, file: string, language = 'en'): Promise<void> {
  await app.page.getByTestId('language-select').selectOption(language);
  await app.choose(file);
  await app.start();
}

async function openApp(app: AppPage): Promise<void> {
  await app.open();
  await app.selectModel(TEST_MODEL);
}

/** How many segments the newest history entry says it holds. */
async function savedSegments(page: Page): Promise<number> {
  const text = (await item(page).getByTestId('history-status').textContent()) ?? '';
  return Number(/(\d+) segments/.exec(text)?.[1] ?? 0);
}

function item(page: Page, index = 0) {
  return page.getByTestId('history-item').nth(index);
}

/** Starts the long file, waits for a few windows' segments, and returns what was on screen. */
async function partway(app: AppPage): Promise<Segment[]> {
  await openApp(app);
  await startRun(app, makeSpeech(LONG));
  await expect(app.page.getByTestId('segment').nth(2)).toBeVisible({ timeout: 120_000 });
  await expect(item(app.page)).toHaveAttribute('data-status', 'running');
  return app.segments();
}

/** Opens the first history entry and checks that its segments are the start of what was seen. */
async function expectSavedPrefix(app: AppPage, seen: Segment[]): Promise<void> {
  await item(app.page).getByTestId('history-open').click();
  await expect(app.page.getByTestId('segment').first()).toBeVisible();
  const saved = await app.segments();
  expect(saved.length).toBeGreaterThanOrEqual(1);
  expect(saved.length).toBeLessThan(40);
  const common = Math.min(saved.length, seen.length);
  expect(saved.slice(0, common).map((s) => s.text)).toEqual(seen.slice(0, common).map((s) => s.text));
}

test.describe('saved transcripts', () => {
  test.use({ locale: 'en-US' });

  test('a reload in the middle of a transcription leaves the partial transcript, shown as interrupted', async ({ app }) => {
    const seen = await partway(app);
    await app.page.reload();
    await expect(app.page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
    await expect(item(app.page)).toHaveAttribute('data-status', 'interrupted');
    await expect(item(app.page).getByTestId('history-status')).toContainText(/Interrupted at \d+:\d\d of \d+:\d\d/);
    await expectSavedPrefix(app, seen);
  });

  test('a page killed without unload leaves the same', async ({ app, context }) => {
    const seen = await partway(app);
    await app.page.close({ runBeforeUnload: false });
    const again = new AppPage(await context.newPage());
    await again.open();
    await expect(item(again.page)).toHaveAttribute('data-status', 'interrupted');
    await expectSavedPrefix(again, seen);
  });

  test('cancel keeps what was recognised, on screen and in the history', async ({ app }) => {
    const seen = await partway(app);
    await app.page.getByTestId('cancel').click();
    expect(await app.finished()).toBe('cancelled');
    const onScreen = await app.segments();
    expect(onScreen.length).toBeGreaterThanOrEqual(seen.length);
    await expect(item(app.page)).toHaveAttribute('data-status', 'cancelled');
    await expect(item(app.page).getByTestId('history-status')).toContainText(/Cancelled at \d+:\d\d of \d+:\d\d/);
    await expect(item(app.page).getByTestId('history-status')).toContainText(`${onScreen.length} segments`);
  });

  test('an interrupted transcript resumes with its own file and ends as an uninterrupted run does; another file is refused', async ({ app }) => {
    const { page } = app;
    const long = makeSpeech(LONG);
    await openApp(app);
    await startRun(app, long);
    expect(await app.finished()).toBe('done');
    const uninterrupted = (await app.segments()).map((s) => s.text);

    await startRun(app, long);
    // The second run's own record, a few windows in.
    await expect(page.getByTestId('history-item')).toHaveCount(2, { timeout: 120_000 });
    await expect.poll(() => savedSegments(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    await page.reload();
    await expect(item(page)).toHaveAttribute('data-status', 'interrupted');
    expect(await savedSegments(page)).toBeLessThan(uninterrupted.length);

    await item(page).getByTestId('history-resume').setInputFiles(makeSpeech(SPEECH_CASES[0]!.spec));
    await expect(item(page).getByTestId('history-wrong-file')).toContainText('not the file');

    await app.afterNextRunStarts(() => item(page).getByTestId('history-resume').setInputFiles(long));
    expect(await app.finished()).toBe('done');
    expect((await app.segments()).map((s) => s.text)).toEqual(uninterrupted);
    await expect(item(page)).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('history-item')).toHaveCount(2);
  });

  test('edits are saved; two transcripts are searched, renamed, deleted with undo and all deleted', async ({ app }) => {
    const { page } = app;
    await openApp(app);
    await startRun(app, makeSpeech(SPEECH_CASES[0]!.spec));
    expect(await app.finished()).toBe('done');
    await page.getByTestId('segment').first().locator('.text').click();
    await page.getByTestId('segment-text').fill('An edit that must survive.');
    await page.getByTestId('segment-text').press('Escape');

    await startRun(app, makeSpeech(SPEECH_CASES[1]!.spec), 'ru');
    expect(await app.finished()).toBe('done');
    const russian = await app.segments();
    await expect(page.getByTestId('history-item')).toHaveCount(2);
    // The end of the run is written too (the list shows what the store holds).
    await expect(item(page, 0)).toHaveAttribute('data-status', 'done');

    await page.reload();
    await expect(page.getByTestId('history-item')).toHaveCount(2);
    await expect(item(page, 0)).toHaveAttribute('data-status', 'done');
    // Newest first: the Russian one, then the English one with its edit.
    await item(page, 1).getByTestId('history-open').click();
    await expect.poll(async () => (await app.segments())[0]?.text).toBe('An edit that must survive.');
    // Its media is not stored: picked again (the same file only), it plays beside the transcript.
    await page.getByTestId('player-pick').setInputFiles(makeSpeech(SPEECH_CASES[1]!.spec));
    await expect(page.getByTestId('player-wrong-file')).toBeVisible();
    await page.getByTestId('player-pick').setInputFiles(makeSpeech(SPEECH_CASES[0]!.spec));
    await expect(page.getByTestId('player')).toHaveAttribute('data-kind', 'video');
    await expect(page.getByTestId('history-size')).toContainText(/\d/);

    // Search across all transcripts' text.
    const word = russian[1]!.text.trim().split(/\s+/)[0]!;
    await page.getByTestId('history-search').fill(word.toUpperCase());
    await expect(page.getByTestId('history-item')).toHaveCount(1);
    await expect(item(page).getByTestId('history-open')).toContainText('.webm');
    await page.getByTestId('history-search').fill('');

    await item(page, 0).getByTestId('history-rename').click();
    await page.getByTestId('history-rename-input').fill('Лекция 1');
    await page.getByTestId('history-rename-save').click();
    await expect(item(page, 0).getByTestId('history-open')).toHaveText('Лекция 1');

    await item(page, 0).getByTestId('history-delete').click();
    await expect(page.getByTestId('history-item')).toHaveCount(1);
    await page.getByTestId('history-undo').click();
    await expect(page.getByTestId('history-item')).toHaveCount(2);
    await page.reload();
    await expect(item(page, 0).getByTestId('history-open')).toHaveText('Лекция 1');

    await page.getByTestId('history-delete-all').click();
    await page.getByTestId('history-delete-all-yes').click();
    await expect(page.getByTestId('history-empty')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('history-empty')).toBeVisible();
  });

  test('a folder of three media files: queue order, three history entries, one zip with their subtitles, search finds the Russian one', async ({ app }) => {
    const { page } = app;
    const files = [
      makeSpeech(SPEECH_CASES[0]!.spec),
      makeSpeech(SPEECH_CASES[1]!.spec),
      makeSpeech({ lang: 'en', sentences: 2, seed: 7, offset: 1.5, format: 'mkv' }),
    ];
    await openApp(app);
    await page.getByTestId('language-select').selectOption('auto');
    // A folder with the three files and a file that is not media (left out).
    const folder = mkdtempSync(path.join(tmpdir(), 'vtt-batch-'));
    for (const file of files) copyFileSync(file, path.join(folder, path.basename(file)));
    writeFileSync(path.join(folder, 'notes.txt'), 'not media');
    await page.getByTestId('folder-input').setInputFiles(folder);
    const queue = page.getByTestId('queue-item');
    await expect(queue).toHaveCount(3);
    // The MKV moved to the front by hand; the others keep the folder's (name) order.
    const names = async () => (await queue.locator('.name').allTextContents()).map((n) => n.trim());
    for (let at = (await names()).findIndex((n) => n.endsWith('.mkv')); at > 0; at--) {
      await queue.nth(at).getByTestId('queue-up').click();
    }
    const order = await names();
    expect(order[0]).toMatch(/\.mkv$/);
    await page.getByTestId('queue-start').click();
    await expect(page.locator('[data-testid="queue-item"][data-status="done"]')).toHaveCount(3, { timeout: 300_000 });

    const entries = page.getByTestId('history-item');
    await expect(entries).toHaveCount(3);
    for (let i = 0; i < 3; i++) await expect(entries.nth(i)).toHaveAttribute('data-status', 'done');
    // Newest first: the history lists them in the reverse of the queue's order.
    expect((await entries.getByTestId('history-open').allTextContents()).map((n) => n.trim())).toEqual([...order].reverse());

    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export-all').click()]);
    const zipped = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))', (await zip.path())!], { encoding: 'utf8' }),
    ) as Record<string, string>;
    expect(Object.keys(zipped)).toHaveLength(12);
    for (const file of files) {
      const base = file.split('/').pop()!.replace(/\.[^.]+$/, '');
      expect(zipped[`${base}.srt`]).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> /);
      expect(JSON.parse(zipped[`${base}.json`]!).segments.length).toBeGreaterThan(0);
    }

    // A word only the Russian file has finds it alone.
    await entries.filter({ hasText: '.webm' }).getByTestId('history-open').click();
    const russian = await app.segments();
    const word = russian.map((s) => s.text).join(' ').split(/\s+/).find((w) => /[а-яё]{4,}/i.test(w))!;
    await page.getByTestId('history-search').fill(word);
    await expect(entries).toHaveCount(1);
    await expect(entries.first().getByTestId('history-open')).toContainText('.webm');
  });
});
