/**
 * The test entry: `window.__vtt_test`, what e2e specs and the benchmark drive. Only a test build
 * (`vite build --mode test`) contains it — src/main.ts loads it only when `import.meta.env.MODE` is 'test' — so the bundle
 * users get has none of it (tools/space/space.test.mjs checks). See e2e/README.md.
 */
import { MediaClient } from '../features/media/client';
import { MediaError, type DecodedInfo, type MediaErrorInfo } from '../features/media/protocol';
import { TranscribeClient, TranscribeError } from '../features/transcribe/client';
import { ModelLibrary } from '../features/models/library.svelte';
import type { Dtype } from '../features/models/types';
import { chooseDevice, gpuSupport, type DevicePreference } from '../features/transcribe/engine';
import type { ModelInfo, Task, TranscribeErrorInfo, TranscribeStats } from '../features/transcribe/protocol';
import type { Segment } from '../features/transcript';
import { errorMessage } from '../app/errors';
import type { Phase, TranscriptionJob } from '../app/job.svelte';
import { PipelineError, runPipeline } from '../app/pipeline';
import { i18n } from '../lib/i18n/i18n.svelte';

export type TestDecodeResult =
  | { ok: true; info: DecodedInfo; pcmBase64: string }
  | { ok: false; error: MediaErrorInfo; message: string };

/** What `__vtt_test.transcribe` takes; everything but `hubUrl` and `model` has a default. */
export interface TestTranscribeRequest {
  hubUrl: string;
  /** Hub repo id, e.g. "testmodels/whisper-base-random". */
  model: string;
  device?: DevicePreference;
  /** One dtype for both sessions ("fp32", "q8", …); default: the app's per-device choice. */
  dtype?: string | null;
  /** WASM threads (a fresh worker is used so it takes effect); default: all cores when isolated. */
  threads?: number | null;
  /** Tokens decoded per window, exactly (min = max new tokens), so runs compare; default: free decoding. */
  forcedTokens?: number | null;
  /** Language code or null to detect; default null. */
  language?: string | null;
  task?: Task;
  failWebGpuAfterWindows?: number | null;
}

export type TestTranscribeResult =
  | {
      ok: true;
      segments: Segment[];
      /** How the model ran after the job (after a fallback: WASM) and its load time. */
      info: ModelInfo;
      /** The engine it started on, before any fallback. */
      startedOn: ModelInfo['device'];
      language: { language: string; probability: number } | null;
      decoded: DecodedInfo;
      stats: TranscribeStats;
      /** ms from the call to: model ready, audio fully decoded, the first segment, the end. */
      timings: { modelReadyMs: number; decodedMs: number; firstSegmentMs: number | null; totalMs: number };
    }
  | { ok: false; error: TranscribeErrorInfo | MediaErrorInfo };

/** The app's job as the UI runs it: which run it is and the engine's counts, for specs and the benchmark. */
export interface TestJobState {
  /** Counts started runs, so a caller can tell one run's end from the next one's. */
  runs: number;
  phase: Phase;
  /** Of the last finished run (null before one finished). */
  windows: number | null;
  encoderRuns: number | null;
  decoderRuns: number | null;
}

declare global {
  interface Window {
    __vtt_test?: {
      decode(file: File): Promise<TestDecodeResult>;
      transcribe(file: File, request: TestTranscribeRequest): Promise<TestTranscribeResult>;
      job(): TestJobState;
    };
  }
}

/** Little-endian float32 bytes as base64, so the test can compare them with native ffmpeg's output. */
function toBase64(pcm: Float32Array): string {
  const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

/**
 * `window.__vtt_test`: the app's own workers without the UI around them.
 * - `decode(file)`: the media worker's whole output.
 * - `transcribe(file, request)`: the app's pipeline (app/pipeline.ts, the one the UI's job runs),
 *   with the engine's knobs exposed and its timings returned, for tests and the benchmark.
 * - `job()`: the UI's job: its run counter and the engine's counts of its last run.
 * Tests put files into the hook's own file input (data-testid="test-file-input") with
 * Playwright's setInputFiles and pass `input.files[0]`.
 */
export function installTestHook(job: TranscriptionJob): void {
  const media = new MediaClient();
  // Kept between calls with the app's thread choice, so a model loads once for many short files.
  const shared = new TranscribeClient();
  // Models reach the worker only through the store, as in the app: the hook downloads them first.
  let hubUrl = '';
  const library = new ModelLibrary(() => ({ hubUrl, link: null }));
  const input = document.createElement('input');
  input.type = 'file';
  input.hidden = true;
  input.dataset.testid = 'test-file-input';
  document.body.append(input);
  window.__vtt_test = {
    async decode(file) {
      try {
        const { pcm, info } = await media.decode(file);
        return { ok: true, info, pcmBase64: toBase64(pcm) };
      } catch (error) {
        if (!(error instanceof MediaError)) throw error;
        const message = errorMessage({ source: 'media', error: error.info }, { modelName: '', languageName: i18n.languageName });
        return { ok: false, error: error.info, message: i18n.t(message.key, message.params) };
      }
    },

    async transcribe(file, request) {
      const started = performance.now();
      const since = () => performance.now() - started;
      const client = request.threads == null ? shared : new TranscribeClient();
      const segments: Segment[] = [];
      let language: { language: string; probability: number } | null = null;
      const at = { modelReadyMs: 0, decodedMs: 0, firstSegmentMs: null as number | null };
      try {
        hubUrl = request.hubUrl;
        const gpu = await gpuSupport();
        library.device = chooseDevice(request.device ?? 'auto', gpu).device;
        library.shaderF16 = gpu.shaderF16;
        const result = await runPipeline(
          { media, transcriber: client },
          {
            file,
            hubUrl: request.hubUrl,
            prepareModel: async () => {
              // A precision asked for by name adds its files to a stored model; otherwise what is stored serves.
              const record = request.dtype
                ? await library.start(await library.plan(request.model, 'main', request.dtype as Dtype))
                : await library.ensure(request.model, 'main');
              return { repo: record.repo, revision: record.commit };
            },
            options: { language: request.language ?? null, task: request.task ?? 'transcribe' },
            test: { forcedTokens: request.forcedTokens ?? null, failWebGpuAfterWindows: request.failWebGpuAfterWindows ?? null },
            engine: { device: request.device ?? 'auto', dtype: request.dtype ?? null, threads: request.threads ?? null },
            signal: new AbortController().signal,
          },
          {
            modelReady: () => (at.modelReadyMs = since()),
            decoded: () => (at.decodedMs = since()),
            language: (code, probability) => (language = { language: code, probability }),
            segments: (found) => {
              if (found.length > 0) at.firstSegmentMs ??= since();
              segments.push(...found);
            },
          },
        );
        return {
          ok: true,
          segments,
          info: result.model,
          startedOn: result.startedOn.device,
          language,
          decoded: result.decoded,
          stats: result.stats,
          timings: { ...at, totalMs: since() },
        };
      } catch (error) {
        const cause = error instanceof PipelineError ? error.cause : error;
        if (cause instanceof TranscribeError) return { ok: false, error: cause.info };
        if (cause instanceof MediaError) return { ok: false, error: cause.info };
        throw cause;
      } finally {
        if (client !== shared) client.dispose();
      }
    },

    job: () => ({
      runs: job.runs,
      phase: job.phase,
      windows: job.stats?.windows ?? null,
      encoderRuns: job.stats?.encoderMs.length ?? null,
      decoderRuns: job.stats?.decoderMs.length ?? null,
    }),
  };
  document.documentElement.dataset.testHook = 'ready';
}
