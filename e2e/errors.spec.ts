import path from 'node:path';
import { en } from '../src/lib/i18n/en';
import { ru } from '../src/lib/i18n/ru';
import type { MessageKey, Messages } from '../src/lib/i18n/locales';
import { test, expect, type AppPage } from './support/fixtures';
import { BROKEN, makeSpeech } from './support/media';
import { SHARED_MEDIA_DIR, sharedMediaAvailable } from './support/paths';
import { expectedOutcome, sharedEntries } from './support/shared-manifest';
import { SPEECH_CASES } from './support/speech-cases';

const TEST_MODEL = 'testmodels/whisper-synth';

const ERROR_KEYS: Record<string, MessageKey> = {
  'not-media': 'error.notMedia',
  truncated: 'error.truncated',
  'no-audio': 'error.noAudio',
};

/** Runs a file through the UI and expects it to be refused with the given translated message. */
async function expectRefused(app: AppPage, file: string, key: MessageKey, messages: Messages) {
  await app.choose(file);
  await app.start();
  expect(await app.finished()).toBe('failed');
  const error = app.page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-key', key);
  await expect(app.page.getByTestId('error-message')).toHaveText(messages[key]);
  // Nothing half-done is left behind, and the app is ready for the next file.
  await expect(app.page.getByTestId('segment')).toHaveCount(0);
  await expect(app.page.getByTestId('start')).toBeEnabled();
}

/** A real file after the failures: the app must still transcribe. */
async function expectStillWorks(app: AppPage) {
  await app.choose(makeSpeech(SPEECH_CASES[0]!.spec));
  await app.start();
  expect(await app.finished()).toBe('done');
  await expect(app.page.getByTestId('error')).toHaveCount(0);
  expect((await app.segments()).length).toBeGreaterThan(0);
}

test.describe('broken files made by the project', () => {
  test.use({ locale: 'ru-RU' });

  test('are refused with a clear Russian message, and a good file works afterwards', async ({ app }) => {
    await app.open();
    await app.selectModel(TEST_MODEL);
    await expectRefused(app, BROKEN.empty, 'error.emptyFile', ru);
    await expectRefused(app, BROKEN.random, 'error.notMedia', ru);
    await expectRefused(app, BROKEN.truncated, 'error.truncated', ru);
    await expectRefused(app, BROKEN.noAudio, 'error.noAudio', ru);

    // The language switch re-renders the message in place.
    await app.page.getByTestId('locale-en').click();
    await expect(app.page.getByTestId('error-message')).toHaveText(en['error.noAudio']);

    await expectStillWorks(app);
  });
});

test.describe('odd and derived files from ../shared/media', () => {
  test.use({ locale: 'en-US' });
  test.skip(!sharedMediaAvailable(), `../shared/media is not on this machine (${SHARED_MEDIA_DIR}); skipping the shared odd files`);

  test('files the app must refuse get the right message; the app keeps working', async ({ app }) => {
    const refused = sharedEntries(['odd/', 'derived/']).filter((e) => expectedOutcome(e) in ERROR_KEYS);
    expect(refused.length).toBeGreaterThan(0);
    await app.open();
    await app.selectModel(TEST_MODEL);
    for (const entry of refused) {
      await test.step(entry.path, async () => {
        await expectRefused(app, path.join(SHARED_MEDIA_DIR, entry.path), ERROR_KEYS[expectedOutcome(entry)]!, en);
      });
    }
    await expectStillWorks(app);
  });

  test('files with audio decode, including the readable part of a cut one', async ({ app }) => {
    const decodable = sharedEntries(['odd/', 'derived/']).filter((e) => expectedOutcome(e).startsWith('ok'));
    expect(decodable.length).toBeGreaterThan(0);
    await app.open();
    for (const entry of decodable) {
      await test.step(entry.path, async () => {
        const result = await app.decode(path.join(SHARED_MEDIA_DIR, entry.path));
        if (!result.ok) throw new Error(`${entry.path}: ${result.error.code} ${result.error.detail ?? ''}`);
        expect(result.info.decodedS).toBeGreaterThan(0);
        expect(result.info.truncated).toBe(expectedOutcome(entry) === 'ok-truncated');
        // The first audio stream, whatever else the file holds.
        expect(result.info.stream.audioIndex).toBe(0);
        const audioStreams = entry.media.streams?.filter((s) => s.type === 'audio') ?? [];
        expect(result.info.audioStreamCount).toBe(audioStreams.length);
        if (audioStreams[0]?.language && audioStreams[0].language !== 'und') {
          expect(result.info.stream.language).toBe(audioStreams[0].language);
        }
      });
    }
  });
});
