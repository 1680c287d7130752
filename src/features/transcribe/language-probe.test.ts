import { describe, expect, it } from 'vitest';
import { Tensor } from '@huggingface/transformers';
import { languageByToken, LanguageProbe, pickLanguage } from './language-probe';

describe('languageByToken', () => {
  it('maps token ids back to language codes', () => {
    const map = languageByToken({ '<|en|>': 50259, '<|ru|>': 50263, '<|haw|>': 50352, junk: 1 });
    expect([...map.entries()]).toEqual([
      [50259, 'en'],
      [50263, 'ru'],
      [50352, 'haw'],
    ]);
  });
});

describe('pickLanguage', () => {
  it('takes the best language token and its softmax over language tokens only', () => {
    const byToken = new Map([
      [1, 'en'],
      [2, 'ru'],
    ]);
    // Token 0 (not a language) is the overall maximum and must not count.
    const result = pickLanguage([10, 0, Math.log(3)], byToken);
    expect(result.language).toBe('ru');
    expect(result.probability).toBeCloseTo(0.75, 6);
  });
});

describe('LanguageProbe', () => {
  it('leaves only the language tokens possible, in every batch row, and reports row 0', () => {
    const byToken = new Map([
      [1, 'en'],
      [2, 'ru'],
    ]);
    const logits = new Tensor('float32', new Float32Array([5, 1, 2, 9, 0, 3, 7, 4]), [2, 4]);
    const probe = new LanguageProbe(byToken);
    const out = probe._call([[0n], [0n]], logits);
    expect(Array.from(out.data as Float32Array)).toEqual([-Infinity, 1, 2, -Infinity, -Infinity, 3, 7, -Infinity]);
    expect(probe.result?.language).toBe('ru');
    expect(probe.result?.probability).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });
});
