import type { Segment } from '../transcript/segment';
import {
  isTranscribeResponse,
  type EngineRequest,
  type ModelInfo,
  type ModelRequest,
  type TranscribeError,
  type TranscribeOptions,
  type TranscribeRequest,
  type TranscribeResponse,
  type TranscribeStats,
} from './protocol';

export class TranscribeFailedError extends Error {
  constructor(readonly error: TranscribeError) {
    super(`Transcription failed: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
    this.name = 'TranscribeFailedError';
  }
}

export interface TranscribeCallbacks {
  onLanguage?: (language: string, probability: number) => void;
  /** WebGPU failed mid-job and the rest runs on WASM; `info` says how it runs now and why. */
  onFallback?: (info: ModelInfo) => void;
  onPartial?: (text: string, startS: number) => void;
  onSegments?: (segments: Segment[], processedS: number, receivedS: number) => void;
}

/** A running transcription that takes its audio as it is decoded. */
export interface AudioSink {
  /** Hands 16-bit samples over (transferred: `samples` is unusable afterwards). */
  push(samples: Int16Array, startSample: number): void;
  end(): void;
  /** Resolves with the timings when the last window is done. */
  done: Promise<TranscribeStats>;
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
    engine: EngineRequest,
    { signal, onProgress }: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<ModelInfo> {
    this.useHub(hubUrl);
    return this.request<ModelInfo>(signal, (id) => ({ type: 'load', id, hubUrl, model, engine }), (message, resolve) => {
      if (message.type === 'load-progress') onProgress?.(message.loaded, message.total);
      else if (message.type === 'loaded') resolve(message.info);
    }).done;
  }

  /**
   * Opens a transcription of 16-bit PCM at `sampleRate`; feed it through the returned sink. It runs
   * on the model of the next `loadModel` (the model may still be downloading while audio arrives).
   */
  start(
    hubUrl: string,
    sampleRate: number,
    options: TranscribeOptions,
    { signal, onLanguage, onFallback, onPartial, onSegments }: TranscribeCallbacks & { signal?: AbortSignal } = {},
  ): AudioSink {
    this.useHub(hubUrl);
    const { id, done } = this.request<TranscribeStats>(
      signal,
      (id) => ({ type: 'transcribe', id, sampleRate, options }),
      (message, resolve) => {
        if (message.type === 'language') onLanguage?.(message.language, message.probability);
        else if (message.type === 'fallback') onFallback?.(message.info);
        else if (message.type === 'partial') onPartial?.(message.text, message.startS);
        else if (message.type === 'segments') onSegments?.(message.segments, message.processedS, message.receivedS);
        else if (message.type === 'done') resolve(message.stats);
      },
    );
    const worker = this.worker;
    return {
      push: (samples, startSample) => {
        if (this.worker === worker) worker?.postMessage({ type: 'audio', id, startSample, samples } satisfies TranscribeRequest, [samples.buffer]);
      },
      end: () => {
        if (this.worker === worker) worker?.postMessage({ type: 'audio-end', id } satisfies TranscribeRequest);
      },
      done,
    };
  }

  /** transformers.js memoizes file lookups per worker: another hub needs a fresh worker. */
  private useHub(hubUrl: string): void {
    if (this.workerHubUrl !== null && this.workerHubUrl !== hubUrl) this.dispose();
    this.workerHubUrl = hubUrl;
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
  ): { id: number; done: Promise<T> } {
    const id = this.nextId++;
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      return { id, done: Promise.reject(reason instanceof Error ? reason : new DOMException('Cancelled', 'AbortError')) };
    }
    const worker = this.ensureWorker();
    const done = new Promise<T>((resolve, reject) => {
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
      worker.postMessage(build(id));
    });
    return { id, done };
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
