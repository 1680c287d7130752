import type { Segment } from '../transcript/segment';
import {
  isTranscribeResponse,
  type ModelInfo,
  type ModelRequest,
  type TranscribeError,
  type TranscribeOptions,
  type TranscribeRequest,
  type TranscribeResponse,
} from './shared';

export class TranscribeFailedError extends Error {
  constructor(readonly error: TranscribeError) {
    super(`Transcription failed: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
    this.name = 'TranscribeFailedError';
  }
}

export interface TranscribeCallbacks {
  onLanguage?: (language: string) => void;
  onSegments?: (segments: Segment[], processedS: number, totalS: number) => void;
}

type Handler = (message: TranscribeResponse) => void;

/**
 * Main-thread side of the transcribe worker. The worker keeps the loaded model between files.
 * Cancelling terminates it (nothing else stops a running ONNX session); so does any crash.
 * The next call starts a fresh worker, which loads the model again.
 */
export class TranscribeClient {
  private worker: Worker | null = null;
  /** The hub the current worker loads from: transformers.js memoizes file lookups per worker. */
  private workerHubUrl: string | null = null;
  private nextId = 1;
  private readonly handlers = new Map<number, { handle: Handler; fail: (e: Error) => void }>();

  loadModel(
    hubUrl: string,
    model: ModelRequest,
    { signal, onProgress }: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<ModelInfo> {
    if (this.workerHubUrl !== null && this.workerHubUrl !== hubUrl) this.dispose();
    this.workerHubUrl = hubUrl;
    return this.request<ModelInfo>(signal, (id) => ({ type: 'load', id, hubUrl, model }), (message, resolve) => {
      if (message.type === 'load-progress') onProgress?.(message.loaded, message.total);
      else if (message.type === 'loaded') resolve(message.info);
    });
  }

  /** Transcribes 16 kHz mono PCM. The buffer is transferred to the worker: `pcm` is unusable afterwards. */
  transcribe(
    pcm: Float32Array,
    sampleRate: number,
    options: TranscribeOptions,
    { signal, onLanguage, onSegments }: TranscribeCallbacks & { signal?: AbortSignal } = {},
  ): Promise<void> {
    return this.request<void>(
      signal,
      (id) => ({ type: 'transcribe', id, pcm, sampleRate, options }),
      (message, resolve) => {
        if (message.type === 'language') onLanguage?.(message.language);
        else if (message.type === 'segments') onSegments?.(message.segments, message.processedS, message.totalS);
        else if (message.type === 'done') resolve();
      },
      [pcm.buffer],
    );
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.workerHubUrl = null;
    const pending = [...this.handlers.values()];
    this.handlers.clear();
    for (const { fail } of pending) fail(new DOMException('Cancelled', 'AbortError'));
  }

  private request<T>(
    signal: AbortSignal | undefined,
    build: (id: number) => TranscribeRequest,
    onMessage: (message: TranscribeResponse, resolve: (value: T) => void) => void,
    transfer: Transferable[] = [],
  ): Promise<T> {
    signal?.throwIfAborted();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        this.handlers.delete(id);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        settle();
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('Cancelled', 'AbortError'));
        this.dispose();
      };
      this.handlers.set(id, {
        handle: (message) => {
          if (message.type === 'error') {
            settle();
            reject(new TranscribeFailedError(message.error));
            return;
          }
          onMessage(message, (value) => {
            settle();
            resolve(value);
          });
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(build(id), transfer);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'transcribe' });
    worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (isTranscribeResponse(message)) this.handlers.get(message.id)?.handle(message);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const pending = [...this.handlers.values()];
      this.handlers.clear();
      this.worker?.terminate();
      this.worker = null;
      for (const { fail } of pending) {
        fail(new TranscribeFailedError({ code: 'worker-crashed', detail: event.message }));
      }
    });
    this.worker = worker;
    return worker;
  }
}
