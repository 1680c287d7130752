/**
 * One file's way through the workers, the one copy of it: the header is probed first, then
 * decoding (media worker) and the model load (transcribe worker) run side by side, and the
 * transcription takes the audio as ffmpeg produces it. The job (what the UI shows) and the test
 * entry (what e2e and the benchmark time) both run exactly this.
 */
import type { MediaClient } from '../features/media/client';
import { TARGET_SAMPLE_RATE, type DecodedInfo, type ProbedInfo } from '../features/media/protocol';
import type { TranscribeClient } from '../features/transcribe/client';
import type {
  EngineRequest,
  ModelInfo,
  ModelRequest,
  TestKnobs,
  TranscribeOptions,
  TranscribeStats,
} from '../features/transcribe/protocol';
import type { Segment } from '../features/transcript';
import { fractionOf } from '../lib/progress';

export type StageName = 'check' | 'decode' | 'load' | 'transcribe';

/** A failure tagged with the step it happened in (the cause is the feature's own error). */
export class PipelineError extends Error {
  constructor(
    readonly stage: StageName,
    override readonly cause: unknown,
  ) {
    super(`${stage} failed`);
    this.name = 'PipelineError';
  }
}

/** The promise's rejection, tagged with its step: Promise.all then tells which step failed first. */
function inStage<T>(stage: StageName, promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw new PipelineError(stage, error);
  });
}

export interface PipelineRequest {
  file: File;
  hubUrl: string;
  /** Makes sure the model is stored (downloading it if need be) and says which commit to load. */
  prepareModel: (signal: AbortSignal, onProgress: (loaded: number, total: number) => void) => Promise<ModelRequest>;
  options: TranscribeOptions;
  engine: EngineRequest;
  signal: AbortSignal;
  /** Tests and benchmarks only; a production build ignores them (src/lib/build-mode.ts). */
  test?: TestKnobs;
}

/** What happens on the way, as it happens. Every callback is optional. */
export interface PipelineObserver {
  stageStarted?(stage: StageName): void;
  /** The stage's share done, 0…1, or null when it cannot be known (no duration announced). */
  stageProgress?(stage: StageName, fraction: number | null): void;
  stageDone?(stage: StageName): void;
  probed?(info: ProbedInfo): void;
  decoded?(info: DecodedInfo): void;
  modelReady?(info: ModelInfo): void;
  language?(language: string, probability: number): void;
  /** WebGPU failed mid-file and the rest runs on WASM; `info` says how it runs now and why. */
  fallback?(info: ModelInfo): void;
  partial?(text: string, startS: number): void;
  segments?(segments: Segment[], processedS: number, receivedS: number): void;
}

export interface PipelineResult {
  decoded: DecodedInfo;
  /** How the model ran at the end (after a fallback: on WASM). */
  model: ModelInfo;
  /** How it started, before any fallback. */
  startedOn: ModelInfo;
  stats: TranscribeStats;
}

/** Of the load stage's bar, the share a download takes when there is one; reading from the store is the rest. */
const DOWNLOAD_SHARE = 0.9;

export interface PipelineWorkers {
  media: MediaClient;
  transcriber: TranscribeClient;
}

/**
 * Runs the file through. Rejects with a PipelineError naming the step that failed first (its
 * cause an AbortError when `signal` aborted). The model stays loaded in its worker afterwards.
 */
export async function runPipeline(
  { media, transcriber }: PipelineWorkers,
  { file, hubUrl, prepareModel, options, engine, signal, test }: PipelineRequest,
  observer: PipelineObserver = {},
): Promise<PipelineResult> {
  // The header first: a file that cannot be transcribed is refused before the model is touched.
  observer.stageStarted?.('check');
  // Awaited on its own line: `observer.probed?.(await …)` would skip the probe when nobody listens.
  const probed = await inStage('check', media.probe(file, { signal }));
  observer.probed?.(probed);
  observer.stageDone?.('check');

  observer.stageStarted?.('decode');
  observer.stageStarted?.('load');
  let downloaded = false;
  const loading = inStage(
    'load',
    prepareModel(signal, (loaded, total) => {
      downloaded = true;
      observer.stageProgress?.('load', (fractionOf(loaded, total) ?? 0) * DOWNLOAD_SHARE);
    }).then((model) =>
      transcriber.loadModel(hubUrl, model, engine, {
        signal,
        onProgress: (loaded, total) => {
          const fraction = fractionOf(loaded, total) ?? 0;
          observer.stageProgress?.('load', downloaded ? DOWNLOAD_SHARE + fraction * (1 - DOWNLOAD_SHARE) : fraction);
        },
      }),
    ),
  );
  let model: ModelInfo | null = null;
  let durationS: number | null = null;
  // Decoding stops on any failure (and on cancel).
  const decodeController = new AbortController();
  const stopDecoding = () => decodeController.abort();
  signal.addEventListener('abort', stopDecoding, { once: true });
  // Transcription opens at once and takes the audio as ffmpeg produces it: the worker starts on
  // the first window as soon as the model is ready, while the rest of the file is still decoding.
  const sink = transcriber.start(hubUrl, TARGET_SAMPLE_RATE, options, {
    signal,
    test,
    onLanguage: (language, probability) => observer.language?.(language, probability),
    onFallback: (info) => {
      model = info;
      observer.fallback?.(info);
    },
    onPartial: (text, startS) => observer.partial?.(text, startS),
    onSegments: (segments, processedS, receivedS) => {
      observer.segments?.(segments, processedS, receivedS);
      observer.stageProgress?.('transcribe', fractionOf(processedS, durationS ?? receivedS));
    },
  });
  const ready = loading.then((info) => {
    model ??= info;
    observer.modelReady?.(info);
    observer.stageDone?.('load');
    observer.stageStarted?.('transcribe');
    return info;
  });
  const decoding = inStage(
    'decode',
    media.stream(file, {
      signal: decodeController.signal,
      onProgress: ({ processedS, durationS: announced }) => {
        durationS = announced;
        observer.stageProgress?.('decode', fractionOf(processedS, announced));
      },
      onChunk: (samples, startSample) => sink.push(samples, startSample),
    }),
  )
    .then((info) => {
      durationS = info.decodedS;
      observer.decoded?.(info);
      observer.stageDone?.('decode');
      return info;
    })
    // The transcription learns where the audio ends, also when decoding failed (it then stops).
    .finally(() => sink.end());

  try {
    // Whichever fails first is what the user hears about, on the step it happened in.
    const [startedOn, decoded, stats] = await Promise.all([ready, decoding, inStage('transcribe', sink.done)]);
    observer.stageDone?.('transcribe');
    return { decoded, model: model ?? startedOn, startedOn, stats };
  } catch (error) {
    decodeController.abort();
    throw error;
  } finally {
    signal.removeEventListener('abort', stopDecoding);
  }
}
