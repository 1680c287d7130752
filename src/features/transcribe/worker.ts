/// <reference lib="webworker" />
/**
 * Transcribe worker: loads a Whisper model with transformers.js (onnxruntime-web, WebGPU or WASM)
 * and turns the 16 kHz PCM streaming in from the media worker into timestamped segments, posting
 * them window by window while the rest of the file is still being decoded.
 */
import {
  env,
  LogitsProcessor,
  LogitsProcessorList,
  ModelFileNotFoundError,
  ModelRegistry,
  pipeline,
  WhisperTextStreamer,
  type AutomaticSpeechRecognitionPipeline,
  type Tensor,
} from '@huggingface/transformers';
import { HUB_PATH_TEMPLATE, installModelStore } from '../models';
import type { Segment } from '../transcript/segment';
import { MonotonicTimestamps } from './monotonic-timestamps.js';
import { useBundledOrtRuntime } from './ort-runtime';
import { chooseDevice, chooseDtypes, gpuSupport, supportsWordTimestamps, wasmThreads, type Device, type GpuSupport } from './engine';
import { languageByToken, LanguageProbe, type DetectedLanguage } from './language-probe';
import { planWindow, type WindowChunk } from './longform';
import { PcmStore } from './pcm-store';
import { dropRepetitions, NO_REPEAT_NGRAM_SIZE } from './repetition';
import { speechRegions, type SpeechRegion } from './speech-detector';
import {
  isTranscribeRequest,
  type EngineRequest,
  type ModelInfo,
  type ModelRequest,
  type TranscribeError,
  type TranscribeOptions,
  type TranscribeResponse,
  type TranscribeStats,
} from './protocol';
import { groupWords } from './words';

declare const self: DedicatedWorkerGlobalScope;

env.allowLocalModels = false;
env.remotePathTemplate = HUB_PATH_TEMPLATE;
// Model files come only from the models feature's IndexedDB store, where they were downloaded at a
// pinned commit and verified (a request's `revision` is that commit); transformers.js never fetches.
installModelStore(env);
useBundledOrtRuntime(env);
const onnx = env.backends.onnx;

const PROGRESS_INTERVAL_MS = 100;
/** A window whose speech starts later than this is moved to start just before the speech. */
const MIN_SKIP_S = 1;
/** How much silence is kept before the first speech of a window. */
const LEAD_S = 0.5;
/** A silent window advances by its length minus this, so speech right at its edge is not cut. */
const SILENT_OVERLAP_S = 0.5;
/** A segment that overlaps no detected speech by at least this much was invented in silence. */
const MIN_SPEECH_OVERLAP_S = 0.1;

class TranscribeFailure extends Error {
  constructor(readonly error: TranscribeError) {
    super(error.code);
  }
}

/** WebGPU went wrong mid-job (session error, device lost, NaN output): the job moves to WASM. */
class WebGpuFailure extends Error {}

interface LoadedModel {
  pipe: AutomaticSpeechRecognitionPipeline;
  info: ModelInfo;
  /** Set when the GPU device was lost: the next window must not use this pipeline. */
  lost: string | null;
}

interface ModelSlot {
  key: string;
  hubUrl: string;
  request: ModelRequest;
  engine: EngineRequest;
  model: Promise<LoadedModel>;
  progressId: number;
}
let current: ModelSlot | null = null;

/** Session timings of the current job: every encoder and decoder run, in ms. */
const timings = { encoderMs: [] as number[], decoderMs: [] as number[] };

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

/** Threads are fixed when onnxruntime starts (its first session), so the first load decides them. */
let threadsFixed: number | null = null;
function configureThreads(requested: number | null): number {
  if (threadsFixed === null) {
    threadsFixed = wasmThreads(self.crossOriginIsolated, navigator.hardwareConcurrency || 1, requested);
    if (onnx.wasm) onnx.wasm.numThreads = threadsFixed;
  }
  return threadsFixed;
}

/** Read back after the first session: onnxruntime falls back to one thread where threads cannot work. */
function onnxThreads(): number {
  return onnx.wasm?.numThreads ?? threadsFixed ?? 1;
}

/** Records how long each session run takes (encoder: `model`, decoder: `decoder_model_merged`). */
function timeSessions(pipe: AutomaticSpeechRecognitionPipeline): void {
  const sessions = (pipe.model as unknown as { sessions: Record<string, { run: (...args: unknown[]) => Promise<unknown> }> })
    .sessions;
  for (const [name, session] of Object.entries(sessions)) {
    const key = name === 'model' ? 'encoderMs' : 'decoderMs';
    const run = session.run.bind(session);
    session.run = async (...args: unknown[]) => {
      const started = performance.now();
      const result = await run(...args);
      // Looked up on each run: every job starts fresh lists.
      timings[key].push(performance.now() - started);
      return result;
    };
  }
}

async function createPipeline(
  slot: ModelSlot,
  device: Device,
  gpu: GpuSupport,
  onProgress: (loaded: number, total: number) => void,
): Promise<{ pipe: AutomaticSpeechRecognitionPipeline; dtypes: ModelInfo['dtypes'] }> {
  const { repo, revision } = slot.request;
  // Answered by the model store (installModelStore): the dtypes whose files this browser keeps.
  const available = await ModelRegistry.get_available_dtypes(repo, { revision });
  if (available.length === 0) throw new ModelFileNotFoundError(`${repo}@${revision} has no ONNX weights`);
  const dtypes = slot.engine.dtype
    ? { encoder_model: slot.engine.dtype, decoder_model_merged: slot.engine.dtype }
    : chooseDtypes(available, device, gpu.shaderF16);
  let lastPost = 0;
  const pipe = await pipeline('automatic-speech-recognition', repo, {
    device,
    dtype: dtypes as unknown as Record<string, 'fp32'>,
    revision,
    progress_callback: (event) => {
      if (event.status !== 'progress_total') return;
      const now = performance.now();
      if (now - lastPost < PROGRESS_INTERVAL_MS && event.loaded < event.total) return;
      lastPost = now;
      onProgress(event.loaded, event.total);
    },
  });
  timeSessions(pipe);
  return { pipe, dtypes };
}

function describeModel(
  pipe: AutomaticSpeechRecognitionPipeline,
  fields: Pick<ModelInfo, 'repo' | 'device' | 'wasmReason' | 'fallbackDetail' | 'dtypes' | 'wasmThreads' | 'loadMs'>,
): ModelInfo {
  // Whisper's constants come from the model's own config files, never from assumptions:
  // the project's test model has a 10 s window where OpenAI's have 30 s.
  const featureConfig = pipe.processor.feature_extractor?.config as
    | { chunk_length?: number; sampling_rate?: number }
    | undefined;
  const generation = pipe.model.generation_config as
    | { is_multilingual?: boolean; lang_to_id?: Record<string, number>; alignment_heads?: unknown }
    | null;
  const chunkLengthS = featureConfig?.chunk_length;
  const samplingRate = featureConfig?.sampling_rate;
  if (!chunkLengthS || !samplingRate) {
    throw new TranscribeFailure({
      code: 'model-unsupported',
      detail: 'preprocessor_config.json has no chunk_length or sampling_rate',
    });
  }
  const decoder = (pipe.model as unknown as { sessions: Record<string, { outputNames?: string[] }> }).sessions
    .decoder_model_merged;
  const multilingual = generation?.is_multilingual === true;
  return {
    ...fields,
    isolated: self.crossOriginIsolated,
    multilingual,
    chunkLengthS,
    samplingRate,
    languages: multilingual ? [...languageByToken(generation?.lang_to_id ?? {}).values()] : [],
    wordTimestamps: supportsWordTimestamps(generation?.alignment_heads, decoder?.outputNames ?? []),
  };
}

/** Watches the GPU device: once it is lost, the model is marked so the job moves to WASM. */
function watchDevice(model: LoadedModel): void {
  const webgpu = onnx.webgpu as { device?: Promise<{ lost: Promise<{ message: string }> }> } | undefined;
  void Promise.resolve(webgpu?.device)
    .then((device) => device?.lost)
    .then((info) => {
      if (info) model.lost = `GPU device lost: ${info.message}`;
    })
    .catch(() => undefined);
}

async function loadModel(slot: ModelSlot, onProgress: (loaded: number, total: number) => void): Promise<LoadedModel> {
  const started = performance.now();
  env.remoteHost = slot.hubUrl;
  configureThreads(slot.engine.threads);
  const gpu = await gpuSupport();
  const choice = chooseDevice(slot.engine.device, gpu);
  let fallbackDetail: string | null = null;
  if (choice.device === 'webgpu') {
    try {
      const { pipe, dtypes } = await createPipeline(slot, 'webgpu', gpu, onProgress);
      const fields = { repo: slot.request.repo, device: 'webgpu' as const, wasmReason: null, fallbackDetail, dtypes, wasmThreads: onnxThreads() };
      const model: LoadedModel = { pipe, lost: null, info: describeModel(pipe, { ...fields, loadMs: performance.now() - started }) };
      watchDevice(model);
      return model;
    } catch (error) {
      // A missing model is missing on every device; anything else is WebGPU's fault.
      if (error instanceof ModelFileNotFoundError || error instanceof TranscribeFailure) throw error;
      fallbackDetail = error instanceof Error ? error.message : String(error);
    }
  }
  const { pipe, dtypes } = await createPipeline(slot, 'wasm', gpu, onProgress);
  const wasmReason = fallbackDetail !== null ? 'webgpu-failed' : choice.reason;
  const fields = { repo: slot.request.repo, device: 'wasm' as const, wasmReason, fallbackDetail, dtypes, wasmThreads: onnxThreads() };
  return { pipe, lost: null, info: describeModel(pipe, { ...fields, loadMs: performance.now() - started }) };
}

function ensureModel(id: number, hubUrl: string, request: ModelRequest, engine: EngineRequest): Promise<LoadedModel> {
  const key = JSON.stringify([hubUrl, request.repo, request.revision, engine]);
  if (current?.key === key) {
    current.progressId = id;
  } else {
    const previous = current;
    void previous?.model.then(({ pipe }) => pipe.dispose()).catch(() => undefined);
    const slot: ModelSlot = { key, hubUrl, request, engine, progressId: id, model: Promise.resolve() as never };
    // Progress goes to whichever request for this model came last (read when progress arrives).
    slot.model = loadModel(slot, (loaded, total) => post({ type: 'load-progress', id: slot.progressId, loaded, total }));
    // A failed load must not stick: the next request tries again.
    slot.model.catch(() => {
      if (current === slot) current = null;
    });
    current = slot;
  }
  return current.model;
}

/** Replaces a failed WebGPU model by the same model on WASM, in place, for this job and the next. */
async function fallBackToWasm(slot: ModelSlot, failed: LoadedModel, reason: string): Promise<LoadedModel> {
  void failed.pipe.dispose().catch(() => undefined);
  const started = performance.now();
  const gpu = { adapter: false, shaderF16: false };
  const { pipe, dtypes } = await createPipeline(slot, 'wasm', gpu, () => undefined);
  const model: LoadedModel = {
    pipe,
    lost: null,
    info: describeModel(pipe, {
      repo: slot.request.repo,
      device: 'wasm',
      wasmReason: 'webgpu-failed',
      fallbackDetail: reason,
      dtypes,
      wasmThreads: onnxThreads(),
      loadMs: performance.now() - started,
    }),
  };
  slot.model = Promise.resolve(model);
  return model;
}

/**
 * Every window is decoded in one pass. transformers.js runs its own seek loop inside a window
 * whenever `return_timestamps` is set and `max_new_tokens` is not: a window whose last segment is cut
 * by its edge is encoded and decoded a second time from that segment on. Our long-form planner
 * (longform.ts) already starts the next window there, so that pass was thrown away; naming
 * `max_new_tokens` turns the loop off (measured on the base model, 2 minutes: two encoder and
 * decoder passes per window before, one after). The limit is what the model's learnt positions allow
 * after the longest prompt Whisper makes (start, language, task, no-timestamps).
 */
function maxNewTokens(model: LoadedModel): number {
  const config = model.pipe.model.config as unknown as { max_target_positions: number };
  const generation = model.pipe.model.generation_config as unknown as { max_new_tokens?: number | null };
  const limit = config.max_target_positions - 4;
  return Math.min(generation.max_new_tokens ?? limit, limit);
}

/** Any NaN in the logits means the GPU computed garbage: stop before it becomes text. */
class NanGuard extends LogitsProcessor {
  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    for (let row = 0; row < inputIds.length; row++) {
      const data = (logits as unknown as Tensor[])[row]!.data as Float32Array;
      for (let i = 0; i < data.length; i++) {
        if (Number.isNaN(data[i])) throw new WebGpuFailure('NaN in the model output');
      }
    }
    return logits;
  }
}

async function detectLanguage(model: LoadedModel, audio: Float32Array): Promise<DetectedLanguage> {
  const { pipe } = model;
  const generation = pipe.model.generation_config as unknown as {
    decoder_start_token_id: number;
    lang_to_id: Record<string, number>;
  };
  const { input_features } = (await pipe.processor(audio)) as { input_features: Tensor };
  const probe = new LanguageProbe(languageByToken(generation.lang_to_id));
  const processors = new LogitsProcessorList();
  processors.push(probe);
  await pipe.model.generate({
    inputs: input_features,
    decoder_input_ids: [generation.decoder_start_token_id],
    max_new_tokens: 1,
    logits_processor: processors,
  } as Parameters<typeof pipe.model.generate>[0]);
  if (!probe.result) throw new TranscribeFailure({ code: 'transcribe-failed', detail: 'the language probe saw no logits' });
  return probe.result;
}

interface Job {
  id: number;
  store: PcmStore;
  options: TranscribeOptions;
  sampleRate: number;
  started: number;
}
let job: Job | null = null;

/** Runs one window, reporting its text as it is decoded. Throws WebGpuFailure for GPU trouble. */
async function runWindow(
  model: LoadedModel,
  pcm: Float32Array,
  generateOptions: Record<string, unknown>,
  onText: (text: string) => void,
): Promise<WindowChunk[]> {
  if (model.lost) throw new WebGpuFailure(model.lost);
  const processors = new LogitsProcessorList();
  processors.push(new NanGuard());
  // Whisper's rule that timestamps never decrease, which transformers.js's timestamp processor
  // lacks: without it a segment can close before it opened (`<|2.74|> … <|0.00|>`, seen with
  // whisper-synth's q8 files) and the window planner would get a segment running backwards.
  const generation = model.pipe.model.generation_config as unknown as { no_timestamps_token_id: number; eos_token_id: number };
  processors.push(new MonotonicTimestamps(generation.no_timestamps_token_id + 1, generation.eos_token_id));
  let text = '';
  const streamer = new WhisperTextStreamer(model.pipe.tokenizer as ConstructorParameters<typeof WhisperTextStreamer>[0], {
    skip_prompt: true,
    callback_function: (piece: string) => {
      text += piece;
      onText(text);
    },
  });
  const words = model.info.wordTimestamps;
  try {
    const output = (await model.pipe(pcm, {
      return_timestamps: words ? 'word' : true,
      no_repeat_ngram_size: NO_REPEAT_NGRAM_SIZE,
      logits_processor: processors,
      streamer,
      ...generateOptions,
    } as Record<string, unknown>)) as { chunks?: WindowChunk[] };
    return words ? groupWords(output.chunks ?? []) : (output.chunks ?? []);
  } catch (error) {
    if (model.info.device === 'webgpu' && !(error instanceof TranscribeFailure)) {
      throw error instanceof WebGpuFailure ? error : new WebGpuFailure(error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
}

/** Does a segment (window-relative seconds) overlap detected speech? */
function overlapsSpeech(start: number, end: number, regions: readonly SpeechRegion[]): boolean {
  return regions.some((r) => Math.min(end, r.endS) - Math.max(start, r.startS) >= MIN_SPEECH_OVERLAP_S);
}

async function transcribe(current: Job, slot: ModelSlot): Promise<void> {
  const { id, store, options, sampleRate } = current;
  let model = await slot.model;
  const { info } = model;
  if (sampleRate !== info.samplingRate) {
    throw new TranscribeFailure({
      code: 'model-unsupported',
      detail: `the model expects ${info.samplingRate} Hz audio, got ${sampleRate} Hz`,
    });
  }
  timings.encoderMs = [];
  timings.decoderMs = [];
  const stats: TranscribeStats = {
    windows: 0,
    silentWindows: 0,
    encoderMs: timings.encoderMs,
    decoderMs: timings.decoderMs,
    firstSegmentMs: null,
    totalMs: 0,
    peakHeldSamples: 0,
  };
  const windowSamples = Math.round(info.chunkLengthS * sampleRate);
  let language = options.language;
  let previous: Segment | null = null;
  let offset = 0;
  let lastPartial = 0;

  const postProgress = (segments: Segment[]) =>
    post({ type: 'segments', id, segments, processedS: offset / sampleRate, receivedS: store.length / sampleRate });

  for (;;) {
    await store.waitFor(offset + windowSamples);
    if (offset >= store.length) break;
    stats.peakHeldSamples = Math.max(stats.peakHeldSamples, store.heldSamples);
    const pcm = store.read(offset, windowSamples);
    const isLast = store.ended && offset + windowSamples >= store.length;
    const offsetS = offset / sampleRate;
    const windowS = pcm.length / sampleRate;

    const regions = speechRegions(pcm, sampleRate);
    if (regions.length === 0) {
      stats.silentWindows++;
      offset = isLast ? store.length : offset + Math.round((windowS - SILENT_OVERLAP_S) * sampleRate);
      store.release(offset);
      postProgress([]);
      continue;
    }
    if (regions[0]!.startS - LEAD_S >= MIN_SKIP_S) {
      // Start the window just before the speech: less silence to misread, and speech cut by the
      // previous edge is heard whole.
      offset += Math.round((regions[0]!.startS - LEAD_S) * sampleRate);
      store.release(offset);
      continue;
    }

    // English-only models take neither language nor task (transformers.js throws if given them).
    let generateOptions: Record<string, unknown> = {};
    if (info.multilingual) {
      if (language === null) {
        const detected = await detectLanguage(model, pcm);
        language = detected.language;
        post({ type: 'language', id, ...detected });
      }
      if (!info.languages.includes(language)) {
        throw new TranscribeFailure({ code: 'language-unsupported', language });
      }
      generateOptions = { language, task: options.task };
    }
    const forced = options.forcedTokens ?? 0;
    generateOptions.max_new_tokens = forced > 0 ? forced : maxNewTokens(model);
    if (forced > 0) generateOptions.min_new_tokens = forced;

    let chunks: WindowChunk[];
    try {
      if (model.info.device === 'webgpu' && options.failWebGpuAfterWindows != null && stats.windows >= options.failWebGpuAfterWindows) {
        throw new WebGpuFailure(`forced WebGPU failure after ${stats.windows} windows (test switch)`);
      }
      chunks = await runWindow(model, pcm, generateOptions, (text) => {
        const now = performance.now();
        if (now - lastPartial < PROGRESS_INTERVAL_MS) return;
        lastPartial = now;
        post({ type: 'partial', id, text, startS: offsetS });
      });
    } catch (error) {
      if (!(error instanceof WebGpuFailure)) throw error;
      // The same window again, on WASM; the job goes on without the user doing anything.
      model = await fallBackToWasm(slot, model, error.message);
      post({ type: 'fallback', id, info: model.info });
      continue;
    }
    stats.windows++;

    const plan = planWindow(chunks, { offsetS, windowS, isLast });
    const spoken = plan.segments.filter((s) => overlapsSpeech(s.start - offsetS, s.end - offsetS, regions));
    const segments = dropRepetitions(spoken, previous);
    previous = segments.at(-1) ?? previous;
    if (segments.length > 0) stats.firstSegmentMs ??= performance.now() - current.started;
    offset = isLast ? store.length : Math.round(plan.nextOffsetS * sampleRate);
    store.release(offset);
    postProgress(segments);
  }
  stats.totalMs = performance.now() - current.started;
  post({ type: 'done', id, stats });
}

function describeTranscribeFailure(error: unknown): TranscribeError {
  if (error instanceof TranscribeFailure) return error.error;
  const detail = error instanceof Error ? error.message : String(error);
  if (/memory|allocation/i.test(detail)) return { code: 'out-of-memory', detail };
  return { code: 'transcribe-failed', detail };
}

/**
 * A transcription opens before its model is asked for (the app may still be downloading the model
 * while ffmpeg already delivers audio, kept compact in the job's store): it runs on the model of the
 * next load request. The client always sends `transcribe` first, then `load`.
 */
let awaitingModel: ((slot: ModelSlot) => void) | null = null;

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (!isTranscribeRequest(request)) return;
  switch (request.type) {
    case 'load':
      ensureModel(request.id, request.hubUrl, request.model, request.engine).then(
        ({ info }) => post({ type: 'loaded', id: request.id, info }),
        (error: unknown) => post({ type: 'error', id: request.id, error: describeLoadFailure(error, request.model.repo) }),
      );
      awaitingModel?.(current!);
      awaitingModel = null;
      return;
    case 'audio':
      if (job?.id === request.id) job.store.append(request.samples, request.startSample);
      return;
    case 'audio-end':
      if (job?.id === request.id) job.store.end();
      return;
    case 'transcribe': {
      const started: Job = {
        id: request.id,
        store: new PcmStore(),
        options: request.options,
        sampleRate: request.sampleRate,
        started: performance.now(),
      };
      job = started;
      new Promise<ModelSlot>((resolve) => (awaitingModel = resolve))
        .then((slot) => transcribe(started, slot))
        .catch((error: unknown) => post({ type: 'error', id: request.id, error: describeTranscribeFailure(error) }))
        .finally(() => {
          if (job === started) job = null;
        });
    }
  }
});
