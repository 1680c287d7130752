import type { ErrorMessage } from '../../lib/i18n/error-message';
import type { MessageKey } from '../../lib/i18n/locales';
import type { ModelsErrorInfo } from './types';

const MODELS_MESSAGES: Record<ModelsErrorInfo['code'], MessageKey> = {
  'not-found': 'error.modelNotFound',
  unauthorized: 'error.modelUnauthorized',
  download: 'error.modelDownload',
  quota: 'error.modelQuota',
  integrity: 'error.modelIntegrity',
  unsupported: 'error.modelUnsupported',
  archive: 'error.modelArchive',
  layout: 'error.modelLayout',
  source: 'error.modelSource',
};

/** The translated message for a model that could not be fetched or stored. */
export function modelsErrorMessage(
  error: ModelsErrorInfo,
  context: { modelName: string; formatBytes?: (bytes: number) => string },
): ErrorMessage {
  const bytes = (n: number | undefined) => (n === undefined ? '?' : (context.formatBytes?.(n) ?? `${n} B`));
  return {
    key: MODELS_MESSAGES[error.code],
    params: { model: context.modelName, reason: error.detail ?? '?', needed: bytes(error.neededBytes) },
    detail: error.detail,
  };
}
