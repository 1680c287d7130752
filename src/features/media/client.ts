import { WorkerBridge } from '../../lib/worker-bridge';
import {
  isMediaResponse,
  MediaError,
  type DecodedInfo,
  type MediaRequest,
  type MediaResponse,
  type MuxJob,
  type ProbedInfo,
} from './protocol';

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

/**
 * Main-thread side of the media worker. The worker is created on first use and kept warm for
 * the next file; cancelling or any failure terminates it (the only way to stop WASM mid-run, and
 * a clean slate after ffmpeg went wrong), and the next call starts a fresh one.
 */
export class MediaClient {
  private readonly bridge = new WorkerBridge<MediaRequest, MediaResponse>({
    spawn: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'media' }),
    isResponse: isMediaResponse,
    failure: (response) => (response.type === 'error' ? new MediaError(response.error) : null),
    crashed: (detail) => new MediaError({ code: 'worker-crashed', detail }),
    // After ffmpeg went wrong its memory and file system are in an unknown state: start clean.
    terminateOnFailure: true,
  });

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

  /** The file with the subtitles as a soft track (streams copied, nothing re-encoded). */
  mux(file: File, job: MuxJob, { signal, onProgress }: Omit<StreamCallbacks, 'onChunk'> = {}): Promise<Blob> {
    return this.run<Blob>({ type: 'mux', file, name: file.name, ...job }, signal, (message, resolve) => {
      if (message.type === 'mux-progress') onProgress?.({ processedS: message.processedS, durationS: message.durationS });
      else if (message.type === 'muxed') resolve(message.file);
    });
  }

  /** One request to the worker: `handle` sees its replies until it resolves; an error or a crash rejects. */
  private run<T>(
    request: Omit<MediaRequest, 'id'>,
    signal: AbortSignal | undefined,
    handle: (message: MediaResponse, resolve: (value: T) => void) => void,
  ): Promise<T> {
    return this.bridge.request<T>((id) => ({ ...request, id }) as MediaRequest, handle, { signal }).done;
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
    this.bridge.dispose();
  }
}
