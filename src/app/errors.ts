import type { MediaError } from '../features/media/shared';
import type { TranscribeErrorInfo } from '../features/transcribe/protocol';
import type { ModelsError } from '../features/models/errors';
import type { MessageKey } from '../lib/i18n/locales';
import type { MessageParams } from '../lib/i18n/i18n.svelte';

/** Anything that can stop a run, from either worker. */
export type AppError =
  | { source: 'media'; error: MediaError }
  | { source: 'transcribe'; error: TranscribeErrorInfo }
  | { source: 'models'; error: ModelsError };

export interface ErrorMessage {
  key: MessageKey;
  params: MessageParams;
  /** Untranslated technical text (ffmpeg's or the runtime's own words), shown apart. */
  detail: string | undefined;
}

const MEDIA_MESSAGES: Record<MediaError['code'], MessageKey> = {
  'empty-file': 'error.emptyFile',
  'not-media': 'error.notMedia',
  'no-audio': 'error.noAudio',
  truncated: 'error.truncated',
  'unsupported-codec': 'error.unsupportedCodec',
  'decode-failed': 'error.decodeFailed',
  'out-of-memory': 'error.outOfMemory',
  'worker-crashed': 'error.workerCrashed',
};

const TRANSCRIBE_MESSAGES: Record<TranscribeErrorInfo['code'], MessageKey> = {
  'model-not-found': 'error.modelNotFound',
  'model-download': 'error.modelDownload',
  'model-unsupported': 'error.modelUnsupported',
  'language-unsupported': 'error.languageUnsupported',
  'transcribe-failed': 'error.transcribeFailed',
  'out-of-memory': 'error.outOfMemory',
  'worker-crashed': 'error.workerCrashed',
};

const MODELS_MESSAGES: Record<ModelsError['code'], MessageKey> = {
  'not-found': 'error.modelNotFound',
  unauthorized: 'error.modelUnauthorized',
  download: 'error.modelDownload',
  quota: 'error.modelQuota',
  integrity: 'error.modelIntegrity',
  unsupported: 'error.modelUnsupported',
};

/** What to tell the user: a translated message (what happened, what to do) plus the raw detail. */
export function errorMessage(
  appError: AppError,
  context: { modelName: string; languageName: (code: string) => string; formatBytes?: (bytes: number) => string },
): ErrorMessage {
  if (appError.source === 'media') {
    const { error } = appError;
    return { key: MEDIA_MESSAGES[error.code], params: { codec: error.codec ?? '?' }, detail: error.detail };
  }
  if (appError.source === 'models') {
    const { error } = appError;
    const bytes = (n: number | undefined) => (n === undefined ? '?' : (context.formatBytes?.(n) ?? `${n} B`));
    return {
      key: MODELS_MESSAGES[error.code],
      params: {
        model: context.modelName,
        reason: error.detail ?? '?',
        needed: bytes(error.neededBytes),
      },
      detail: error.detail,
    };
  }
  const { error } = appError;
  return {
    key: TRANSCRIBE_MESSAGES[error.code],
    params: {
      model: context.modelName,
      language: error.language ? context.languageName(error.language) : '?',
      reason: error.detail ?? '?',
    },
    detail: error.detail,
  };
}
