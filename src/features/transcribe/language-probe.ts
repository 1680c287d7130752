import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

/**
 * Spoken-language detection, which transformers.js does not do yet (it falls back to English,
 * transformers.js#302): run the decoder one step after <|startoftranscript|> and read which
 * language token the model prefers, the way OpenAI's `detect_language` does.
 */
export class OnlyTheseTokens extends LogitsProcessor {
  private readonly allowed: Set<number>;

  constructor(allowed: Iterable<number>) {
    super();
    this.allowed = new Set(allowed);
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    for (let row = 0; row < inputIds.length; row++) {
      const data = (logits as unknown as Tensor[])[row]!.data as Float32Array;
      for (let token = 0; token < data.length; token++) {
        if (!this.allowed.has(token)) data[token] = -Infinity;
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
