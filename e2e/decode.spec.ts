import path from 'node:path';
import { test, expect } from './support/fixtures';
import { bytesToFloat32, nativePcm } from './support/media';
import { SHARED_MEDIA_DIR, sharedMediaAvailable } from './support/paths';

/** Signal-to-noise ratio of `actual` against `reference`, in dB, over their common length. */
function snrDb(reference: Float32Array, actual: Float32Array): number {
  const n = Math.min(reference.length, actual.length);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < n; i++) {
    signal += reference[i]! ** 2;
    noise += (reference[i]! - actual[i]!) ** 2;
  }
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}

test.describe('decoding in the browser matches native ffmpeg', () => {
  test.skip(!sharedMediaAvailable(), `../shared/media is not on this machine (${SHARED_MEDIA_DIR}); nothing to compare`);

  for (const relative of ['speech/en/LDC93S1_pcms16le_2_44100.wav', 'derived/jfk_speech_video.mp4']) {
    test(relative, async ({ app }) => {
      const file = path.join(SHARED_MEDIA_DIR, relative);
      await app.open();
      const result = await app.decode(file);
      if (!result.ok) throw new Error(`decode failed: ${result.error.code} ${result.error.detail ?? ''}`);

      const browser = bytesToFloat32(Buffer.from(result.pcmBase64, 'base64'));
      const native = nativePcm(file);
      expect(result.info.sampleRate).toBe(16_000);
      // Same length to within 10 ms (resampler flush can differ by a few samples).
      expect(Math.abs(browser.length - native.length)).toBeLessThanOrEqual(160);
      expect(snrDb(native, browser)).toBeGreaterThanOrEqual(40);
    });
  }
});
