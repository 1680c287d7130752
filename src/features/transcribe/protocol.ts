/**
 * The transcribe worker's protocol (src/features/transcribe/worker.ts ⇄ client.ts).
 * One model load and one transcription at a time; replies carry the id of their request.
 *
 * A transcription is pipelined with decoding: `transcribe` opens it, `audio` messages stream the
 * 16-bit PCM in as the media worker produces it, `audio-end` closes it. The worker starts on the
 * first window while the rest of the file is still being decoded.
 */
import { TEST_BUILD } from '../../lib/build-mode';
import type { Segment } from '../transcript';
import type { Device, DevicePreference, SessionDtypes, WasmReason } from './engine';

export type Task = 'transcribe' | 'translate';

export interface ModelRequest {
  /** Hub repository id, e.g. "onnx-community/whisper-base". */
  repo: string;
  revision: string;
}

/** How to run the model. Everything but `device` is for benchmarks and tests: null = the app's choice. */
export interface EngineRequest {
  device: DevicePreference;
  /** One dtype for both sessions (e.g. 'fp32'), overriding the per-device choice. */
  dtype: string | null;
  /** WASM threads; takes effect only in a fresh worker (onnxruntime fixes it at its first session). */
  threads: number | null;
}

/** What the model's own config files say, and how it runs, read once it is loaded. */
export interface ModelInfo {
  repo: string;
  device: Device;
  /** Why it runs on WASM (null on WebGPU). */
  wasmReason: WasmReason | null;
  /** The WebGPU error that made it fall back, in the runtime's words. */
  fallbackDetail: string | null;
  dtypes: SessionDtypes;
  /** onnxruntime's WebAssembly threads, as it set them up (1 unless the page is cross-origin isolated), and the isolation. */
  wasmThreads: number;
  isolated: boolean;
  multilingual: boolean;
  /** Whisper's window in seconds (preprocessor_config.json chunk_length): 30 for OpenAI's models. */
  chunkLengthS: number;
  samplingRate: number;
  /** Language codes the model has tokens for; empty for English-only models. */
  languages: string[];
  /** Word-level timestamps are available (a `_timestamped` export with alignment heads). */
  wordTimestamps: boolean;
  /** Milliseconds from the load request to a usable model. */
  loadMs: number;
}

export interface TranscribeOptions {
  /** A language code, or null to detect it on the first speech window (multilingual models only). */
  language: string | null;
  task: Task;
  /**
   * Resuming an interrupted job: the first window starts here (the `processedS` of the last
   * `segments` message saved) and `previous` is the last segment saved, so the windows and the
   * repetition check are the ones the uninterrupted run would have had.
   */
  resume?: { startS: number; previous: Segment | null };
}

/**
 * Switches for tests and benchmarks, honoured only by a test-mode build (src/lib/build-mode.ts):
 * a production worker has no code that reads them.
 */
export interface TestKnobs {
  /** Benchmarks: decode exactly this many tokens per window (min = max new tokens) so runs compare. */
  forcedTokens?: number | null;
  /** Tests: make WebGPU fail after this many windows, to exercise the fallback to WASM. */
  failWebGpuAfterWindows?: number | null;
}

/** Where the time went, for the progress display and the benchmark. */
export interface TranscribeStats {
  windows: number;
  /** Windows skipped as silent without running the model. */
  silentWindows: number;
  /** Each encoder run, and each decoder run (one per token), in ms. */
  encoderMs: number[];
  decoderMs: number[];
  /** From the transcribe request to the first segment (null if there was none), and to the end. */
  firstSegmentMs: number | null;
  totalMs: number;
  /** Samples held by the PCM store at most (its memory is twice that in bytes). */
  peakHeldSamples: number;
}

export type TranscribeErrorCode =
  | 'model-not-found'
  | 'model-download'
  | 'model-unsupported'
  | 'language-unsupported'
  | 'transcribe-failed'
  | 'out-of-memory'
  | 'worker-crashed';

export interface TranscribeErrorInfo {
  code: TranscribeErrorCode;
  detail?: string;
  /** For language-unsupported: the language asked for. */
  language?: string;
}

export type TranscribeRequest =
  | { type: 'load'; id: number; hubUrl: string; model: ModelRequest; engine: EngineRequest }
  | { type: 'transcribe'; id: number; sampleRate: number; options: TranscribeOptions; test?: TestKnobs }
  | { type: 'audio'; id: number; startSample: number; samples: Int16Array }
  | { type: 'audio-end'; id: number };

export type TranscribeResponse =
  | { type: 'load-progress'; id: number; loaded: number; total: number }
  | { type: 'loaded'; id: number; info: ModelInfo }
  | { type: 'language'; id: number; language: string; probability: number }
  /** WebGPU failed mid-job; the rest runs on WASM. */
  | { type: 'fallback'; id: number; info: ModelInfo }
  /** The text of the window being decoded so far (replaced by its segments when it is done). */
  | { type: 'partial'; id: number; text: string; startS: number }
  | { type: 'segments'; id: number; segments: Segment[]; processedS: number; receivedS: number }
  | { type: 'done'; id: number; stats: TranscribeStats }
  | { type: 'error'; id: number; error: TranscribeErrorInfo };

const ERROR_CODES: readonly TranscribeErrorCode[] = [
  'model-not-found',
  'model-download',
  'model-unsupported',
  'language-unsupported',
  'transcribe-failed',
  'out-of-memory',
  'worker-crashed',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isSegment(value: unknown): value is Segment {
  return (
    isRecord(value) &&
    typeof value.start === 'number' &&
    typeof value.end === 'number' &&
    typeof value.text === 'string' &&
    (value.words === undefined || Array.isArray(value.words))
  );
}

function isModelInfo(value: unknown): value is ModelInfo {
  return (
    isRecord(value) &&
    typeof value.chunkLengthS === 'number' &&
    (value.device === 'webgpu' || value.device === 'wasm') &&
    typeof value.wasmThreads === 'number'
  );
}

const nullOr = (value: unknown, type: 'number' | 'string') => value === null || value === undefined || typeof value === type;

function isTestKnobs(value: unknown): value is TestKnobs {
  return isRecord(value) && nullOr(value.forcedTokens, 'number') && nullOr(value.failWebGpuAfterWindows, 'number');
}

export function isTranscribeResponse(value: unknown): value is TranscribeResponse {
  if (!isRecord(value) || typeof value.id !== 'number') return false;
  switch (value.type) {
    case 'load-progress':
      return typeof value.loaded === 'number' && typeof value.total === 'number';
    case 'loaded':
    case 'fallback':
      return isModelInfo(value.info);
    case 'language':
      return typeof value.language === 'string' && typeof value.probability === 'number';
    case 'partial':
      return typeof value.text === 'string' && typeof value.startS === 'number';
    case 'segments':
      return (
        Array.isArray(value.segments) &&
        value.segments.every(isSegment) &&
        typeof value.processedS === 'number' &&
        typeof value.receivedS === 'number'
      );
    case 'done':
      return isRecord(value.stats) && Array.isArray(value.stats.encoderMs);
    case 'error':
      return isRecord(value.error) && ERROR_CODES.includes(value.error.code as TranscribeErrorCode);
    default:
      return false;
  }
}

export function isTranscribeRequest(value: unknown): value is TranscribeRequest {
  if (!isRecord(value) || typeof value.id !== 'number') return false;
  switch (value.type) {
    case 'load':
      return (
        typeof value.hubUrl === 'string' &&
        isRecord(value.model) &&
        typeof value.model.repo === 'string' &&
        typeof value.model.revision === 'string' &&
        isRecord(value.engine) &&
        ['auto', 'webgpu', 'wasm'].includes(value.engine.device as string) &&
        nullOr(value.engine.dtype, 'string') &&
        nullOr(value.engine.threads, 'number')
      );
    case 'transcribe':
      return (
        typeof value.sampleRate === 'number' &&
        isRecord(value.options) &&
        (value.options.language === null || typeof value.options.language === 'string') &&
        (value.options.task === 'transcribe' || value.options.task === 'translate') &&
        (value.options.resume === undefined ||
          (isRecord(value.options.resume) &&
            typeof value.options.resume.startS === 'number' &&
            value.options.resume.startS >= 0)) &&
        // A production worker never reads `test`, so it need not check it (nor carry the check).
        (!TEST_BUILD || value.test === undefined || isTestKnobs(value.test))
      );
    case 'audio':
      return value.samples instanceof Int16Array && typeof value.startSample === 'number';
    case 'audio-end':
      return true;
    default:
      return false;
  }
}
