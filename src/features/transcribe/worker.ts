/// <reference lib="webworker" />
/**
 * Transcribe worker: loads a Whisper model with transformers.js (onnxruntime-web, WASM backend)
 * and turns 16 kHz PCM into timestamped segments, posting them window by window.
 */
import {
  env,
  LogitsProcessorList,
  ModelFileNotFoundError,
  ModelRegistry,
  pipeline,
  type AutomaticSpeechRecognitionPipeline,
  type Tensor,
} from '@huggingface/transformers';
// onnxruntime-web's runtime, self-hosted: bundled from node_modules, never fetched from a CDN.
// transformers.js uses ORT's WebGPU bundle, whose WASM side is the asyncify build.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { HUB_PATH_TEMPLATE } from '../models/hub';
import { planWindow, type WindowChunk } from './longform';
import { languageByToken, OnlyTheseTokens } from './language-probe';
import {
  isTranscribeRequest,
  type ModelInfo,
  type ModelRequest,
  type TranscribeError,
  type TranscribeOptions,
  type TranscribeResponse,
} from './shared';

declare const self: DedicatedWorkerGlobalScope;

env.allowLocalModels = false;
env.remotePathTemplate = HUB_PATH_TEMPLATE;
// Until the models feature stores pinned downloads in IndexedDB, transformers.js's own Cache API
// store ("transformers-cache") keeps a model across reloads and cancels (a cancel terminates this
// worker). The models feature must clear that store when it takes over.
env.useBrowserCache = true;
// ORT's runtime is loaded straight from our own URLs (and later precached by the service worker).
env.useWasmCache = false;
const onnx = env.backends.onnx;
if (onnx.wasm) {
  onnx.wasm.wasmPaths = {
    mjs: new URL(ortMjsUrl, self.location.href).href,
    wasm: new URL(ortWasmUrl, self.location.href).href,
  };
  // Threads need cross-origin isolation (SharedArrayBuffer). ORT's own default is half the cores,
  // which leaves a two-core machine with one thread; use them all, up to ORT's cap of four.
  onnx.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

const PROGRESS_INTERVAL_MS = 100;

class TranscribeFailure extends Error {
  constructor(readonly error: TranscribeError) {
    super(error.code);
  }
}

interface LoadedModel {
  pipe: AutomaticSpeechRecognitionPipeline;
  info: ModelInfo;
}

/**
 * The model this worker holds. One at a time: a different model replaces it. `progressId` is the
 * latest load request for it, which receives the download progress.
 */
interface ModelSlot {
  key: string;
  model: Promise<LoadedModel>;
  progressId: number;
}
let current: ModelSlot | null = null;

function post(message: TranscribeResponse): void {
  self.postMessage(message);
}

function describeLoadFailure(error: unknown, repo: string): TranscribeError {
  if (error instanceof TranscribeFailure) return error.error;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ModelFileNotFoundError) return { code: 'model-not-found', detail };
  if (error instanceof TypeError || /fetch|network|occurred while trying to load file|status/i.test(detail)) {
    return { code: 'model-download', detail };
  }
  if (/memory|allocation/i.test(detail)) return { code: 'out-of-memory', detail };
  return { code: 'model-unsupported', detail: `${repo}: ${detail}` };
}

/** The dtypes of a model; offline (the Hub unreachable), the ones this browser already keeps. */
async function availableDtypes(repo: string, revision: string): Promise<string[]> {
  try {
    return await ModelRegistry.get_available_dtypes(repo, { revision });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Asked again with the Hub unreachable, a file counts as missing unless this browser keeps it.
    const fetchOnline = env.fetch;
    env.fetch = (input, init) => fetchOnline(input, init).catch(() => new Response(null, { status: 404 }));
    try {
      // cache_dir only names the probe for transformers.js's memo (it means nothing in a browser):
      // the failed attempt's other probes are still memoized, pending, and would fail this one too.
      return await ModelRegistry.get_available_dtypes(repo, { revision, cache_dir: 'offline' });
    } finally {
      env.fetch = fetchOnline;
    }
  }
}

async function loadModel(
  hubUrl: string,
  { repo, revision }: ModelRequest,
  onProgress: (loaded: number, total: number) => void,
): Promise<LoadedModel> {
  env.remoteHost = hubUrl;
  // q8 is the WASM backend's best speed/quality trade-off; models without it run in fp32.
  const dtypes = await availableDtypes(repo, revision);
  if (dtypes.length === 0) throw new ModelFileNotFoundError(`${repo}@${revision} has no ONNX weights`);
  const dtype = dtypes.includes('q8') ? 'q8' : 'fp32';

  let lastPost = 0;
  const pipe = await pipeline('automatic-speech-recognition', repo, {
    device: 'wasm',
    dtype,
    revision,
    progress_callback: (event) => {
      if (event.status !== 'progress_total') return;
      const now = performance.now();
      if (now - lastPost < PROGRESS_INTERVAL_MS && event.loaded < event.total) return;
      lastPost = now;
      onProgress(event.loaded, event.total);
    },
  });

  // Whisper's constants come from the model's own config files, never from assumptions:
  // the project's test model has a 10 s window where OpenAI's have 30 s.
  const featureConfig = pipe.processor.feature_extractor?.config as
    | { chunk_length?: number; sampling_rate?: number }
    | undefined;
  const generation = pipe.model.generation_config as
    | { is_multilingual?: boolean; lang_to_id?: Record<string, number> }
    | null;
  const chunkLengthS = featureConfig?.chunk_length;
  const samplingRate = featureConfig?.sampling_rate;
  if (!chunkLengthS || !samplingRate) {
    throw new TranscribeFailure({
      code: 'model-unsupported',
      detail: 'preprocessor_config.json has no chunk_length or sampling_rate',
    });
  }
  const multilingual = generation?.is_multilingual === true;
  return {
    pipe,
    info: {
      repo,
      dtype,
      multilingual,
      chunkLengthS,
      samplingRate,
      languages: multilingual ? [...languageByToken(generation?.lang_to_id ?? {}).values()] : [],
      // Read back after the first session: ORT falls back to one thread where threads cannot work.
      wasmThreads: onnx.wasm?.numThreads ?? 1,
    },
  };
}

function ensureModel(id: number, hubUrl: string, model: ModelRequest): Promise<LoadedModel> {
  const key = `${hubUrl}|${model.repo}|${model.revision}`;
  if (current?.key === key) {
    current.progressId = id;
  } else {
    const previous = current;
    void previous?.model.then(({ pipe }) => pipe.dispose()).catch(() => undefined);
    // Progress goes to whichever request for this model came last (read when progress arrives).
    const slot: ModelSlot = {
      key,
      progressId: id,
      model: loadModel(hubUrl, model, (loaded, total) =>
        post({ type: 'load-progress', id: slot.progressId, loaded, total }),
      ),
    };
    // A failed load must not stick: the next request tries again.
    slot.model.catch(() => {
      if (current === slot) current = null;
    });
    current = slot;
  }
  return current.model;
}

async function detectLanguage(model: LoadedModel, audio: Float32Array): Promise<string> {
  const { pipe } = model;
  const generation = pipe.model.generation_config as unknown as {
    decoder_start_token_id: number;
    lang_to_id: Record<string, number>;
  };
  const byToken = languageByToken(generation.lang_to_id);
  const { input_features } = (await pipe.processor(audio)) as { input_features: Tensor };
  const processors = new LogitsProcessorList();
  processors.push(new OnlyTheseTokens(byToken.keys()));
  const output = (await pipe.model.generate({
    inputs: input_features,
    decoder_input_ids: [generation.decoder_start_token_id],
    max_new_tokens: 1,
    logits_processor: processors,
  } as Parameters<typeof pipe.model.generate>[0])) as Tensor;
  const sequence = output.tolist()[0] as bigint[];
  const token = Number(sequence.at(-1));
  return byToken.get(token) ?? 'en';
}

async function transcribe(id: number, model: LoadedModel, pcm: Float32Array, sampleRate: number, options: TranscribeOptions) {
  const { pipe, info } = model;
  if (sampleRate !== info.samplingRate) {
    throw new TranscribeFailure({
      code: 'model-unsupported',
      detail: `the model expects ${info.samplingRate} Hz audio, got ${sampleRate} Hz`,
    });
  }
  const windowSamples = Math.round(info.chunkLengthS * sampleRate);
  const totalS = pcm.length / sampleRate;

  // English-only models take neither language nor task (transformers.js throws if given them).
  let generateOptions: { language?: string; task?: TranscribeOptions['task'] } = {};
  if (info.multilingual) {
    const language = options.language ?? (await detectLanguage(model, pcm.subarray(0, windowSamples)));
    if (!info.languages.includes(language)) {
      throw new TranscribeFailure({ code: 'language-unsupported', language });
    }
    if (options.language === null) post({ type: 'language', id, language });
    generateOptions = { language, task: options.task };
  }

  let offset = 0;
  while (offset < pcm.length) {
    const slice = pcm.subarray(offset, offset + windowSamples);
    const isLast = offset + windowSamples >= pcm.length;
    const output = (await pipe(slice, { return_timestamps: true, ...generateOptions })) as {
      chunks?: WindowChunk[];
    };
    const plan = planWindow(output.chunks ?? [], {
      offsetS: offset / sampleRate,
      windowS: slice.length / sampleRate,
      isLast,
    });
    offset = Math.round(plan.nextOffsetS * sampleRate);
    post({ type: 'segments', id, segments: plan.segments, processedS: Math.min(totalS, plan.nextOffsetS), totalS });
  }
  post({ type: 'done', id });
}

function describeTranscribeFailure(error: unknown): TranscribeError {
  if (error instanceof TranscribeFailure) return error.error;
  const detail = error instanceof Error ? error.message : String(error);
  if (/memory|allocation/i.test(detail)) return { code: 'out-of-memory', detail };
  return { code: 'transcribe-failed', detail };
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (!isTranscribeRequest(request)) return;
  if (request.type === 'load') {
    ensureModel(request.id, request.hubUrl, request.model).then(
      ({ info }) => post({ type: 'loaded', id: request.id, info }),
      (error: unknown) => post({ type: 'error', id: request.id, error: describeLoadFailure(error, request.model.repo) }),
    );
    return;
  }
  const loaded = current?.model;
  if (!loaded) {
    post({ type: 'error', id: request.id, error: { code: 'transcribe-failed', detail: 'no model loaded' } });
    return;
  }
  loaded
    .then((model) => transcribe(request.id, model, request.pcm, request.sampleRate, request.options))
    .catch((error: unknown) => post({ type: 'error', id: request.id, error: describeTranscribeFailure(error) }));
});
