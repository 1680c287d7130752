import { test, expect, type AppPage } from './support/fixtures';
import { transcribeViaHook } from './support/engine';
import { makeSpeech, readTruth } from './support/media';
import { makeLongRecording, ONE_HOUR, TWENTY_MINUTES, type LongTruth } from './support/long-media';
import { wordErrorRate } from './support/wer';

const TEST_MODEL = 'testmodels/whisper-synth';
const MAX_START_ERROR_S = 0.5;

async function transcribe(app: AppPage, file: string): Promise<Awaited<ReturnType<AppPage['segments']>>> {
  await app.open();
  await app.selectModel(TEST_MODEL);
  await app.page.getByTestId('language-select').selectOption('auto');
  await app.choose(file);
  await app.start();
  expect(await app.finished(600_000)).toBe('done');
  return app.segments();
}

/** Segments that start in a block's speech (from a little before it to its end). */
function blockSegments(segments: { start: number; end: number; text: string }[], block: LongTruth['blocks'][number]) {
  return segments.filter((s) => s.start >= block.start - 2 && s.start <= block.end);
}

test.describe('long recordings', () => {
  test.use({ locale: 'en-US' });
  test.setTimeout(900_000);

  test('20 minutes of speech blocks between silence and music: every block found where it starts, nothing invented', async ({ app }) => {
    const { file, truth } = makeLongRecording(TWENTY_MINUTES);
    const started = Date.now();
    const segments = await transcribe(app, file);
    const seconds = (Date.now() - started) / 1000;

    await expect(app.page.getByTestId('detected-language')).toHaveAttribute('data-language', 'ru');
    const report: string[] = [];
    for (const block of truth.blocks) {
      const found = blockSegments(segments, block);
      expect(found.length, `no segment for the block at ${block.start} s`).toBeGreaterThan(0);
      const error = found[0]!.start - block.firstSegmentStart;
      const wer = wordErrorRate(block.text, found.map((s) => s.text).join(' '));
      report.push(`${block.start.toFixed(1)} s: start error ${error.toFixed(2)} s, WER ${(wer * 100).toFixed(0)} %`);
      expect(Math.abs(error), `block at ${block.start} s starts at ${found[0]!.start} s`).toBeLessThanOrEqual(MAX_START_ERROR_S);
    }
    for (const filler of truth.fillers) {
      const invented = segments.filter((s) => Math.min(s.end, filler.end) - Math.max(s.start, filler.start) > 0);
      expect(invented, `text in the ${filler.kind} from ${filler.start} to ${filler.end} s`).toEqual([]);
    }
    test.info().annotations.push({ type: 'blocks', description: `${seconds.toFixed(0)} s in all; ${report.join('; ')}` });
  });

  test('segment times stay absolute an hour in: the same clip at 0:05 and at 59:45 is placed alike (± 0.1 s)', async ({ app }) => {
    const { file, truth } = makeLongRecording(ONE_HOUR);
    const segments = await transcribe(app, file);
    const [early, late] = truth.blocks;
    const earlyFound = blockSegments(segments, early!);
    const lateFound = blockSegments(segments, late!);
    expect(earlyFound.length).toBeGreaterThan(0);
    expect(lateFound.length).toBeGreaterThan(0);
    const earlyError = earlyFound[0]!.start - early!.firstSegmentStart;
    const lateError = lateFound[0]!.start - late!.firstSegmentStart;
    test.info().annotations.push({
      type: 'offsets',
      description: `start error at ${early!.start} s: ${earlyError.toFixed(3)} s; at ${late!.start} s: ${lateError.toFixed(3)} s`,
    });
    expect(Math.abs(lateError)).toBeLessThanOrEqual(MAX_START_ERROR_S);
    // The recogniser's own error is the same for the same clip; what differs is only the offset arithmetic.
    expect(Math.abs(lateError - earlyError)).toBeLessThanOrEqual(0.1);
    // And nothing in the hour of room noise between.
    expect(segments.filter((s) => s.start > early!.end + 2 && s.start < late!.start - 2)).toEqual([]);
  });

  test('each window is encoded and decoded once: no second pass inside a window', async ({ app }) => {
    // Speech over several windows, so most windows end inside a sentence: transformers.js's own seek
    // loop would then encode the window again from that sentence on, a pass the app throws away.
    const file = makeSpeech({ lang: 'en', sentences: 8, seed: 41, offset: 0.8, format: 'wav' });
    await app.open();
    const result = await transcribeViaHook(app.page, file, { model: TEST_MODEL, language: 'en' });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { stats } = result;
    test.info().annotations.push({
      type: 'passes',
      description: `${stats.windows} windows, ${stats.encoderMs.length} encoder runs, ${stats.decoderMs.length} decoder runs`,
    });
    expect(stats.windows).toBeGreaterThanOrEqual(3);
    expect(stats.encoderMs).toHaveLength(stats.windows);
    expect(wordErrorRate(readTruth(file).text, result.segments.map((s) => s.text).join(' '))).toBeLessThanOrEqual(0.15);
  });
});
