/**
 * The transcribe worker's protocol (src/features/transcribe/worker.ts ⇄ client.ts).
 * One model load and one transcription at a time; replies carry the id of their request.
 */
import type { Segment } from '../transcript/segment';

export type Task = 'transcribe' | 'translate';

export interface ModelRequest {
  /** Hub repository id, e.g. "onnx-community/whisper-base". */
  repo: string;
  revision: string;
}

/** What the model's own config files say, read once it is loaded. */
export interface ModelInfo {
  repo: string;
  dtype: 'q8' | 'fp32';
  multilingual: boolean;
  /** Whisper's window in seconds (preprocessor_config.json chunk_length): 30 for OpenAI's models. */
  chunkLengthS: number;
  samplingRate: number;
  /** Language codes the model has tokens for; empty for English-only models. */
  languages: string[];
  /** onnxruntime's WebAssembly threads, as it set them up: 1 unless the page is cross-origin isolated. */
  wasmThreads: number;
}

export interface TranscribeOptions {
  /** A language code, or null to detect it from the first window (multilingual models only). */
  language: string | null;
  task: Task;
}

export type TranscribeErrorCode =
  | 'model-not-found'
  | 'model-download'
  | 'model-unsupported'
  | 'language-unsupported'
  | 'transcribe-failed'
  | 'out-of-memory'
  | 'worker-crashed';

export interface TranscribeError {
  code: TranscribeErrorCode;
  detail?: string;
  /** For language-unsupported: the language asked for. */
  language?: string;
}

export type TranscribeRequest =
  | { type: 'load'; id: number; hubUrl: string; model: ModelRequest }
  | { type: 'transcribe'; id: number; pcm: Float32Array; sampleRate: number; options: TranscribeOptions };

export type TranscribeResponse =
  | { type: 'load-progress'; id: number; loaded: number; total: number }
  | { type: 'loaded'; id: number; info: ModelInfo }
  | { type: 'language'; id: number; language: string }
  | { type: 'segments'; id: number; segments: Segment[]; processedS: number; totalS: number }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; error: TranscribeError };

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
    typeof value.text === 'string'
  );
}

export function isTranscribeResponse(value: unknown): value is TranscribeResponse {
  if (!isRecord(value) || typeof value.id !== 'number') return false;
  switch (value.type) {
    case 'load-progress':
      return typeof value.loaded === 'number' && typeof value.total === 'number';
    case 'loaded':
      return isRecord(value.info) && typeof value.info.chunkLengthS === 'number';
    case 'language':
      return typeof value.language === 'string';
    case 'segments':
      return (
        Array.isArray(value.segments) &&
        value.segments.every(isSegment) &&
        typeof value.processedS === 'number' &&
        typeof value.totalS === 'number'
      );
    case 'done':
      return true;
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
        typeof value.model.revision === 'string'
      );
    case 'transcribe':
      return (
        value.pcm instanceof Float32Array &&
        typeof value.sampleRate === 'number' &&
        isRecord(value.options) &&
        (value.options.language === null || typeof value.options.language === 'string') &&
        (value.options.task === 'transcribe' || value.options.task === 'translate')
      );
    default:
      return false;
  }
}
