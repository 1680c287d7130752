/**
 * What a thrown error means for the job: which typed code the app shows, and whether WebGPU is to
 * blame (then the job moves to WASM instead of failing).
 */
import { ModelFileNotFoundError } from '@huggingface/transformers';
import type { Device } from './engine';
import { TranscribeError, WebGpuError } from './errors';
import type { TranscribeErrorInfo } from './protocol';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A model load failed: missing files, a failed read, memory, or a model the app cannot run. */
export function loadFailure(error: unknown, repo: string): TranscribeErrorInfo {
  if (error instanceof TranscribeError) return error.info;
  const detail = messageOf(error);
  if (error instanceof ModelFileNotFoundError) return { code: 'model-not-found', detail };
  if (error instanceof TypeError || /fetch|network|occurred while trying to load file|status/i.test(detail)) {
    return { code: 'model-download', detail };
  }
  if (/memory|allocation/i.test(detail)) return { code: 'out-of-memory', detail };
  return { code: 'model-unsupported', detail: `${repo}: ${detail}` };
}

/** A transcription failed after its model loaded. */
export function transcribeFailure(error: unknown): TranscribeErrorInfo {
  if (error instanceof TranscribeError) return error.info;
  const detail = messageOf(error);
  if (/memory|allocation/i.test(detail)) return { code: 'out-of-memory', detail };
  return { code: 'transcribe-failed', detail };
}

/**
 * Loading on WebGPU failed: the WASM fallback's detail, or null for a failure that every device
 * would meet (a missing model is missing everywhere; a model the app cannot use stays unusable).
 */
export function webGpuLoadFallback(error: unknown): string | null {
  if (error instanceof ModelFileNotFoundError || error instanceof TranscribeError) return null;
  return messageOf(error);
}

/** A window failed on `device`: on WebGPU anything but the app's own verdict is WebGPU's fault. */
export function windowFailure(error: unknown, device: Device): unknown {
  if (device !== 'webgpu' || error instanceof TranscribeError || error instanceof WebGpuError) return error;
  return new WebGpuError(messageOf(error));
}
