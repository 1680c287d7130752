import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

/** Types of monotonic-timestamps.js (plain JavaScript so that tools/testmodel's Node evaluation runs the same rule). */
export declare class MonotonicTimestamps extends LogitsProcessor {
  /** `timestampBegin`: id of <|0.00|> (no_timestamps_token_id + 1); `eos`: id of <|endoftext|>. */
  constructor(timestampBegin: number, eos: number);
  _call(inputIds: bigint[][], logits: Tensor): Tensor;
}
