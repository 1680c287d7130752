import { describe, expect, it } from 'vitest';
import { errorMessage } from './errors';
import { en } from '../lib/i18n/en';
import type { MediaErrorCode } from '../features/media/shared';
import type { TranscribeErrorCode } from '../features/transcribe/protocol';

const context = { modelName: 'Whisper Base', languageName: (code: string) => `lang:${code}` };

describe('errorMessage', () => {
  it('gives every media failure its own message', () => {
    const codes: MediaErrorCode[] = ['empty-file', 'not-media', 'no-audio', 'truncated', 'unsupported-codec', 'decode-failed'];
    const keys = codes.map((code) => errorMessage({ source: 'media', error: { code } }, context).key);
    expect(new Set(keys).size).toBe(codes.length);
    for (const key of keys) expect(en[key]).toBeTruthy();
  });

  it('passes the codec, model and language into the message', () => {
    expect(errorMessage({ source: 'media', error: { code: 'unsupported-codec', codec: 'ac3' } }, context).params.codec).toBe('ac3');
    const lang = errorMessage({ source: 'transcribe', error: { code: 'language-unsupported', language: 'kk' } }, context);
    expect(lang.params.language).toBe('lang:kk');
    const notFound = errorMessage({ source: 'transcribe', error: { code: 'model-not-found' } }, context);
    expect(notFound.params.model).toBe('Whisper Base');
  });

  it('keeps the technical detail apart from the translated text', () => {
    const message = errorMessage({ source: 'media', error: { code: 'truncated', detail: 'moov atom not found' } }, context);
    expect(message.detail).toBe('moov atom not found');
    expect(en[message.key]).not.toContain('moov');
  });

  it('maps every transcribe failure to a message', () => {
    const codes: TranscribeErrorCode[] = [
      'model-not-found', 'model-download', 'model-unsupported', 'language-unsupported', 'transcribe-failed', 'out-of-memory', 'worker-crashed',
    ];
    for (const code of codes) {
      expect(en[errorMessage({ source: 'transcribe', error: { code } }, context).key]).toBeTruthy();
    }
  });

  it('gives every model download failure a message, with the sizes for a full disk', () => {
    const codes = ['not-found', 'unauthorized', 'download', 'quota', 'integrity', 'unsupported'] as const;
    const keys = codes.map((code) => errorMessage({ source: 'models', error: { code } }, context).key);
    expect(new Set(keys).size).toBe(codes.length);
    for (const key of keys) expect(en[key]).toBeTruthy();
    const quota = errorMessage(
      { source: 'models', error: { code: 'quota', neededBytes: 2048 } },
      { ...context, formatBytes: (n) => `${n / 1024} KB` },
    );
    expect(quota.params).toMatchObject({ needed: '2 KB' });
  });
});
