import { MediaClient } from '../features/media/client';
import { MediaError, type DecodedInfo } from '../features/media/protocol';
import { TranscribeClient, TranscribeError } from '../features/transcribe/client';
import type { EngineRequest, ModelInfo, ModelRequest, TestKnobs, TranscribeOptions, TranscribeStats } from '../features/transcribe/protocol';
import { ModelsError } from '../features/models/errors';
import { TranscriptDocument, type Segment } from '../features/transcript';
import type { AppError } from './errors';
import { PipelineError, runPipeline, type StageName } from './pipeline';

export type { StageName };
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

export type Phase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRequest {
  file: File;
  hubUrl: string;
  /** Makes sure the model is stored (downloading it if need be) and says which commit to load. */
  prepareModel: (signal: AbortSignal, onProgress: (loaded: number, total: number) => void) => Promise<ModelRequest>;
  options: TranscribeOptions;
  engine: EngineRequest;
  /** Continue a saved transcript that a reload, crash or cancel cut off, from where it stopped. */
  resume?: { saved: SavedTranscript; processedS: number };
}

/** A transcript from the history, as the job puts it on screen. */
export interface SavedTranscript {
  id: string;
  fileName: string;
  segments: readonly Segment[];
  revision: string | null;
  language: string | null;
  task: string;
  createdAt: number;
}

/** The text of the window being recognised, before its segments are final. */
export interface PartialText {
  text: string;
  startS: number;
}

/**
 * One file's run through the pipeline (app/pipeline.ts), and everything the UI shows about it.
 * The workers stay between runs, so the model loads once for many files.
 */
export class TranscriptionJob {
  phase = $state<Phase>('idle');
  /** Counts started runs, so observers (and tests) can tell one run's end from the next one's. */
  runs = $state(0);
  readonly stages: Record<StageName, Stage> = { check: new Stage(), decode: new Stage(), load: new Stage(), transcribe: new Stage() };
  /**
   * The transcript on screen, with the user's edits. A new run replaces it with its first segment,
   * not before: a run that fails or is cancelled before it recognises anything leaves the previous
   * transcript (and its edits) in place. Streamed segments are appended; edits are never touched.
   */
  readonly document = new TranscriptDocument();
  /** The file the transcript on screen belongs to (for its heading, the player and naming exports). */
  transcriptFile = $state('');
  transcriptMedia = $state.raw<File | null>(null);
  /** The model commit and the language the transcript on screen was made with (for exports and the subtitle track). */
  transcriptRevision = $state<string | null>(null);
  transcriptLanguage = $state<string | null>(null);
  /** The history record the transcript on screen is saved as, and when that record began. */
  transcriptId = $state<string | null>(null);
  transcriptCreatedAt = $state(0);
  transcriptTask = $state('transcribe');
  /** True while the transcript on screen is the last run's (not one opened from the history). */
  transcriptFromRun = $state(false);
  /** The media's duration: announced by the container at first, decoded at the end. */
  mediaDurationS = $state<number | null>(null);
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

  /** Test builds only (src/test-entry/knobs.ts): fault switches for every run; undefined for users. */
  private readonly test: TestKnobs | undefined;
  private readonly media = new MediaClient();
  private readonly transcriber = new TranscribeClient();
  private controller: AbortController | null = null;

  constructor(test?: TestKnobs) {
    this.test = test;
  }

  async start({ file, hubUrl, prepareModel, options: chosen, engine, resume }: JobRequest): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    this.reset();
    let options = chosen;
    if (resume) {
      // The saved transcript is this run's from the start: new windows are appended to it.
      this.adopt(resume.saved, file);
      this.processedS = resume.processedS;
      const previous = resume.saved.segments.at(-1) ?? null;
      options = {
        language: resume.saved.language ?? chosen.language,
        task: resume.saved.task === 'translate' ? 'translate' : 'transcribe',
        resume: { startS: resume.processedS, previous },
      };
    }
    // Reports of a run that a newer start or a cancel superseded change nothing.
    const mine = () => this.controller === controller;
    const { stages } = this;
    let revision: string | null = null;
    try {
      const result = await runPipeline(
        { media: this.media, transcriber: this.transcriber },
        {
          file,
          hubUrl,
          prepareModel: async (signal, onProgress) => {
            const model = await prepareModel(signal, onProgress);
            revision = model.revision;
            return model;
          },
          options,
          engine,
          signal: controller.signal,
          test: this.test,
        },
        {
          stageStarted: (stage) => mine() && stages[stage].start(),
          stageProgress: (stage, fraction) => {
            if (mine()) stages[stage].fraction = fraction;
          },
          stageDone: (stage) => mine() && stages[stage].finish(),
          probed: (info) => {
            if (mine()) this.mediaDurationS = info.durationS;
          },
          decoded: (info) => {
            if (!mine()) return;
            this.decoded = info;
            this.mediaDurationS = info.decodedS;
          },
          modelReady: (info) => {
            if (mine()) this.model = info;
          },
          language: (language, probability) => {
            if (!mine()) return;
            this.detectedLanguage = language;
            this.languageProbability = probability;
          },
          fallback: (info) => {
            if (!mine()) return;
            this.model = info;
            this.fellBack = true;
          },
          partial: (text, startS) => {
            if (mine()) this.partial = { text, startS };
          },
          segments: (segments, processedS) => {
            if (!mine()) return;
            if (!this.transcriptIsCurrent && segments.length > 0) this.takeOverTranscript(file, revision, options);
            // processedS first: the autosave captures the state when the document changes.
            this.processedS = processedS;
            this.partial = null;
            this.document.append(segments);
          },
        },
      );
      if (!mine()) return;
      this.stats = result.stats;
      // Done and nothing said: this file's (empty) transcript replaces the previous one.
      if (!this.transcriptIsCurrent) this.takeOverTranscript(file, revision, options);
      this.end('done');
    } catch (error) {
      if (mine()) this.fail(error); // else superseded by a newer start or a cancel
    }
  }

  /** This run's transcript replaces the one on screen. */
  private takeOverTranscript(file: File, revision: string | null, options: TranscribeOptions): void {
    this.transcriptIsCurrent = true;
    this.transcriptFile = file.name;
    this.transcriptMedia = file;
    this.transcriptRevision = revision;
    // The language probe reports before the first segment, so a detected language is known here.
    this.transcriptLanguage = options.language ?? this.detectedLanguage;
    this.transcriptId = crypto.randomUUID();
    this.transcriptCreatedAt = Date.now();
    this.transcriptTask = options.task;
    this.transcriptFromRun = true;
    // Last: the document's subscribers (autosave) then see the new transcript's identity.
    this.document.reset();
  }

  /** A saved transcript takes the screen (no run is on): the workspace edits it, and its record keeps the edits. */
  showSaved(saved: SavedTranscript): void {
    if (this.phase === 'running') return;
    this.adopt(saved, null);
  }

  /** The saved transcript becomes the one on screen (and, with its media, the running one's). */
  private adopt(saved: SavedTranscript, media: File | null): void {
    this.transcriptFile = saved.fileName;
    this.transcriptMedia = media;
    this.transcriptRevision = saved.revision;
    this.transcriptLanguage = saved.language;
    this.transcriptId = saved.id;
    this.transcriptCreatedAt = saved.createdAt;
    this.transcriptTask = saved.task;
    this.transcriptFromRun = media !== null;
    this.transcriptIsCurrent = true;
    this.document.reset(saved.segments);
  }

  private fail(error: unknown): void {
    const stage = error instanceof PipelineError ? error.stage : null;
    this.error = toAppError(error instanceof PipelineError ? error.cause : error);
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
    this.mediaDurationS = null;
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
  if (error instanceof MediaError) return { source: 'media', error: error.info };
  if (error instanceof ModelsError) return { source: 'models', error: error.info };
  if (error instanceof TranscribeError) return { source: 'transcribe', error: error.info };
  if (error instanceof DOMException && error.name === 'AbortError') return null;
  return { source: 'transcribe', error: { code: 'worker-crashed', detail: String(error) } };
}
