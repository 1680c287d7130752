/**
 * Jobs of the bench page (tools/bench/page): each runs in a fresh module worker, so every job gets
 * its own onnxruntime-web instance (its thread count is fixed when the first session is created).
 */
export type Device = 'wasm' | 'webgpu';
/** transformers.js dtype: one for all files, or per file (whisper-web's encoder fp32 + decoder q4). */
export type Dtype = string | Record<string, string>;

interface JobBase {
  hubUrl: string;
  repo: string;
  device: Device;
  dtype: Dtype;
  /** env.backends.onnx.wasm.numThreads; null leaves onnxruntime-web's default. */
  threads: number | null;
  /** Raw 16 kHz mono float32 audio, same origin. */
  pcmUrl: string;
}

/** Encoder and decoder step timings on `windows` consecutive windows, after one warm-up window if asked. */
export interface StepsJob extends JobBase {
  kind: 'steps';
  /** Decoded tokens per window, forced: min_new_tokens = max_new_tokens. */
  tokens: number;
  windows: number;
  warmup: boolean;
}

/** The plain transformers.js ASR pipeline as whisper-web ships it, on the whole PCM. */
export interface PipelineJob extends JobBase {
  kind: 'pipeline';
  /** Decoded tokens per window, forced: min_new_tokens = max_new_tokens; null decodes as whisper-web does (the model's own limits). */
  tokens: number | null;
  chunkLengthS: number;
  strideLengthS: number;
}

export type Job = StepsJob | PipelineJob;

export interface Common {
  loadMs: number;
  /** onnxruntime-web's thread count after its initialization. */
  threads: number;
  crossOriginIsolated: boolean;
  /** Whisper window length of the model, from its preprocessor_config.json. */
  chunkLengthS: number;
}

export interface StepsResult extends Common {
  kind: 'steps';
  featureMs: number[];
  encoderMs: number[];
  /** The first decoder call of a window: the prompt tokens plus the cross-attention keys/values. */
  firstStepMs: number[];
  /** Every later decoder call, one token each. */
  tokenMs: number[];
  /** Wall time of the dropped warm-up window; null without one. */
  warmupWindowMs: number | null;
}

export interface PipelineResult extends Common {
  kind: 'pipeline';
  audioS: number;
  totalMs: number;
  firstTextMs: number | null;
  windows: number;
  tokens: number;
  /** The pipeline's output text. */
  text: string;
}

export type JobResult = StepsResult | PipelineResult;

export type WorkerReply = { ok: true; result: JobResult } | { ok: false; error: string };
