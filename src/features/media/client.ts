import {
  isMediaResponse,
  type DecodedInfo,
  type MediaError,
  type MediaRequest,
  type MediaResponse,
  type ProbedInfo,
} from './shared';

export interface DecodeProgress {
  processedS: number;
  durationS: number | null;
}

export interface DecodedAudio {
  pcm: Float32Array;
  info: DecodedInfo;
}

export interface StreamCallbacks {
  signal?: AbortSignal;
  onProgress?: (p: DecodeProgress) => void;
  /** 16-bit mono samples in order, as ffmpeg produces them; the buffer is the callee's to keep or transfer. */
  onChunk?: (samples: Int16Array, startSample: number) => void;
}

/** A decode that ended with a reason the UI can translate. */
export class MediaDecodeError extends Error {
  constructor(readonly error: MediaError) {
    super(`Decoding failed: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
    this.name = 'MediaDecodeError';
  }
}

/**
 * Main-thread side of the media worker. The worker is created on first use and kept warm for
 * the next file; cancelling or any failure terminates it (the only way to stop WASM mid-run, and
 * a clean slate after ffmpeg went wrong), and the next call starts a fresh one.
 */
export class MediaClient {
  private worker: Worker | null = null;
  private nextId = 1;

  /** Reads the file's header only: refuses what cannot be transcribed before any heavier work. */
  probe(file: File, { signal }: { signal?: AbortSignal } = {}): Promise<ProbedInfo> {
    return this.run<ProbedInfo>({ type: 'probe', file, name: file.name }, signal, (message, resolve) => {
      if (message.type === 'probed') resolve(message.info);
    });
  }

  /** Streams the file's audio chunk by chunk; resolves with what was learnt about the file at the end. */
  stream(file: File, { signal, onProgress, onChunk }: StreamCallbacks = {}): Promise<DecodedInfo> {
    return this.run<DecodedInfo>({ type: 'decode', file, name: file.name }, signal, (message, resolve) => {
      if (message.type === 'progress') onProgress?.({ processedS: message.processedS, durationS: message.durationS });
      else if (message.type === 'pcm') onChunk?.(message.samples, message.startSample);
      else if (message.type === 'decoded') resolve(message.info);
    });
  }

  /** One request to the worker: `handle` sees its messages until it resolves; an error or a crash rejects. */
  private run<T>(
    request: Omit<MediaRequest, 'id'>,
    signal: AbortSignal | undefined,
    handle: (message: MediaResponse, resolve: (value: T) => void) => void,
  ): Promise<T> {
    signal?.throwIfAborted();
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;

    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onCrash);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error) => {
        finish();
        this.dispose();
        reject(error);
      };
      const done = (value: T) => {
        finish();
        resolve(value);
      };
      const onMessage = (event: MessageEvent<unknown>) => {
        const message: unknown = event.data;
        if (!isMediaResponse(message) || message.id !== id) return;
        if (message.type === 'error') fail(new MediaDecodeError(message.error));
        else handle(message, done);
      };
      const onCrash = (event: ErrorEvent) => {
        event.preventDefault();
        fail(new MediaDecodeError({ code: 'worker-crashed', detail: event.message }));
      };
      const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new DOMException('Cancelled', 'AbortError'));

      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onCrash);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ ...request, id } as MediaRequest);
    });
  }

  /** The whole file's audio as float32 in [-1, 1) (for tests and short files: long files should stream). */
  async decode(file: File, { signal, onProgress }: Omit<StreamCallbacks, 'onChunk'> = {}): Promise<DecodedAudio> {
    const chunks: Int16Array[] = [];
    const info = await this.stream(file, { signal, onProgress, onChunk: (samples) => chunks.push(samples) });
    const pcm = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      for (let i = 0; i < chunk.length; i++) pcm[at + i] = chunk[i]! / 32768;
      at += chunk.length;
    }
    return { pcm, info };
  }

  /** Stops whatever is running and frees ffmpeg's memory. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private spawn(): Worker {
    return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'media' });
  }
}
