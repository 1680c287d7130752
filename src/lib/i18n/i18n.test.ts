import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ru } from './ru';
import { interpolate, placeholders } from './format';
import { DICTIONARIES, LOCALES, pickLocale } from './locales';

const keysOf = (o: object) => Object.keys(o).sort();

describe('dictionaries', () => {
  it('have exactly the same keys in every language', () => {
    for (const locale of LOCALES) {
      expect(keysOf(DICTIONARIES[locale]), locale).toEqual(keysOf(en));
    }
  });

  it('have no empty strings', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(DICTIONARIES[locale])) {
        expect(text.trim(), `${locale}:${key}`).not.toBe('');
      }
    }
  });

  it('keep the same placeholders in every translation', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('are really translated: Russian text with words in it is written in Cyrillic', () => {
    // Format and product names stay in Latin script in Russian too.
    const names = /\{\w+\}|MP4|WebM|MP3|WAV|AAC|Opus|TXT|SRT|VTT|JSON|CSV|DOCX|Word|Hugging Face Hub|https?:\/\/|\?hub=/g;
    const untranslated = Object.entries(ru).filter(([, text]) => {
      const rest = text.replace(names, '');
      return /[a-z]{2,}/i.test(rest) && !/[а-яё]/i.test(rest);
    });
    expect(untranslated).toEqual([]);
  });
});

describe('interpolate', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} of {b}', { a: 1, b: 'two' })).toBe('1 of two');
    expect(interpolate('{a} and {missing}', { a: 'x' })).toBe('x and {missing}');
  });
});

describe('pickLocale', () => {
  it('follows the browser preference list', () => {
    expect(pickLocale(['ru-RU', 'en-US'])).toBe('ru');
    expect(pickLocale(['de-DE', 'en-GB', 'ru'])).toBe('en');
    expect(pickLocale(['uk-UA', 'ru-UA'])).toBe('ru');
  });

  it('falls back to English', () => {
    expect(pickLocale([])).toBe('en');
    expect(pickLocale(['fr-FR'])).toBe('en');
  });
});
