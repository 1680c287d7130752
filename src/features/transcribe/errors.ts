/**
 * The feature's errors. Kept free of transformers.js so the main thread's client can use them
 * without pulling the runtime into its bundle.
 */
import type { WasmReason } from './engine';
import type { TranscribeErrorCode, TranscribeErrorInfo } from './protocol';

/**
 * A model load or transcription failed. Thrown inside the worker where the cause is known (it
 * crosses as `info`), and by the client for the worker's error replies and crashes.
 */
export class TranscribeError extends Error {
  readonly code: TranscribeErrorCode;

  constructor(readonly info: TranscribeErrorInfo) {
    super(`Transcription failed: ${info.code}${info.detail ? ` (${info.detail})` : ''}`);
    this.name = 'TranscribeError';
    this.code = info.code;
  }
}

/**
 * WebGPU went wrong (session error, device lost, NaN output): the job moves to WASM. Never leaves
 * the worker; its code is the reason the WASM model then reports, its message the fallback detail.
 */
export class WebGpuError extends Error {
  readonly code: Extract<WasmReason, 'webgpu-failed'> = 'webgpu-failed';

  constructor(detail: string) {
    super(detail);
    this.name = 'WebGpuError';
  }
}
