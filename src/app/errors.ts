import type { MediaErrorInfo } from '../features/media/protocol';
import type { TranscribeErrorInfo } from '../features/transcribe/protocol';
import type { ModelsErrorInfo } from '../features/models/types';
import { mediaErrorMessage } from '../features/media/messages';
import { modelsErrorMessage } from '../features/models/messages';
import type { ErrorMessage } from '../lib/i18n/error-message';
import type { MessageKey } from '../lib/i18n/locales';

export type { ErrorMessage };

/** Anything that can stop a run, from either worker. */
export type AppError =
  | { source: 'media'; error: MediaErrorInfo }
  | { source: 'transcribe'; error: TranscribeErrorInfo }
  | { source: 'models'; error: ModelsErrorInfo };

const TRANSCRIBE_MESSAGES: Record<TranscribeErrorInfo['code'], MessageKey> = {
  'model-not-found': 'error.modelNotFound',
  'model-download': 'error.modelDownload',
  'model-unsupported': 'error.modelUnsupported',
  'language-unsupported': 'error.languageUnsupported',
  'transcribe-failed': 'error.transcribeFailed',
  'out-of-memory': 'error.outOfMemory',
  'worker-crashed': 'error.workerCrashed',
};

/** What to tell the user: a translated message (what happened, what to do) plus the raw detail. */
export function errorMessage(
  appError: AppError,
  context: { modelName: string; languageName: (code: string) => string; formatBytes?: (bytes: number) => string },
): ErrorMessage {
  if (appError.source === 'media') return mediaErrorMessage(appError.error);
  if (appError.source === 'models') return modelsErrorMessage(appError.error, context);
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
