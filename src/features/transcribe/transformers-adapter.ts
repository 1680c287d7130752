/**
 * The one place that reaches into transformers.js 4.3.1 and onnxruntime-web past their typings.
 * Their declarations type Whisper's configs, the ONNX sessions, the batch rows of the logits and
 * the pipeline's Whisper options loosely or not at all; every cast that fills that gap is here,
 * behind a small typed function, so the rest of the feature reads typed values and an upgrade of
 * either library is checked in one file.
 */
import {
  env,
  LogitsProcessorList,
  pipeline,
  WhisperTextStreamer,
  type AutomaticSpeechRecognitionPipeline,
  type Tensor,
} from '@huggingface/transformers';
import type { Device, SessionDtypes } from './engine';
import type { WindowChunk } from './longform';

export type AsrPipeline = AutomaticSpeechRecognitionPipeline;

interface OnnxSession {
  run: (...args: unknown[]) => Promise<unknown>;
  /** The graph's output names (a `_timestamped` decoder adds `cross_attentions.*`). */
  outputNames?: string[];
}

/** transformers.js keeps a model's ONNX sessions by file name (`model`, `decoder_model_merged`). */
function sessions(pipe: AsrPipeline): Record<string, OnnxSession> {
  return (pipe.model as unknown as { sessions: Record<string, OnnxSession> }).sessions;
}

/** Whisper's fields of generation_config.json; transformers.js types only the generic ones. */
interface WhisperGenerationConfig {
  is_multilingual?: boolean;
  lang_to_id: Record<string, number>;
  alignment_heads?: unknown;
  max_new_tokens?: number | null;
  decoder_start_token_id: number;
  no_timestamps_token_id: number;
  eos_token_id: number;
}

function generationConfig(pipe: AsrPipeline): WhisperGenerationConfig {
  return pipe.model.generation_config as unknown as WhisperGenerationConfig;
}

/** Loads Whisper on `device` with one dtype per session, reporting the aggregate download progress. */
export async function createAsrPipeline(
  repo: string,
  { device, dtypes, revision, onProgress }: { device: Device; dtypes: SessionDtypes; revision: string; onProgress: (loaded: number, total: number) => void },
): Promise<AsrPipeline> {
  const pipe = await pipeline('automatic-speech-recognition', repo, {
    device,
    // Typed as transformers.js's own dtype names; ours come from the store's file list.
    dtype: dtypes as unknown as Record<string, 'fp32'>,
    revision,
    progress_callback: (event) => {
      if (event.status === 'progress_total') onProgress(event.loaded, event.total);
    },
  });
  alignWordsWithinTheAudio(pipe);
  return pipe;
}

type TokenTimestamps = (...args: unknown[]) => Tensor;

/**
 * Two corrections to how transformers.js 4.3.1 dates words, both to what OpenAI's timing.py (and so
 * faster-whisper) do; measured with `npm run eval:real`.
 *
 * The alignment sees only the window's audio, not its zero padding. Its `num_frames` counts mel
 * frames, but the cross-attentions it cuts with it have one column per two mel frames (OpenAI cuts at
 * `num_frames // 2`), so nothing was cut and a short window's words were aligned against 30 s: the
 * last word of the 2.9-s LDC93S1 clip ended at 2.96 s, after the audio (2.90 s with the cut).
 * (Only the one-pass path passes mel frames; ours always decodes a window in one pass, see
 * window-run.ts.)
 *
 * Word times one token earlier than transformers.js gives them. Its `_extract_token_timestamps`
 * dates token j by the cross-attention row of decoder position j, but that row is the step that
 * *reads* token j to produce token j + 1; OpenAI's timing.py (and so faster-whisper) date token j by
 * row j − 1, the step that produced it. Uncorrected, every word came out one token late: measured
 * with the real tiny.en on the LJ Speech concat of ../shared, utterance onsets 0.2–0.5 s late, and
 * "And@0.78 so@1.06" on jfk where faster-whisper gives "And@0.00 so@0.76" (`npm run eval:real`).
 * Each batch row of the returned [batch, tokens] tensor is moved one place later.
 */
function alignWordsWithinTheAudio(pipe: AsrPipeline): void {
  const model = pipe.model as unknown as { _extract_token_timestamps?: TokenTimestamps };
  const extract = model._extract_token_timestamps?.bind(model);
  if (!extract) return;
  model._extract_token_timestamps = (outputs: unknown, heads: unknown, melFrames: unknown, ...rest: unknown[]) => {
    const encoderFrames = typeof melFrames === 'number' ? Math.floor(melFrames / 2) : melFrames;
    const timestamps = extract(outputs, heads, encoderFrames, ...rest);
    const [rows = 0, length = 0] = timestamps.dims;
    const data = timestamps.data as Float32Array;
    for (let row = 0; row < rows; row++) data.copyWithin(row * length + 1, row * length, (row + 1) * length - 1);
    return timestamps;
  };
}

/** Calls `onRun(session, ms)` after every run of every ONNX session of the model. */
export function observeSessionRuns(pipe: AsrPipeline, onRun: (session: string, ms: number) => void): void {
  for (const [name, session] of Object.entries(sessions(pipe))) {
    const run = session.run.bind(session);
    session.run = async (...args: unknown[]) => {
      const started = performance.now();
      const result = await run(...args);
      onRun(name, performance.now() - started);
      return result;
    };
  }
}

/** What the model's config files say about it, as far as the app asks (null where a file lacks it). */
export interface WhisperDescription {
  chunkLengthS: number | null;
  samplingRate: number | null;
  multilingual: boolean;
  langToId: Record<string, number>;
  alignmentHeads: unknown;
  decoderOutputNames: string[];
}

export function whisperDescription(pipe: AsrPipeline): WhisperDescription {
  const featureConfig = pipe.processor.feature_extractor?.config as { chunk_length?: number; sampling_rate?: number } | undefined;
  // Read as possibly absent: a model without generation_config.json is described, not crashed on.
  const generation = pipe.model.generation_config as Partial<WhisperGenerationConfig> | null;
  return {
    chunkLengthS: featureConfig?.chunk_length || null,
    samplingRate: featureConfig?.sampling_rate || null,
    multilingual: generation?.is_multilingual === true,
    langToId: generation?.lang_to_id ?? {},
    alignmentHeads: generation?.alignment_heads,
    decoderOutputNames: sessions(pipe).decoder_model_merged?.outputNames ?? [],
  };
}

/** The decoder's learnt positions (config.json) and generation_config.json's own token limit. */
export function tokenLimits(pipe: AsrPipeline): { maxTargetPositions: number; maxNewTokens: number | null } {
  const config = pipe.model.config as unknown as { max_target_positions: number };
  return { maxTargetPositions: config.max_target_positions, maxNewTokens: generationConfig(pipe).max_new_tokens ?? null };
}

/** Ids of <|0.00|> (the first timestamp token, right after <|notimestamps|>) and of <|endoftext|>. */
export function timestampTokens(pipe: AsrPipeline): { timestampBegin: number; eos: number } {
  const generation = generationConfig(pipe);
  return { timestampBegin: generation.no_timestamps_token_id + 1, eos: generation.eos_token_id };
}

export function languageTokens(pipe: AsrPipeline): Record<string, number> {
  return generationConfig(pipe).lang_to_id;
}

/** Row `row` of a batch of logits (transformers.js's Tensor indexes its first dimension). */
export function logitsRow(logits: Tensor, row: number): Float32Array {
  return (logits as unknown as Tensor[])[row]!.data as Float32Array;
}

/** Runs the decoder one step after <|startoftranscript|> on `audio`, through `processors`. */
export async function generateFirstToken(pipe: AsrPipeline, audio: Float32Array, processors: LogitsProcessorList): Promise<void> {
  const { input_features } = (await pipe.processor(audio)) as { input_features: Tensor };
  await pipe.model.generate({
    inputs: input_features,
    decoder_input_ids: [generationConfig(pipe).decoder_start_token_id],
    max_new_tokens: 1,
    logits_processor: processors,
  });
}

/** The pipeline's Whisper options the app uses (a type, not an interface: the pipeline takes an index signature). */
export type WhisperCallOptions = {
  return_timestamps: true | 'word';
  no_repeat_ngram_size: number;
  logits_processor: LogitsProcessorList;
  streamer: WhisperTextStreamer;
  max_new_tokens: number;
  min_new_tokens?: number;
  language?: string;
  task?: string;
};

/** Transcribes one window; its chunks are segments, or words with `return_timestamps: 'word'`. */
export async function transcribeWindow(pipe: AsrPipeline, pcm: Float32Array, options: WhisperCallOptions): Promise<WindowChunk[]> {
  // Typed as always ending; the last chunk of a window cut mid-segment has no end (null).
  const output = (await pipe(pcm, options)) as { chunks?: WindowChunk[] };
  return output.chunks ?? [];
}

/** Reports the window's text so far, piece by piece, as the decoder produces it. */
export function textStreamer(pipe: AsrPipeline, onPiece: (piece: string) => void): WhisperTextStreamer {
  return new WhisperTextStreamer(pipe.tokenizer as ConstructorParameters<typeof WhisperTextStreamer>[0], {
    skip_prompt: true,
    callback_function: onPiece,
  });
}

/** Resolves with the GPU device's loss message once onnxruntime's WebGPU device is lost (never if none). */
export function webGpuDeviceLost(): Promise<string> {
  const webgpu = env.backends.onnx.webgpu as { device?: Promise<{ lost: Promise<{ message: string }> }> } | undefined;
  return new Promise((resolve) => {
    void Promise.resolve(webgpu?.device)
      .then((device) => device?.lost)
      .then((info) => {
        if (info) resolve(info.message);
      })
      .catch(() => undefined);
  });
}
