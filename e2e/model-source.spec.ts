import { en } from '../src/app/i18n/en';
import { test, expect } from './support/fixtures';
import { makeSpeech } from './support/media';
import { HUB_URL } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';

async function setFaults(faults: object[]) {
  const response = await fetch(`${HUB_URL}/__hub/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults }),
  });
  expect(response.ok).toBe(true);
}

test.describe('model source', () => {
  test.use({ locale: 'en-US' });
  test.afterEach(() => setFaults([]));

  test('a model the Hub does not have is reported as not found', async ({ app }) => {
    await app.open();
    await app.selectModel('onnx-community/whisper-tiny');
    await app.choose(makeSpeech(SPEECH_CASES[0]!.spec));
    await app.start();
    expect(await app.finished()).toBe('failed');
    await expect(app.page.getByTestId('error-message')).toHaveText(
      en['error.modelNotFound'].replace('{model}', 'Whisper Tiny'),
    );
  });

  test('a failing Hub is reported as a download problem, and the next attempt works', async ({ app, requests }) => {
    await setFaults([{ match: 'testmodels/whisper-synth', kind: 'status', status: 503 }]);
    await app.open();
    await app.selectModel('testmodels/whisper-synth');
    await app.choose(makeSpeech(SPEECH_CASES[0]!.spec));
    await app.start();
    expect(await app.finished()).toBe('failed');
    await expect(app.page.getByTestId('error-message')).toHaveText(en['error.modelDownload']);
    expect(requests.some((url) => url.startsWith(`${HUB_URL}/api/models/testmodels/whisper-synth/`))).toBe(true);

    await setFaults([]);
    await app.start();
    expect(await app.finished()).toBe('done');
  });
});
