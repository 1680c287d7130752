import { MediaClient, MediaDecodeError } from '../features/media/client';
import { TARGET_SAMPLE_RATE, type DecodedInfo, type MediaError } from '../features/media/shared';
import { TranscribeClient, TranscribeError } from '../features/transcribe/client';
import { ModelLibrary } from '../features/models/library.svelte';
import type { Dtype } from '../features/models/select-files';
import { chooseDevice, gpuSupport, type DevicePreference } from '../features/transcribe/engine';
import type { ModelInfo, Task, TranscribeErrorInfo, TranscribeStats } from '../features/transcribe/protocol';
import type { Segment } from '../features/transcript/segment';
import { errorMessage } from './errors';
import { i18n } from '../lib/i18n/i18n.svelte';
import { TEST_BUILD } from '../lib/build-mode';

export type TestDecodeResult =
  | { ok: true; info: DecodedInfo; pcmBase64: string }
  | { ok: false; error: MediaError; message: string };

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
  | { ok: false; error: TranscribeErrorInfo | MediaError };

declare global {
  interface Window {
    __vtt_test?: {
      decode(file: File): Promise<TestDecodeResult>;
      transcribe(file: File, request: TestTranscribeRequest): Promise<TestTranscribeResult>;
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
 * `window.__vtt_test`: the app's own workers without the UI around them (see e2e/README.md).
 * - `decode(file)`: the media worker's whole output.
 * - `transcribe(file, request)`: the same pipelined decode → transcribe path as the UI, with the
 *   engine's knobs exposed and its timings returned, for tests and the benchmark.
 * Tests put files into the hook's own file input (data-testid="test-file-input") with
 * Playwright's setInputFiles and pass `input.files[0]`.
 */
export function installTestHook(): void {
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
        if (!(error instanceof MediaDecodeError)) throw error;
        const message = errorMessage({ source: 'media', error: error.error }, { modelName: '', languageName: i18n.languageName });
        return { ok: false, error: error.error, message: i18n.t(message.key, message.params) };
      }
    },

    async transcribe(file, request) {
      const started = performance.now();
      const client = request.threads == null ? shared : new TranscribeClient();
      const segments: Segment[] = [];
      let language: { language: string; probability: number } | null = null;
      let firstSegmentMs: number | null = null;
      try {
        hubUrl = request.hubUrl;
        const gpu = await gpuSupport();
        library.device = chooseDevice(request.device ?? 'auto', gpu).device;
        library.shaderF16 = gpu.shaderF16;
        // A precision asked for by name adds its files to a stored model; otherwise what is stored serves.
        const record = request.dtype
          ? await library.start(await library.plan(request.model, 'main', request.dtype as Dtype))
          : await library.ensure(request.model, 'main');
        let info: ModelInfo | null = null;
        const sink = client.start(
          request.hubUrl,
          TARGET_SAMPLE_RATE,
          { language: request.language ?? null, task: request.task ?? 'transcribe' },
          {
            test: TEST_BUILD ? { forcedTokens: request.forcedTokens, failWebGpuAfterWindows: request.failWebGpuAfterWindows } : undefined,
            onLanguage: (code, probability) => (language = { language: code, probability }),
            onFallback: (fallback) => (info = fallback),
            onSegments: (found) => {
              if (found.length > 0) firstSegmentMs ??= performance.now() - started;
              segments.push(...found);
            },
          },
        );
        const loading = client.loadModel(
          request.hubUrl,
          { repo: record.repo, revision: record.commit },
          { device: request.device ?? 'auto', dtype: request.dtype ?? null, threads: request.threads ?? null },
        );
        const ready = loading.then((loaded) => {
          info = loaded;
          return performance.now() - started;
        });
        const decoding = media
          .stream(file, { onChunk: (samples, at) => sink.push(samples, at) })
          .then((decoded) => ({ decoded, decodedMs: performance.now() - started }))
          .finally(() => sink.end());
        const [modelReadyMs, { decoded, decodedMs }, stats] = await Promise.all([ready, decoding, sink.done]);
        const startedOn = (await loading).device;
        return {
          ok: true,
          segments,
          info: info!,
          startedOn,
          language,
          decoded,
          stats,
          timings: { modelReadyMs, decodedMs, firstSegmentMs, totalMs: performance.now() - started },
        };
      } catch (error) {
        if (error instanceof TranscribeError) return { ok: false, error: error.info };
        if (error instanceof MediaDecodeError) return { ok: false, error: error.error };
        throw error;
      } finally {
        if (client !== shared) client.dispose();
      }
    },
  };
  document.documentElement.dataset.testHook = 'ready';
}
