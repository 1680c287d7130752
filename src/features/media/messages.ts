import type { ErrorMessage } from '../../lib/i18n/error-message';
import type { MessageKey } from '../../lib/i18n/locales';
import { MUX_MAX_INPUT_BYTES, type MediaErrorInfo } from './protocol';

const MEDIA_MESSAGES: Record<MediaErrorInfo['code'], MessageKey> = {
  'empty-file': 'error.emptyFile',
  'not-media': 'error.notMedia',
  'no-audio': 'error.noAudio',
  truncated: 'error.truncated',
  'unsupported-codec': 'error.unsupportedCodec',
  'decode-failed': 'error.decodeFailed',
  'out-of-memory': 'error.outOfMemory',
  'too-large-to-mux': 'error.tooLargeToMux',
  'mux-failed': 'error.muxFailed',
  'worker-crashed': 'error.workerCrashed',
};

/** The translated message for a file that could not be probed, decoded or muxed. */
export function mediaErrorMessage(error: MediaErrorInfo, formatBytes: (bytes: number) => string = String): ErrorMessage {
  return {
    key: MEDIA_MESSAGES[error.code],
    params: { codec: error.codec ?? '?', limit: formatBytes(MUX_MAX_INPUT_BYTES) },
    detail: error.detail,
  };
}
