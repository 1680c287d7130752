import { en, type MessageKey, type Messages } from './en';
import { ru } from './ru';

export type Locale = 'ru' | 'en';

export const LOCALES: readonly Locale[] = ['ru', 'en'];

export const DICTIONARIES: Record<Locale, Messages> = { ru, en };

/** Each language's own name, shown in the switch so a user can find theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { ru: 'Русский', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return value === 'ru' || value === 'en';
}

/**
 * Picks the UI language from the browser's preference list: the first language we have wins.
 * Russian comes first in LOCALES because it is the product's main audience; English is the
 * fallback for everyone else.
 */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export type { MessageKey, Messages };
