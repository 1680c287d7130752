import { describe, expect, it } from 'vitest';
import { Tensor } from '@huggingface/transformers';
import { languageByToken, OnlyTheseTokens } from './language-probe';

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

describe('OnlyTheseTokens', () => {
  it('leaves only the allowed tokens possible, in every batch row', () => {
    const logits = new Tensor('float32', new Float32Array([5, 1, 2, 9, 0, 3, 7, 4]), [2, 4]);
    const out = new OnlyTheseTokens([1, 2])._call([[0n], [0n]], logits);
    expect(Array.from(out.data as Float32Array)).toEqual([-Infinity, 1, 2, -Infinity, -Infinity, 3, 7, -Infinity]);
  });
});
