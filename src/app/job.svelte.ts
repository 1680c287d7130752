import { MediaClient, MediaDecodeError } from '../features/media/client';
import { TARGET_SAMPLE_RATE, type DecodedInfo } from '../features/media/shared';
import { TranscribeClient, TranscribeFailedError } from '../features/transcribe/client';
import type { EngineRequest, ModelInfo, ModelRequest, TranscribeOptions, TranscribeStats } from '../features/transcribe/shared';
import { ModelsFailure } from '../features/models/errors';
import type { Segment } from '../features/transcript/segment';
import type { AppError } from './errors';
import { fractionOf } from './progress';

export type StageName = 'decode' | 'load' | 'transcribe';
export type StageStatus = 'pending' | 'running' | 'done' | 'failed';

/** One row of the progress display. Times are performance.now() milliseconds. */
export class Stage {
  status = $state<StageStatus>('pending');
  fraction = $state<number | null>(null);
  startedAt = $state<number | null>(null);
  endedAt = $state<number | null>(null);

  start(): void {
    this.status = 'running';
    this.fraction = 0;
    this.startedAt = performance.now();
    this.endedAt = null;
  }

  finish(status: 'done' | 'failed'): void {
    if (this.status !== 'running') return;
    this.status = status;
    if (status === 'done') this.fraction = 1;
    this.endedAt = performance.now();
  }
}

export type Phase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRequest {
  file: File;
  hubUrl: string;
  /** Makes sure the model is stored (downloading it if need be) and says which commit to load. */
  prepareModel: (signal: AbortSignal, onProgress: (loaded: number, total: number) => void) => Promise<ModelRequest>;
  options: TranscribeOptions;
  engine: EngineRequest;
}

/** The text of the window being recognised, before its segments are final. */
export interface PartialText {
  text: string;
  startS: number;
}

/** Of the load stage's bar, the share a download takes when there is one; reading from the store is the rest. */
const DOWNLOAD_SHARE = 0.9;

/**
 * One file's way through the app: decode (media worker) and model load (transcribe worker) run
 * side by side, then transcription streams segments in. Holds everything the UI shows about it.
 */
export class TranscriptionJob {
  phase = $state<Phase>('idle');
  /** Counts started runs, so observers (and tests) can tell one run's end from the next one's. */
  runs = $state(0);
  readonly stages: Record<StageName, Stage> = { decode: new Stage(), load: new Stage(), transcribe: new Stage() };
  segments = $state<Segment[]>([]);
  error = $state.raw<AppError | null>(null);
  decoded = $state.raw<DecodedInfo | null>(null);
  model = $state.raw<ModelInfo | null>(null);
  detectedLanguage = $state<string | null>(null);
  /** The probe's confidence in the detected language, 0…1. */
  languageProbability = $state<number | null>(null);
  /** True once WebGPU failed during this run and the rest went on with WASM. */
  fellBack = $state(false);
  partial = $state.raw<PartialText | null>(null);
  /** The engine's counts and session timings of the last finished run (read by the benchmark). */
  stats = $state.raw<TranscribeStats | null>(null);
  /** Seconds of audio recognised so far (for the speed display). */
  processedS = $state(0);
  /** The media file's name, for naming exports. */
  fileName = $state('');
  startedAt = $state<number | null>(null);
  endedAt = $state<number | null>(null);

  private readonly media = new MediaClient();
  private readonly transcriber = new TranscribeClient();
  private controller: AbortController | null = null;

  async start({ file, hubUrl, prepareModel, options, engine }: JobRequest): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    this.reset(file.name);
    const mine = () => this.controller === controller;

    const { decode, load, transcribe } = this.stages;
    decode.start();
    load.start();
    let downloaded = false;
    const loading = prepareModel(signal, (loaded, total) => {
      downloaded = true;
      load.fraction = (fractionOf(loaded, total) ?? 0) * DOWNLOAD_SHARE;
    }).then((model) =>
      this.transcriber.loadModel(hubUrl, model, engine, {
        signal,
        onProgress: (loaded, total) => {
          const fraction = fractionOf(loaded, total) ?? 0;
          load.fraction = downloaded ? DOWNLOAD_SHARE + fraction * (1 - DOWNLOAD_SHARE) : fraction;
        },
      }),
    );
    let durationS: number | null = null;
    // Decoding stops on any failure; the model stays loaded in its worker for the next attempt.
    const decodeController = new AbortController();
    signal.addEventListener('abort', () => decodeController.abort(), { once: true });
    // Transcription opens at once and takes the audio as ffmpeg produces it: the worker starts on
    // the first window as soon as the model is ready, while the rest of the file is still decoding.
    const sink = this.transcriber.start(hubUrl, TARGET_SAMPLE_RATE, options, {
      signal,
      onLanguage: (language, probability) => {
        this.detectedLanguage = language;
        this.languageProbability = probability;
      },
      onFallback: (info) => {
        this.model = info;
        this.fellBack = true;
      },
      onPartial: (text, startS) => (this.partial = { text, startS }),
      onSegments: (segments, processedS, receivedS) => {
        this.segments.push(...segments);
        this.partial = null;
        this.processedS = processedS;
        transcribe.fraction = fractionOf(processedS, durationS ?? receivedS);
      },
    });
    loading.then(
      (info) => {
        if (!mine()) return;
        this.model = info;
        load.finish('done');
        transcribe.start();
      },
      () => undefined,
    );
    const decoding = this.media
      .stream(file, {
        signal: decodeController.signal,
        onProgress: ({ processedS, durationS: announced }) => {
          durationS = announced;
          decode.fraction = fractionOf(processedS, announced);
        },
        onChunk: (samples, startSample) => sink.push(samples, startSample),
      })
      .then((info) => {
        durationS = info.decodedS;
        if (mine()) {
          decode.finish('done');
          this.decoded = info;
        }
      })
      // The transcription learns where the audio ends, also when decoding failed (it then stops).
      .finally(() => sink.end());

    try {
      // Whichever fails first is what the user hears about.
      const [, , stats] = await Promise.all([loading, decoding, sink.done]);
      if (!mine()) return;
      this.stats = stats;
      transcribe.finish('done');
      this.end('done');
    } catch (error) {
      if (!mine()) return; // superseded by a newer start or a cancel
      decodeController.abort();
      this.error = toAppError(error);
      this.end(this.error ? 'failed' : 'cancelled');
    }
  }

  cancel(): void {
    if (!this.controller) return;
    const controller = this.controller;
    this.controller = null;
    controller.abort();
    if (this.phase === 'running') this.end('cancelled');
  }

  private reset(fileName: string): void {
    this.runs += 1;
    this.phase = 'running';
    for (const stage of Object.values(this.stages)) {
      stage.status = 'pending';
      stage.fraction = null;
      stage.startedAt = stage.endedAt = null;
    }
    this.segments = [];
    this.error = null;
    this.decoded = null;
    this.model = null;
    this.detectedLanguage = null;
    this.languageProbability = null;
    this.fellBack = false;
    this.partial = null;
    this.stats = null;
    this.processedS = 0;
    this.fileName = fileName;
    this.startedAt = performance.now();
    this.endedAt = null;
  }

  private end(phase: Exclude<Phase, 'idle' | 'running'>): void {
    this.partial = null;
    for (const stage of Object.values(this.stages)) stage.finish('failed');
    this.phase = phase;
    this.endedAt = performance.now();
    this.controller = null;
  }
}

/** Failures the user can act on; null for a cancel. Anything unexpected is reported as a crash. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof MediaDecodeError) return { source: 'media', error: error.error };
  if (error instanceof ModelsFailure) return { source: 'models', error: error.error };
  if (error instanceof TranscribeFailedError) return { source: 'transcribe', error: error.error };
  if (error instanceof DOMException && error.name === 'AbortError') return null;
  return { source: 'transcribe', error: { code: 'worker-crashed', detail: String(error) } };
}
