import type { MessageKey } from './locales';
import type { MessageParams } from './i18n.svelte';

/** What to tell the user about a failure: a translated message (what happened, what to do) plus the raw detail. */
export interface ErrorMessage {
  key: MessageKey;
  params: MessageParams;
  /** Untranslated technical text (ffmpeg's or the runtime's own words), shown apart. */
  detail: string | undefined;
}
