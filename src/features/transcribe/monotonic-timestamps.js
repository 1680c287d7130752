/**
 * The timestamp rule that OpenAI's Whisper and Hugging Face's Python WhisperTimeStampLogitsProcessor
 * apply and transformers.js 4.3.1's does not: timestamps never decrease, and a segment's end lies
 * after its start.
 *
 * Without it, transformers.js can loop forever: with return_timestamps its generate() runs a seek
 * loop (_generate_with_seek) that advances by the end time of the last complete segment of each
 * pass; when a pass ends mid-segment after a segment closed at <|0.00|>, the seek advances by zero
 * and the same pass repeats without end. whisper-synth's q8 files do that on a held-out utterance
 * (`our goat sings on sunday` → `<|0.00|> our goat often sings<|0.00|><|2.74|> john sings on`),
 * which is the "stalled" q8 evaluation. (Upstream: huggingface/transformers.js PR #1742, open.)
 * The app's transcribe worker applies it to every window for the same reason; tools/testmodel's
 * evaluation imports this file so both decode alike.
 *
 * Passed to the pipeline as `logits_processor: [new MonotonicTimestamps(timestampBegin, eos)]`; the
 * pipeline hands it to generate(), which runs it after its own processors.
 */
import { LogitsProcessor } from '@huggingface/transformers';

export class MonotonicTimestamps extends LogitsProcessor {
  /**
   * @param {number} timestampBegin id of <|0.00|> (no_timestamps_token_id + 1)
   * @param {number} eos id of <|endoftext|>
   */
  constructor(timestampBegin, eos) {
    super();
    this.timestampBegin = timestampBegin;
    this.eos = eos;
  }

  /** @param {bigint[][]} inputIds @param {any} logits */
  _call(inputIds, logits) {
    for (let i = 0; i < inputIds.length; ++i) {
      const seq = inputIds[i].map(Number);
      // the prompt (<|startoftranscript|> <|lang|> <|transcribe|>) holds no timestamp tokens
      const timestamps = seq.filter((t) => t >= this.timestampBegin);
      if (timestamps.length === 0) continue;
      const last = timestamps.at(-1);
      const lastWasTimestamp = seq.at(-1) >= this.timestampBegin;
      const penultimateWasTimestamp = seq.length < 2 || seq.at(-2) >= this.timestampBegin;
      // right after a segment's end the next start may equal it; anywhere else the next must be later
      const firstAllowed = lastWasTimestamp && !penultimateWasTimestamp ? last : last + 1;
      const data = /** @type {Float32Array} */ (logits[i].data);
      data.fill(-Infinity, this.timestampBegin, Math.min(firstAllowed, data.length));
      // at <|10.00|> nothing later exists: the text may only end
      if (!data.some((x) => x > -Infinity)) data[this.eos] = 0;
    }
    return logits;
  }
}
