import type { ErrorMessage } from '../../lib/i18n/error-message';
import type { MessageKey } from '../../lib/i18n/locales';
import type { MediaErrorInfo } from './protocol';

const MEDIA_MESSAGES: Record<MediaErrorInfo['code'], MessageKey> = {
  'empty-file': 'error.emptyFile',
  'not-media': 'error.notMedia',
  'no-audio': 'error.noAudio',
  truncated: 'error.truncated',
  'unsupported-codec': 'error.unsupportedCodec',
  'decode-failed': 'error.decodeFailed',
  'out-of-memory': 'error.outOfMemory',
  'worker-crashed': 'error.workerCrashed',
};

/** The translated message for a file that could not be probed or decoded. */
export function mediaErrorMessage(error: MediaErrorInfo): ErrorMessage {
  return { key: MEDIA_MESSAGES[error.code], params: { codec: error.codec ?? '?' }, detail: error.detail };
}
