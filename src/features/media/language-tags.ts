/**
 * ISO 639-1 (what Whisper reports) to ISO 639-2/T (what MP4 and Matroska tag a track with). The
 * languages the app offers plus the most spoken others; anything else is tagged 'und' (undetermined),
 * which players show as "unknown" rather than as a wrong language.
 */
const ISO_639_2: Record<string, string> = {
  ru: 'rus', en: 'eng', uk: 'ukr', be: 'bel', kk: 'kaz', uz: 'uzb', de: 'deu', fr: 'fra', es: 'spa',
  it: 'ita', pt: 'por', pl: 'pol', cs: 'ces', tr: 'tur', ar: 'ara', he: 'heb', hi: 'hin', zh: 'zho',
  ja: 'jpn', ko: 'kor', nl: 'nld', sv: 'swe', fi: 'fin', da: 'dan', no: 'nor', el: 'ell', hu: 'hun',
  ro: 'ron', bg: 'bul', sr: 'srp', hr: 'hrv', sk: 'slk', sl: 'slv', lt: 'lit', lv: 'lav', et: 'est',
  ka: 'kat', hy: 'hye', az: 'aze', tg: 'tgk', ky: 'kir', tk: 'tuk', mn: 'mon', fa: 'fas', ur: 'urd',
  bn: 'ben', ta: 'tam', te: 'tel', th: 'tha', vi: 'vie', id: 'ind', ms: 'msa', tl: 'tgl', sw: 'swa',
};

export function trackLanguageTag(language: string | null): string {
  return (language && ISO_639_2[language.toLowerCase()]) || 'und';
}
