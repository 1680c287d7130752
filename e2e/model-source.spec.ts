import { en } from '../src/lib/i18n/en';
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

  test('the model list offers what the Hub has; a model it does not have is reported as not found', async ({ app }) => {
    await app.open();
    await expect(app.modelPicker.locator('option[value="testmodels/whisper-synth"]')).toBeAttached();
    const offered = await app.modelPicker.locator('option').evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).value),
    );
    // The local Hub serves the project's test model, not the real Whisper repos of the catalog.
    expect(offered).toContain('testmodels/whisper-synth');
    expect(offered).not.toContain('onnx-community/whisper-tiny');
    // A repo id typed under "Advanced" is offered whatever the Hub says, and the Hub then says "not found".
    await app.page.getByText(/^Advanced$/).click();
    await app.page.getByTestId('custom-model').fill('onnx-community/whisper-tiny');
    await app.page.getByTestId('custom-model-add').click();
    await expect(app.modelPicker).toHaveValue('onnx-community/whisper-tiny');
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
