import { interpolate } from './format';
import { DICTIONARIES, pickLocale, type Locale, type MessageKey } from './locales';

export type MessageParams = Record<string, string | number>;

/**
 * The UI language. Components read `i18n.t(...)`; because `locale` is reactive state,
 * every string on screen re-renders when the language switch changes it.
 */
class I18n {
  locale = $state<Locale>(pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages));

  t = (key: MessageKey, params?: MessageParams): string =>
    interpolate(DICTIONARIES[this.locale][key], params);

  /** A language's name in the UI language ("ru" → "русский" / "Russian"), from the browser's own CLDR data. */
  languageName = (code: string): string => {
    try {
      return new Intl.DisplayNames([this.locale], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };

  /** File and model sizes with the locale's decimal separator and unit names. */
  formatBytes = (bytes: number): string => {
    const number = (n: number, digits: number) =>
      n.toLocaleString(this.locale, { maximumFractionDigits: digits });
    if (bytes < 1024) return this.t('units.bytes', { n: number(bytes, 0) });
    if (bytes < 1024 ** 2) return this.t('units.kilobytes', { n: number(bytes / 1024, 0) });
    if (bytes < 1024 ** 3) return this.t('units.megabytes', { n: number(bytes / 1024 ** 2, 1) });
    return this.t('units.gigabytes', { n: number(bytes / 1024 ** 3, 2) });
  };
}

export const i18n = new I18n();
