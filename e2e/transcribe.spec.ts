import { readFile } from 'node:fs/promises';
import { test, expect } from './support/fixtures';
import { makeSpeech, readTruth } from './support/media';
import { HUB_URL } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';
import { wordErrorRate } from './support/wer';

const TEST_MODEL = 'testmodels/whisper-synth';
const MAX_WER = 0.15;
const MAX_START_ERROR_S = 0.5;

test.describe('transcription through the UI with the project test model', () => {
  test.use({ locale: 'en-US' });

  for (const { name, spec, language } of SPEECH_CASES) {
    test(name, async ({ app, requests }) => {
      const file = makeSpeech(spec);
      const truth = readTruth(file);
      const { page } = app;

      await app.open();
      await app.selectModel(TEST_MODEL);
      await page.getByTestId('language-select').selectOption(language);
      await page.getByTestId('task-select').selectOption('transcribe');
      await app.choose(file);

      // Record how the segment list grows, to see segments arrive in more than one batch.
      await page.evaluate(() => {
        const counts: number[] = [];
        (window as unknown as { __segmentCounts: number[] }).__segmentCounts = counts;
        new MutationObserver(() => {
          const n = document.querySelectorAll('[data-testid="segment"]').length;
          if (n !== counts.at(-1)) counts.push(n);
        }).observe(document.body, { childList: true, subtree: true });
      });
      await app.start();
      expect(await app.finished()).toBe('done');

      const segments = await app.segments();
      const hypothesis = segments.map((s) => s.text).join(' ');
      const wer = wordErrorRate(truth.text, hypothesis);
      test.info().annotations.push({ type: 'WER', description: `${(wer * 100).toFixed(1)} % — ${hypothesis}` });
      expect(wer, `reference: ${truth.text}\nhypothesis: ${hypothesis}`).toBeLessThanOrEqual(MAX_WER);

      // Times are absolute (windows are offset correctly) and land where the speech starts.
      const truthStarts = truth.segments.map((s) => s.start);
      expect(Math.abs(segments[0]!.start - truthStarts[0]!)).toBeLessThanOrEqual(MAX_START_ERROR_S);
      for (const segment of segments) {
        const nearest = Math.min(...truthStarts.map((t) => Math.abs(t - segment.start)));
        expect(nearest, `segment "${segment.text}" at ${segment.start} s`).toBeLessThanOrEqual(MAX_START_ERROR_S);
        expect(segment.end).toBeGreaterThanOrEqual(segment.start);
      }

      // Streaming: the list grew window by window, not all at once at the end.
      const counts = await page.evaluate(() => (window as unknown as { __segmentCounts: number[] }).__segmentCounts);
      expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1);

      if (language === 'auto') {
        await expect(page.getByTestId('detected-language')).toHaveAttribute('data-language', truth.language);
      }
      // The model really came from the local Hub, in the Hub's URL layout, pinned to a commit.
      expect(requests.some((url) => url.startsWith(`${HUB_URL}/${TEST_MODEL}/resolve/`) && /\/resolve\/[0-9a-f]{40}\//.test(url))).toBe(true);
    });
  }

  test('exports SRT, VTT and TXT that match the transcript', async ({ app }) => {
    const file = makeSpeech(SPEECH_CASES[0]!.spec);
    const { page } = app;
    await app.open();
    await app.selectModel(TEST_MODEL);
    await app.choose(file);
    await app.start();
    expect(await app.finished()).toBe('done');
    const segments = await app.segments();
    expect(segments.length).toBeGreaterThan(0);

    const download = async (format: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
      return readFile((await file.path())!, 'utf8');
    };

    const srt = await download('srt');
    const srtCues = srt.trim().split(/\n\n/);
    expect(srtCues).toHaveLength(segments.length);
    srtCues.forEach((cue, i) => {
      const [index, timing, ...text] = cue.split('\n');
      expect(index).toBe(String(i + 1));
      expect(timing).toMatch(/^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$/);
      expect(text.join(' ')).toBe(segments[i]!.text);
    });

    const vtt = await download('vtt');
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    const vttTimings = vtt.split('\n').filter((line) => line.includes('-->'));
    expect(vttTimings).toHaveLength(segments.length);
    for (const line of vttTimings) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$/);

    const txt = await download('txt');
    expect(txt.trim().split('\n')).toEqual(segments.map((s) => s.text));
  });

  test('cancel stops a running transcription, keeps what was recognised, and the next run works', async ({ app }) => {
    const long = makeSpeech({ lang: 'en', sentences: 16, seed: 21, offset: 0.5, format: 'mp4' });
    const { page } = app;
    await app.open();
    await app.selectModel(TEST_MODEL);
    await page.getByTestId('language-select').selectOption('en');
    await app.choose(long);
    await app.start();
    await expect(page.getByTestId('segment').first()).toBeVisible({ timeout: 120_000 });
    await page.getByTestId('cancel').click();
    expect(await app.finished()).toBe('cancelled');
    await expect(page.getByTestId('progress-transcribe')).toHaveAttribute('data-status', 'stopped');
    const partial = (await app.segments()).length;
    expect(partial).toBeGreaterThan(0);

    await app.start();
    expect(await app.finished()).toBe('done');
    expect((await app.segments()).length).toBeGreaterThan(partial);
  });
});
