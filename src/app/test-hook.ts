import { MediaClient, MediaDecodeError } from '../features/media/client';
import type { DecodedInfo, MediaError } from '../features/media/shared';
import { errorMessage } from './errors';
import { i18n } from './i18n/i18n.svelte';

export type TestDecodeResult =
  | { ok: true; info: DecodedInfo; pcmBase64: string }
  | { ok: false; error: MediaError; message: string };

declare global {
  interface Window {
    __vtt_test?: { decode(file: File): Promise<TestDecodeResult> };
  }
}

/** Little-endian float32 bytes as base64, so the test can compare them with native ffmpeg's output. */
function toBase64(pcm: Float32Array): string {
  const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

/**
 * `window.__vtt_test.decode(file)`: the app's own media worker, without the UI around it.
 * Tests put files into the hook's own file input (data-testid="test-file-input") with
 * Playwright's setInputFiles and pass `input.files[0]`.
 */
export function installTestHook(): void {
  const media = new MediaClient();
  const input = document.createElement('input');
  input.type = 'file';
  input.hidden = true;
  input.dataset.testid = 'test-file-input';
  document.body.append(input);
  window.__vtt_test = {
    async decode(file) {
      try {
        const { pcm, info } = await media.decode(file);
        return { ok: true, info, pcmBase64: toBase64(pcm) };
      } catch (error) {
        if (!(error instanceof MediaDecodeError)) throw error;
        const message = errorMessage({ source: 'media', error: error.error }, { modelName: '', languageName: i18n.languageName });
        return { ok: false, error: error.error, message: i18n.t(message.key, message.params) };
      }
    },
  };
  document.documentElement.dataset.testHook = 'ready';
}
