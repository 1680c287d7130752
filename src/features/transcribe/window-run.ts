/**
 * One window of audio through Whisper: its spoken language when asked, and its timestamped chunks,
 * guarded so that GPU trouble surfaces as a WebGpuError (the job then moves to WASM).
 */
import { LogitsProcessor, LogitsProcessorList, type Tensor } from '@huggingface/transformers';
import { TranscribeError, WebGpuError } from './errors';
import { windowFailure } from './failures';
import { languageByToken, LanguageProbe, type DetectedLanguage } from './language-probe';
import type { WindowChunk } from './longform';
import type { LoadedModel } from './model-loader';
import { MonotonicTimestamps } from './monotonic-timestamps.js';
import { NO_REPEAT_NGRAM_SIZE } from './repetition';
import {
  generateFirstToken,
  languageTokens,
  logitsRow,
  textStreamer,
  timestampTokens,
  tokenLimits,
  transcribeWindow,
  type WhisperCallOptions,
} from './transformers-adapter';
import { groupWords } from './words';

/** How a window is decoded: language and task (multilingual models only) and the token limits. */
export type WindowDecoding = Pick<WhisperCallOptions, 'language' | 'task' | 'max_new_tokens' | 'min_new_tokens'>;

/**
 * Every window is decoded in one pass. transformers.js runs its own seek loop inside a window
 * whenever `return_timestamps` is set and `max_new_tokens` is not: a window whose last segment is cut
 * by its edge is encoded and decoded a second time from that segment on. Our long-form planner
 * (longform.ts) already starts the next window there, so that pass was thrown away; naming
 * `max_new_tokens` turns the loop off (measured on the base model, 2 minutes: two encoder and
 * decoder passes per window before, one after). The limit is what the model's learnt positions allow
 * after the longest prompt Whisper makes (start, language, task, no-timestamps).
 */
export function maxNewTokens(model: LoadedModel): number {
  const { maxTargetPositions, maxNewTokens: configured } = tokenLimits(model.pipe);
  const limit = maxTargetPositions - 4;
  return Math.min(configured ?? limit, limit);
}

/** Any NaN in the logits means the GPU computed garbage: stop before it becomes text. */
export class NanGuard extends LogitsProcessor {
  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    for (let row = 0; row < inputIds.length; row++) {
      const data = logitsRow(logits, row);
      for (let i = 0; i < data.length; i++) {
        if (Number.isNaN(data[i])) throw new WebGpuError('NaN in the model output');
      }
    }
    return logits;
  }
}

export async function detectLanguage(model: LoadedModel, audio: Float32Array): Promise<DetectedLanguage> {
  const probe = new LanguageProbe(languageByToken(languageTokens(model.pipe)));
  const processors = new LogitsProcessorList();
  processors.push(probe);
  await generateFirstToken(model.pipe, audio, processors);
  if (!probe.result) throw new TranscribeError({ code: 'transcribe-failed', detail: 'the language probe saw no logits' });
  return probe.result;
}

/** Runs one window, reporting its text as it is decoded. Throws WebGpuError for GPU trouble. */
export async function runWindow(
  model: LoadedModel,
  pcm: Float32Array,
  decoding: WindowDecoding,
  onText: (text: string) => void,
): Promise<WindowChunk[]> {
  if (model.lost) throw new WebGpuError(model.lost);
  const processors = new LogitsProcessorList();
  processors.push(new NanGuard());
  // Whisper's rule that timestamps never decrease, which transformers.js's timestamp processor
  // lacks: without it a segment can close before it opened (`<|2.74|> … <|0.00|>`, seen with
  // whisper-synth's q8 files) and the window planner would get a segment running backwards.
  const { timestampBegin, eos } = timestampTokens(model.pipe);
  processors.push(new MonotonicTimestamps(timestampBegin, eos));
  let text = '';
  const streamer = textStreamer(model.pipe, (piece) => {
    text += piece;
    onText(text);
  });
  const words = model.info.wordTimestamps;
  try {
    const chunks = await transcribeWindow(model.pipe, pcm, {
      return_timestamps: words ? 'word' : true,
      no_repeat_ngram_size: NO_REPEAT_NGRAM_SIZE,
      logits_processor: processors,
      streamer,
      ...decoding,
    });
    return words ? groupWords(chunks) : chunks;
  } catch (error) {
    throw windowFailure(error, model.info.device);
  }
}
