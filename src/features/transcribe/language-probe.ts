import { LogitsProcessor, type Tensor } from '@huggingface/transformers';
import { logitsRow } from './transformers-adapter';

/**
 * Spoken-language detection, which transformers.js does not do yet (it falls back to English,
 * transformers.js#302): run the decoder one step after <|startoftranscript|> and read which
 * language token the model prefers, the way OpenAI's `detect_language` does.
 */

export interface DetectedLanguage {
  language: string;
  /** The model's probability for it among its language tokens, 0…1. */
  probability: number;
}

/** The most likely language and its softmax probability over the language tokens only. */
export function pickLanguage(logits: ArrayLike<number>, byToken: ReadonlyMap<number, string>): DetectedLanguage {
  let best: number | null = null;
  for (const token of byToken.keys()) {
    if (best === null || logits[token]! > logits[best]!) best = token;
  }
  if (best === null) throw new Error('the model has no language tokens');
  let sum = 0;
  for (const token of byToken.keys()) sum += Math.exp(logits[token]! - logits[best]!);
  return { language: byToken.get(best)!, probability: 1 / sum };
}

/**
 * Leaves only the language tokens possible at the probe's single step, and reports what the model
 * thought of them (row 0) before masking.
 */
export class LanguageProbe extends LogitsProcessor {
  result: DetectedLanguage | null = null;

  constructor(private readonly byToken: ReadonlyMap<number, string>) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    for (let row = 0; row < inputIds.length; row++) {
      const data = logitsRow(logits, row);
      if (row === 0) this.result = pickLanguage(data, this.byToken);
      for (let token = 0; token < data.length; token++) {
        if (!this.byToken.has(token)) data[token] = -Infinity;
      }
    }
    return logits;
  }
}

/** `{"<|en|>": 50259, …}` → `{50259: "en", …}`. */
export function languageByToken(langToId: Record<string, number>): Map<number, string> {
  const byToken = new Map<number, string>();
  for (const [token, id] of Object.entries(langToId)) {
    const code = /^<\|([\w-]+)\|>$/.exec(token)?.[1];
    if (code) byToken.set(id, code);
  }
  return byToken;
}
