import type { Page } from '@playwright/test';
import type { TestTranscribeRequest, TestTranscribeResult } from '../../src/test-entry/hook';
import { HUB_URL } from './ports';

/**
 * Runs a file through the app's own decode → transcribe pipeline via the test hook
 * (`window.__vtt_test.transcribe`, src/test-entry/hook.ts). The page must be open with `?test=1`.
 */
export async function transcribeViaHook(
  page: Page,
  file: string,
  request: Omit<TestTranscribeRequest, 'hubUrl'>,
): Promise<TestTranscribeResult> {
  await page.getByTestId('test-file-input').setInputFiles(file);
  return page.evaluate(
    (req) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="test-file-input"]');
      const chosen = input?.files?.[0];
      if (!chosen || !window.__vtt_test) throw new Error('the test hook is not ready');
      return window.__vtt_test.transcribe(chosen, req);
    },
    { ...request, hubUrl: HUB_URL },
  );
}

/** Chromium flags that expose WebGPU headless (SwiftShader, no GPU needed). */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'];
