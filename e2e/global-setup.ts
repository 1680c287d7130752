import { existsSync } from 'node:fs';
import { makeBrokenFiles, makeSpeech } from './support/media';
import { MAKE_MEDIA_SCRIPT } from './support/paths';
import { SPEECH_CASES } from './support/speech-cases';

/** Generates the project's own test media once (it is deterministic and cached in .cache/e2e-media). */
export default function globalSetup(): void {
  makeBrokenFiles();
  // Without the generator the transcription tests fail with a clear message of their own.
  if (existsSync(MAKE_MEDIA_SCRIPT)) {
    for (const { spec } of SPEECH_CASES) makeSpeech(spec);
  }
}
