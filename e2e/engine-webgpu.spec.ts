import { test, expect, type AppPage } from './support/fixtures';
import { WEBGPU_ARGS } from './support/engine';
import { makeSpeech, readTruth } from './support/media';
import { HUB_URL } from './support/ports';
import { SPEECH_CASES } from './support/speech-cases';
import { wordErrorRate } from './support/wer';
import config from '../playwright.config';

const TEST_MODEL = 'testmodels/whisper-synth';
const MAX_WER = 0.15;
// The project's espeak video (English, MP4), the same one transcribe.spec.ts reads through WASM.
const SPEECH = SPEECH_CASES[0]!;

// WebGPU in headless Chromium runs on SwiftShader (a CPU Vulkan): slow but real shaders.
const baseArgs = config.use?.launchOptions?.args ?? [];
test.use({ locale: 'en-US', launchOptions: { ...config.use?.launchOptions, args: [...baseArgs, ...WEBGPU_ARGS] } });

async function transcribeWith(app: AppPage, device: 'webgpu' | 'wasm', query = '') {
  const { page } = app;
  await app.open(HUB_URL, query);
  await app.selectModel(TEST_MODEL);
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('options-advanced').locator('summary').click();
  await page.getByTestId('device-select').selectOption(device);
  await app.choose(makeSpeech(SPEECH.spec));
  await app.start();
  expect(await app.finished(170_000)).toBe('done');
  return (await app.segments()).map((s) => s.text).join(' ');
}

test.describe('WebGPU and WASM engines', () => {
  test.setTimeout(420_000);

  test('WebGPU (SwiftShader) and WASM transcribe the espeak video with the same words', async ({ app }) => {
    const truth = readTruth(makeSpeech(SPEECH.spec));

    const gpuText = await transcribeWith(app, 'webgpu');
    const engine = app.page.getByTestId('engine-info');
    await expect(engine).toHaveAttribute('data-device', 'webgpu');
    await expect(engine).toHaveAttribute('data-fallback', 'false');

    const wasmText = await transcribeWith(app, 'wasm');
    await expect(engine).toHaveAttribute('data-device', 'wasm');

    const gpuWer = wordErrorRate(truth.text, gpuText);
    const wasmWer = wordErrorRate(truth.text, wasmText);
    const between = wordErrorRate(wasmText, gpuText);
    test.info().annotations.push({
      type: 'WER',
      description: `WebGPU ${(gpuWer * 100).toFixed(1)} %, WASM ${(wasmWer * 100).toFixed(1)} %, WebGPU vs WASM ${(between * 100).toFixed(1)} %`,
    });
    expect(gpuWer, `WebGPU: ${gpuText}`).toBeLessThanOrEqual(MAX_WER);
    expect(wasmWer, `WASM: ${wasmText}`).toBeLessThanOrEqual(MAX_WER);
    expect(between, `WebGPU: ${gpuText}\nWASM: ${wasmText}`).toBeLessThanOrEqual(MAX_WER);
  });

  test('a WebGPU failure mid-job falls back to WASM, says why, and the transcript is complete', async ({ app }) => {
    const truth = readTruth(makeSpeech(SPEECH.spec));
    // The test switch makes the WebGPU run throw after its first window; what follows is the real fallback path.
    const text = await transcribeWith(app, 'webgpu', '&webgpu-fail-after=1');
    const engine = app.page.getByTestId('engine-info');
    await expect(engine).toHaveAttribute('data-device', 'wasm');
    await expect(engine).toHaveAttribute('data-fallback', 'true');
    await expect(app.page.getByTestId('engine-reason')).toHaveAttribute('data-reason', 'webgpu-failed');
    await expect(app.page.getByTestId('engine-reason')).toHaveText(/graphics card failed/);
    await expect(app.page.getByTestId('engine-fallback-detail')).toHaveText(/forced WebGPU failure after 1 windows/);
    const wer = wordErrorRate(truth.text, text);
    test.info().annotations.push({ type: 'WER', description: `${(wer * 100).toFixed(1)} % — ${text}` });
    expect(wer, text).toBeLessThanOrEqual(MAX_WER);
  });
});
