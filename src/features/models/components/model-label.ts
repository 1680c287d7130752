/** How a model is named in every model list: its name, the languages it knows, and its size. */
import { i18n } from '../../../lib/i18n/i18n.svelte';
import type { ModelEntry } from '../types';

export function modelLabel(entry: ModelEntry): string {
  const t = i18n.t;
  const parts = [entry.name, t(entry.multilingual ? 'options.model.multilingual' : 'options.model.englishOnly')];
  if (entry.test) parts.push(t('options.model.test'));
  if (entry.approxBytes !== null) parts.push(t('options.model.size', { size: i18n.formatBytes(entry.approxBytes) }));
  return parts.join(' · ');
}
