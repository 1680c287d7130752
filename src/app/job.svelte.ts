import { MediaClient, MediaDecodeError } from '../features/media/client';
import { TARGET_SAMPLE_RATE, type DecodedInfo } from '../features/media/shared';
import { TranscribeClient, TranscribeError } from '../features/transcribe/client';
import type { EngineRequest, ModelInfo, ModelRequest, TestKnobs, TranscribeOptions, TranscribeStats } from '../features/transcribe/protocol';
import { ModelsFailure } from '../features/models/errors';
import type { Segment } from '../features/transcript/segment';
import type { AppError } from './errors';
import { fractionOf } from '../lib/progress';

export type StageName = 'check' | 'decode' | 'load' | 'transcribe';
/**
 * `failed`: this step's error stopped the run; `stopped`: it was running when another step failed
 * or the user cancelled; `skipped`: the run ended before it started.
 */
export type StageStatus = 'pending' | 'running' | 'done' | 'failed' | 'stopped' | 'skipped';

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

  finish(): void {
    if (this.status !== 'running') return;
    this.status = 'done';
    this.fraction = 1;
    this.endedAt = performance.now();
  }

  /** The run ended: `failed` if this step caused it, else stopped (running) or skipped (never started). */
  end(cause: boolean): void {
    if (this.status === 'running') {
      this.status = cause ? 'failed' : 'stopped';
      this.endedAt = performance.now();
    } else if (this.status === 'pending') {
      this.status = cause ? 'failed' : 'skipped';
    }
  }

  reset(): void {
    this.status = 'pending';
    this.fraction = null;
    this.startedAt = this.endedAt = null;
  }
}

/** A failure tagged with the step it happened in. */
class StageFailure extends Error {
  constructor(
    readonly stage: StageName,
    override readonly cause: unknown,
  ) {
    super(`${stage} failed`);
  }
}

/** The promise's rejection, tagged with its step: Promise.all then tells which step failed first. */
function inStage<T>(stage: StageName, promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw new StageFailure(stage, error);
  });
}

export type Phase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRequest {
  file: File;
  hubUrl: string;
  /** Makes sure the model is stored (downloading it if need be) and says which commit to load. */
  prepareModel: (signal: AbortSignal, onProgress: (loaded: number, total: number) => void) => Promise<ModelRequest>;
  options: TranscribeOptions;
  engine: EngineRequest;
  test?: TestKnobs;
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
  readonly stages: Record<StageName, Stage> = { check: new Stage(), decode: new Stage(), load: new Stage(), transcribe: new Stage() };
  /**
   * The transcript on screen. A new run replaces it with its first segment, not before: a run that
   * fails or is cancelled before it recognises anything leaves the previous transcript in place.
   */
  segments = $state<Segment[]>([]);
  /** The file the transcript on screen belongs to (for its heading and for naming exports). */
  transcriptFile = $state('');
  /** False while a run has not yet replaced the transcript on screen with its own. */
  transcriptIsCurrent = $state(true);
  error = $state.raw<AppError | null>(null);
  /** The step whose failure ended the last run. */
  failedStage = $state<StageName | null>(null);
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
  startedAt = $state<number | null>(null);
  endedAt = $state<number | null>(null);

  private readonly media = new MediaClient();
  private readonly transcriber = new TranscribeClient();
  private controller: AbortController | null = null;

  async start({ file, hubUrl, prepareModel, options, engine, test }: JobRequest): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    this.reset();
    const mine = () => this.controller === controller;

    const { check, decode, load, transcribe } = this.stages;
    // The header first: a file that cannot be transcribed is refused before the model is touched.
    check.start();
    try {
      await inStage('check', this.media.probe(file, { signal }));
      if (!mine()) return;
      check.finish();
    } catch (error) {
      if (mine()) this.fail(error);
      return;
    }

    decode.start();
    load.start();
    let downloaded = false;
    const loading = inStage('load', prepareModel(signal, (loaded, total) => {
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
    ));
    let durationS: number | null = null;
    // Decoding stops on any failure; the model stays loaded in its worker for the next attempt.
    const decodeController = new AbortController();
    signal.addEventListener('abort', () => decodeController.abort(), { once: true });
    // Transcription opens at once and takes the audio as ffmpeg produces it: the worker starts on
    // the first window as soon as the model is ready, while the rest of the file is still decoding.
    const sink = this.transcriber.start(hubUrl, TARGET_SAMPLE_RATE, options, {
      signal,
      test,
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
        if (!this.transcriptIsCurrent && segments.length > 0) {
          this.transcriptIsCurrent = true;
          this.segments = [];
          this.transcriptFile = file.name;
        }
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
        load.finish();
        transcribe.start();
      },
      () => undefined,
    );
    const decoding = inStage('decode', this.media
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
          decode.finish();
          this.decoded = info;
        }
      })
      // The transcription learns where the audio ends, also when decoding failed (it then stops).
      .finally(() => sink.end()));

    try {
      // Whichever fails first is what the user hears about, on the step it happened in.
      const [, , stats] = await Promise.all([loading, decoding, inStage('transcribe', sink.done)]);
      if (!mine()) return;
      this.stats = stats;
      transcribe.finish();
      if (!this.transcriptIsCurrent) {
        // Done and nothing said: this file's (empty) transcript replaces the previous one.
        this.transcriptIsCurrent = true;
        this.segments = [];
        this.transcriptFile = file.name;
      }
      this.end('done');
    } catch (error) {
      if (!mine()) return; // superseded by a newer start or a cancel
      decodeController.abort();
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const stage = error instanceof StageFailure ? error.stage : null;
    this.error = toAppError(error instanceof StageFailure ? error.cause : error);
    if (!this.error) return this.end('cancelled');
    // A model that cannot be used is the loading step's failure even when the worker reports it.
    this.failedStage = stage === 'transcribe' && this.stages.load.status !== 'done' ? 'load' : (stage ?? 'transcribe');
    this.end('failed');
  }

  cancel(): void {
    if (!this.controller) return;
    const controller = this.controller;
    this.controller = null;
    controller.abort();
    if (this.phase === 'running') this.end('cancelled');
  }

  private reset(): void {
    this.runs += 1;
    this.phase = 'running';
    for (const stage of Object.values(this.stages)) stage.reset();
    this.error = null;
    this.failedStage = null;
    this.transcriptIsCurrent = false;
    this.decoded = null;
    this.model = null;
    this.detectedLanguage = null;
    this.languageProbability = null;
    this.fellBack = false;
    this.partial = null;
    this.stats = null;
    this.processedS = 0;
    this.startedAt = performance.now();
    this.endedAt = null;
  }

  private end(phase: Exclude<Phase, 'idle' | 'running'>): void {
    this.partial = null;
    for (const [name, stage] of Object.entries(this.stages)) stage.end(name === this.failedStage);
    this.phase = phase;
    this.endedAt = performance.now();
    this.controller = null;
  }
}

/** Failures the user can act on; null for a cancel. Anything unexpected is reported as a crash. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof MediaDecodeError) return { source: 'media', error: error.error };
  if (error instanceof ModelsFailure) return { source: 'models', error: error.error };
  if (error instanceof TranscribeError) return { source: 'transcribe', error: error.info };
  if (error instanceof DOMException && error.name === 'AbortError') return null;
  return { source: 'transcribe', error: { code: 'worker-crashed', detail: String(error) } };
}
