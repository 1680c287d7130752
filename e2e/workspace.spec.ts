/**
 * The transcript workspace in Chromium with the project's test model: the player synced to the
 * transcript, editing with undo/redo, find/replace, shortcuts, exports that carry the edits, and
 * the video saved with its subtitles as a soft track (checked with native ffprobe/ffmpeg).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, type AppPage } from './support/fixtures';
import { makeSpeech, type SpeechSpec } from './support/media';
import { generated } from './support/paths';

const TEST_MODEL = 'testmodels/whisper-synth';
const SPEECH: SpeechSpec = { lang: 'en', sentences: 4, seed: 7, offset: 1.5, format: 'mp4' };

async function transcribe(app: AppPage, file: string, language = 'en'): Promise<void> {
  await app.open();
  await app.selectModel(TEST_MODEL);
  await app.page.getByTestId('language-select').selectOption(language);
  await app.choose(file);
  await app.start();
  expect(await app.finished()).toBe('done');
  await expect(app.page.getByTestId('segment').first()).toBeVisible();
}

function media(page: Page) {
  return page.getByTestId('player-media');
}

async function mediaTime(page: Page): Promise<number> {
  return media(page).evaluate((el: HTMLMediaElement) => el.currentTime);
}

async function download(page: Page, testid: string): Promise<{ name: string; path: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), path: (await file.path())! };
}

/** SRT text → cues, times in milliseconds. */
function parseSrt(srt: string): { start: number; end: number; text: string }[] {
  const ms = (t: string) => {
    const [h, m, rest] = t.split(':');
    const [s, f] = rest!.split(/[,.]/);
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(f);
  };
  return srt
    .replace(/\r/g, '')
    .trim()
    .split(/\n\n+/)
    .map((block) => {
      const lines = block.split('\n');
      const at = lines.findIndex((l) => l.includes('-->'));
      const [a, b] = lines[at]!.split(' --> ');
      return { start: ms(a!.trim()), end: ms(b!.trim().split(' ')[0]!), text: lines.slice(at + 1).join('\n') };
    });
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

test.describe('transcript workspace', () => {
  test.use({ locale: 'en-US', permissions: ['clipboard-read', 'clipboard-write'] });

  test('the player follows the transcript: click seeks, playback highlights, shortcuts drive it', async ({ app }) => {
    const { page } = app;
    await transcribe(app, makeSpeech(SPEECH));
    await expect(page.getByTestId('player')).toHaveAttribute('data-kind', 'video');
    const segments = await app.segments();
    expect(segments.length).toBeGreaterThan(2);

    // Clicking a segment's time (and its text) seeks there.
    await page.getByTestId('segment-seek').nth(2).click();
    await expect.poll(() => mediaTime(page)).toBeCloseTo(segments[2]!.start, 0);
    expect(Math.abs((await mediaTime(page)) - segments[2]!.start)).toBeLessThanOrEqual(0.25);
    await page.getByTestId('segment').nth(1).locator('.text').click();
    expect(Math.abs((await mediaTime(page)) - segments[1]!.start)).toBeLessThanOrEqual(0.25);

    // Space plays (from outside any text field), and the highlighted segment is the one whose span holds the time.
    await page.locator('#transcript-heading').click();
    await page.keyboard.press('Space');
    await expect(media(page)).toHaveJSProperty('paused', false);
    const active = page.locator('[data-testid="segment"].active');
    await expect(active).toHaveCount(1, { timeout: 10_000 });
    await page.keyboard.press('k');
    await expect(media(page)).toHaveJSProperty('paused', true);
    await expect(active).toHaveCount(1);
    const t = await mediaTime(page);
    const span = { start: Number(await active.getAttribute('data-start')), end: Number(await active.getAttribute('data-end')) };
    expect(t).toBeGreaterThanOrEqual(span.start);
    expect(t).toBeLessThan(span.end);
    await expect(active).toHaveAttribute('aria-current', 'time');

    // ±5 s, next/previous segment.
    const before = await mediaTime(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => mediaTime(page)).toBeCloseTo(before + 5, 1);
    await page.keyboard.press('j');
    await expect.poll(() => mediaTime(page)).toBeCloseTo(before, 1);
    await page.keyboard.press('Escape');
    await page.locator('#transcript-heading').click();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('segment-editor')).toHaveCount(1);
    const selected = page.locator('[data-testid="segment"].selected');
    const selectedStart = Number(await selected.getAttribute('data-start'));
    expect(Math.abs((await mediaTime(page)) - selectedStart)).toBeLessThanOrEqual(0.25);

    // The subtitle track over the video is the transcript.
    const cues = await media(page).evaluate((el: HTMLVideoElement) => [...(el.textTracks[0]?.cues ?? [])].map((c) => (c as VTTCue).text));
    expect(words(cues.join(' '))).toBe(words(segments.map((s) => s.text).join(' ')));

    // Scrolling the list by hand turns "follow playback" off; the toggle turns it back on.
    await expect(page.getByTestId('follow')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('transcript').hover();
    await page.mouse.wheel(0, 200);
    await expect(page.getByTestId('follow')).toHaveAttribute('aria-pressed', 'false');
    await page.getByTestId('follow').click();
    await expect(page.getByTestId('follow')).toHaveAttribute('aria-pressed', 'true');

    // The shortcut list is in the UI.
    await page.getByTestId('shortcuts-toggle').click();
    await expect(page.getByTestId('shortcut-list')).toContainText('Play / pause');
  });

  test('edit, undo, redo, split and merge; SRT, VTT and JSON carry exactly the edits', async ({ app }) => {
    const { page } = app;
    await transcribe(app, makeSpeech(SPEECH));
    const original = await app.segments();

    // Edit the first segment's text.
    await page.getByTestId('segment').first().locator('.text').click();
    const field = page.getByTestId('segment-text');
    await field.fill('Edited first line.');
    await field.press('Escape');
    await expect.poll(async () => (await app.segments())[0]!.text).toBe('Edited first line.');

    // Undo and redo with the keyboard and the buttons.
    await page.locator('#transcript-heading').click();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await app.segments())[0]!.text).toBe(original[0]!.text);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await app.segments())[0]!.text).toBe('Edited first line.');
    await page.getByTestId('undo').click();
    await expect.poll(async () => (await app.segments())[0]!.text).toBe(original[0]!.text);
    await page.getByTestId('redo').click();
    await expect.poll(async () => (await app.segments())[0]!.text).toBe('Edited first line.');

    // Split the second segment at its caret, then merge the third with the fourth.
    await page.getByTestId('segment').nth(1).locator('.text').click();
    const second = original[1]!.text;
    const caret = second.indexOf(' ', Math.floor(second.length / 2));
    expect(caret).toBeGreaterThan(0);
    await page.getByTestId('segment-text').evaluate((el: HTMLTextAreaElement, at) => el.setSelectionRange(at, at), caret);
    await page.getByTestId('segment-split').click();
    await expect(page.getByTestId('segment')).toHaveCount(original.length + 1);
    let now = await app.segments();
    expect(now[1]!.text).toBe(second.slice(0, caret).trimEnd());
    expect(now[2]!.text).toBe(second.slice(caret).trimStart());
    expect(now[1]!.end).toBeCloseTo(now[2]!.start, 3);

    await page.getByTestId('segment').nth(3).locator('.text').click();
    await page.getByTestId('segment-merge').click();
    await expect(page.getByTestId('segment')).toHaveCount(original.length);
    now = await app.segments();
    expect(words(now[3]!.text)).toBe(words(`${original[2]!.text} ${original[3]!.text}`));

    // Move the first segment's start 0.1 s later.
    await page.getByTestId('segment').first().locator('.text').click();
    await page.getByTestId('segment-start-later').click();
    now = await app.segments();
    expect(now[0]!.start).toBeCloseTo(original[0]!.start + 0.1, 3);

    // Exports: every format is the edited transcript.
    const srt = parseSrt(await readFile((await download(page, 'export-srt')).path, 'utf8'));
    expect(words(srt.map((c) => c.text).join(' '))).toBe(words(now.map((s) => s.text).join(' ')));
    expect(srt[0]!.start).toBe(Math.round(now[0]!.start * 1000));
    const vtt = await readFile((await download(page, 'export-vtt')).path, 'utf8');
    expect(vtt).toContain('Edited first line.');
    expect(vtt).not.toContain(original[0]!.text.trim());
    const json = JSON.parse(await readFile((await download(page, 'export-json')).path, 'utf8'));
    expect(json.model).toBe(TEST_MODEL);
    expect(json.language).toBe('en');
    expect(json.file).toMatch(/\.mp4$/);
    expect(json.segments.map((s: { text: string }) => s.text)).toEqual(now.map((s) => s.text.trim()));
    expect(json.segments.map((s: { start: number }) => s.start)).toEqual(now.map((s) => s.start));
    const txt = await readFile((await download(page, 'export-txt-times')).path, 'utf8');
    expect(txt.split('\n')[0]).toBe('[0:01] Edited first line.');
    const docx = await download(page, 'export-docx');
    expect(docx.name).toMatch(/\.docx$/);
    expect((await readFile(docx.path)).subarray(0, 2).toString()).toBe('PK');

    await page.getByTestId('export-copy').click();
    await expect(page.getByTestId('export-status')).toContainText('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Edited first line.');
  });

  test('find highlights matches, next/previous move, replace and replace all are undoable', async ({ app }) => {
    const { page } = app;
    await transcribe(app, makeSpeech(SPEECH));
    const original = await app.segments();
    // The most frequent two-letter piece of the text: it occurs several times in any sentence set.
    const text = original.map((s) => s.text.toLowerCase()).join('\n');
    const pairs = [...text.matchAll(/(?=([a-z]{2}))/g)].map((m) => m[1]!);
    const word = pairs.sort((a, b) => pairs.filter((p) => p === b).length - pairs.filter((p) => p === a).length)[0]!;
    const count = original.reduce((n, s) => n + s.text.toLowerCase().split(word).length - 1, 0);
    expect(count).toBeGreaterThan(2);
    await page.locator('#transcript-heading').click();
    await page.keyboard.press('Control+f');
    await expect(page.getByTestId('find-input')).toBeFocused();
    await page.keyboard.type(word.toUpperCase());
    await expect(page.getByTestId('find-count')).toHaveText(`1 of ${count}`);
    await expect(page.locator('mark')).toHaveCount(count);
    await expect(page.getByTestId('find-current')).toHaveCount(1);
    if (count > 1) {
      await page.getByTestId('find-next').click();
      await expect(page.getByTestId('find-count')).toHaveText(`2 of ${count}`);
      await page.getByTestId('find-previous').click();
    }
    await page.getByTestId('replace-input').fill('QQQ');
    await page.getByTestId('replace-one').click();
    await expect.poll(async () => (await app.segments()).map((s) => s.text).join(' ').split('QQQ').length - 1).toBe(1);
    await page.getByTestId('replace-all').click();
    await expect.poll(async () => (await app.segments()).map((s) => s.text).join(' ').split('QQQ').length - 1).toBe(count);
    await expect(page.getByTestId('find-count')).toHaveText('No matches');
    await page.getByTestId('undo').click();
    await page.getByTestId('undo').click();
    expect((await app.segments()).map((s) => s.text)).toEqual(original.map((s) => s.text));
  });

  test('an edit made while segments still stream in is kept', async ({ app }) => {
    const { page } = app;
    await app.open();
    await app.selectModel(TEST_MODEL);
    await page.getByTestId('language-select').selectOption('en');
    await app.choose(makeSpeech({ lang: 'en', sentences: 16, seed: 21, offset: 0.5, format: 'mp4' }));
    await app.start();
    await page.getByTestId('segment').first().locator('.text').click({ timeout: 120_000 });
    expect((await app.job()).runs).toBeGreaterThan(0);
    await page.getByTestId('segment-text').fill('Changed while streaming.');
    await page.getByTestId('segment-text').press('Escape');
    const countWhileRunning = await page.getByTestId('segment').count();
    await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'running');
    expect(await app.finished()).toBe('done');
    const after = await app.segments();
    expect(after[0]!.text).toBe('Changed while streaming.');
    expect(after.length).toBeGreaterThan(countWhileRunning);
  });

  for (const format of ['mp4', 'mkv'] as const) {
    test(`saves the ${format.toUpperCase()} with one subtitle track equal to the edited transcript`, async ({ app }) => {
      const { page } = app;
      await transcribe(app, makeSpeech({ ...SPEECH, sentences: 3, format }));
      await page.getByTestId('segment').first().locator('.text').click();
      await page.getByTestId('segment-text').fill('Muxed & edited, first.');
      await page.getByTestId('segment-text').press('Escape');
      const srt = await readFile((await download(page, 'export-srt')).path, 'utf8');

      const video = await download(page, 'export-video');
      expect(video.name).toMatch(new RegExp(`\\.subtitled\\.${format}$`));
      await expect(page.getByTestId('export-status')).toContainText('Saved');
      const probe = JSON.parse(
        execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:stream_tags=language', '-of', 'json', video.path], { encoding: 'utf8' }),
      ) as { streams: { codec_type: string; codec_name: string; tags?: { language?: string } }[] };
      const subtitleStreams = probe.streams.filter((s) => s.codec_type === 'subtitle');
      expect(subtitleStreams).toHaveLength(1);
      expect(subtitleStreams[0]!.codec_name).toBe(format === 'mp4' ? 'mov_text' : 'subrip');
      expect(subtitleStreams[0]!.tags?.language).toBe('eng');
      // Video and audio are copied, not re-encoded: same codecs as the source.
      expect(probe.streams.filter((s) => s.codec_type !== 'subtitle').map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);

      const muxed = execFileSync('ffmpeg', ['-v', 'error', '-i', video.path, '-map', '0:s:0', '-f', 'srt', '-'], { encoding: 'utf8' });
      expect(parseSrt(muxed)).toEqual(parseSrt(srt));
      expect(muxed).toContain('Muxed & edited, first.');
    });
  }

  test('a file the browser cannot play is heard through the audio ffmpeg.wasm extracts', async ({ app }) => {
    const { page } = app;
    const source = makeSpeech({ ...SPEECH, sentences: 2 });
    const avi = generated('workspace-speech.avi');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', source, '-c:v', 'mpeg4', '-c:a', 'libmp3lame', avi]);
    await transcribe(app, avi);
    await expect(page.getByTestId('player')).toHaveAttribute('data-kind', 'extracted-audio', { timeout: 30_000 });
    await expect(page.getByTestId('player-source')).toContainText('cannot play');
    const segments = await app.segments();
    await page.getByTestId('segment-seek').last().click();
    expect(Math.abs((await mediaTime(page)) - segments.at(-1)!.start)).toBeLessThanOrEqual(0.25);
    // AVI keeps its streams in Matroska when saved with subtitles.
    await expect(page.getByTestId('export-video')).toContainText('MKV');
  });
});
