import type { SpeechSpec } from './media';

/**
 * The speech the transcription tests use: grammar sentences from the test model's own domain,
 * long enough (several sentences after a 1.5 s lead-in) to span more than one 10 s model window.
 */
export const SPEECH_CASES: { name: string; spec: SpeechSpec; language: 'auto' | 'en' | 'ru' }[] = [
  { name: 'English speech in an MP4 video, language detected', spec: { lang: 'en', sentences: 4, seed: 7, offset: 1.5, format: 'mp4' }, language: 'auto' },
  { name: 'Russian speech in a WebM video, language chosen', spec: { lang: 'ru', sentences: 4, seed: 11, offset: 1.5, format: 'webm' }, language: 'ru' },
];
