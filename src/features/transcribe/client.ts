import { WorkerBridge } from '../../lib/worker-bridge';
import type { Segment } from '../transcript';
import { TranscribeError } from './errors';
import {
  isTranscribeResponse,
  type EngineRequest,
  type ModelInfo,
  type ModelRequest,
  type TestKnobs,
  type TranscribeOptions,
  type TranscribeRequest,
  type TranscribeResponse,
  type TranscribeStats,
} from './protocol';

export { TranscribeError } from './errors';

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

/**
 * Main-thread side of the transcribe worker. The worker keeps the loaded model between files.
 * Cancelling terminates it (nothing else stops a running ONNX session); so does any crash.
 * The next call starts a fresh worker, which loads the model again.
 */
export class TranscribeClient {
  private readonly bridge = new WorkerBridge<TranscribeRequest, TranscribeResponse>({
    spawn: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'transcribe' }),
    isResponse: isTranscribeResponse,
    failure: (response) => (response.type === 'error' ? new TranscribeError(response.error) : null),
    crashed: (detail) => new TranscribeError({ code: 'worker-crashed', detail }),
  });
  /** The hub the current worker loads from: transformers.js memoizes file lookups per worker. */
  private workerHubUrl: string | null = null;

  loadModel(
    hubUrl: string,
    model: ModelRequest,
    engine: EngineRequest,
    { signal, onProgress }: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<ModelInfo> {
    this.useHub(hubUrl);
    return this.bridge.request<ModelInfo>(
      (id) => ({ type: 'load', id, hubUrl, model, engine }),
      (message, resolve) => {
        if (message.type === 'load-progress') onProgress?.(message.loaded, message.total);
        else if (message.type === 'loaded') resolve(message.info);
      },
      { signal },
    ).done;
  }

  /**
   * Opens a transcription of 16-bit PCM at `sampleRate`; feed it through the returned sink. It runs
   * on the model of the next `loadModel` (the model may still be downloading while audio arrives).
   * `test` (tests and benchmarks) is honoured only by a test-mode build.
   */
  start(
    hubUrl: string,
    sampleRate: number,
    options: TranscribeOptions,
    {
      signal,
      test,
      onLanguage,
      onFallback,
      onPartial,
      onSegments,
    }: TranscribeCallbacks & { signal?: AbortSignal; test?: TestKnobs } = {},
  ): AudioSink {
    this.useHub(hubUrl);
    const request = this.bridge.request<TranscribeStats>(
      (id) => ({ type: 'transcribe', id, sampleRate, options, test }),
      (message, resolve) => {
        if (message.type === 'language') onLanguage?.(message.language, message.probability);
        else if (message.type === 'fallback') onFallback?.(message.info);
        else if (message.type === 'partial') onPartial?.(message.text, message.startS);
        else if (message.type === 'segments') onSegments?.(message.segments, message.processedS, message.receivedS);
        else if (message.type === 'done') resolve(message.stats);
      },
      { signal },
    );
    const { id } = request;
    return {
      push: (samples, startSample) => request.post({ type: 'audio', id, startSample, samples }, [samples.buffer]),
      end: () => request.post({ type: 'audio-end', id }),
      done: request.done,
    };
  }

  /** transformers.js memoizes file lookups per worker: another hub needs a fresh worker. */
  private useHub(hubUrl: string): void {
    if (this.workerHubUrl !== null && this.workerHubUrl !== hubUrl) this.dispose();
    this.workerHubUrl = hubUrl;
  }

  dispose(): void {
    this.bridge.dispose();
    this.workerHubUrl = null;
  }
}
