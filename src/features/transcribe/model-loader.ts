/**
 * The worker's model: transformers.js set up to read only the models feature's store, one model
 * kept loaded between jobs, loaded on WebGPU with a fallback to WASM (at load, and mid-job once
 * WebGPU fails or its device is lost).
 */
import { env, ModelFileNotFoundError, ModelRegistry } from '@huggingface/transformers';
import { DTYPE_SUFFIX, HUB_PATH_TEMPLATE, installModelStore, onnxFileName, WHISPER_SESSIONS, type StoredDtypes } from '../models';
import { PROGRESS_INTERVAL_MS, progressGate } from '../../lib/throttle';
import { chooseDevice, chooseDtypes, gpuSupport, wasmThreads, type Device, type GpuSupport } from './engine';
import type { WebGpuError } from './errors';
import { webGpuLoadFallback } from './failures';
import { useBundledOrtRuntime } from './ort-runtime';
import type { EngineRequest, ModelInfo, ModelRequest } from './protocol';
import { describeModel, timeSessions } from './session-info';
import { createAsrPipeline, webGpuDeviceLost, type AsrPipeline } from './transformers-adapter';

env.allowLocalModels = false;
env.remotePathTemplate = HUB_PATH_TEMPLATE;
// Model files come only from the models feature's IndexedDB store, where they were downloaded at a
// pinned commit and verified (a request's `revision` is that commit); transformers.js never fetches.
installModelStore(env);
useBundledOrtRuntime(env);
const onnx = env.backends.onnx;

export interface LoadedModel {
  pipe: AsrPipeline;
  info: ModelInfo;
  /** Set when the GPU device was lost: the next window must not use this pipeline. */
  lost: string | null;
}

/** What a load request asks for. */
interface LoadTarget {
  hubUrl: string;
  request: ModelRequest;
  engine: EngineRequest;
}

export interface ModelSlot extends LoadTarget {
  key: string;
  /** Replaced by the WASM model when WebGPU fails mid-job, for this job and the next. */
  model: Promise<LoadedModel>;
  /** The load request progress goes to: whichever request for this model came last. */
  progressId: number;
}
let current: ModelSlot | null = null;

type OnProgress = (loaded: number, total: number) => void;

/** Threads are fixed when onnxruntime starts (its first session), so the first load decides them. */
let threadsFixed: number | null = null;
function configureThreads(requested: number | null): void {
  if (threadsFixed !== null) return;
  threadsFixed = wasmThreads(self.crossOriginIsolated, navigator.hardwareConcurrency || 1, requested);
  if (onnx.wasm) onnx.wasm.numThreads = threadsFixed;
}

/** Read back after the first session: onnxruntime falls back to one thread where threads cannot work. */
function onnxThreads(): number {
  return onnx.wasm?.numThreads ?? threadsFixed ?? 1;
}

/**
 * The dtypes whose file this browser keeps, per session (answered by the model store through
 * installModelStore). Not transformers.js's get_available_dtypes: that lists only dtypes stored for
 * every session, and a download for WebGPU keeps an fp16 encoder beside a q4 decoder.
 */
async function storedDtypes(repo: string, revision: string): Promise<StoredDtypes> {
  const dtypes = Object.keys(DTYPE_SUFFIX) as (keyof typeof DTYPE_SUFFIX)[];
  const forSession = async (session: (typeof WHISPER_SESSIONS)[number]) => {
    const exists = await Promise.all(
      dtypes.map(async (dtype) => (await ModelRegistry.get_file_metadata(repo, `onnx/${onnxFileName(session, dtype)}`, { revision })).exists),
    );
    return dtypes.filter((_, i) => exists[i]);
  };
  const [encoder, decoder] = await Promise.all(WHISPER_SESSIONS.map(forSession));
  return { encoder_model: encoder!, decoder_model_merged: decoder! };
}

async function createPipeline(
  { request, engine }: LoadTarget,
  device: Device,
  gpu: GpuSupport,
  onProgress: OnProgress,
): Promise<{ pipe: AsrPipeline; dtypes: ModelInfo['dtypes'] }> {
  const { repo, revision } = request;
  const stored = await storedDtypes(repo, revision);
  if (WHISPER_SESSIONS.some((session) => stored[session].length === 0)) {
    throw new ModelFileNotFoundError(`${repo}@${revision} has no ONNX weights`);
  }
  const dtypes = engine.dtype
    ? { encoder_model: engine.dtype, decoder_model_merged: engine.dtype }
    : chooseDtypes(stored, device, gpu.shaderF16);
  const open = progressGate(PROGRESS_INTERVAL_MS);
  const pipe = await createAsrPipeline(repo, {
    device,
    dtypes,
    revision,
    // The last report (everything loaded) always passes.
    onProgress: (loaded, total) => {
      if (open(loaded >= total)) onProgress(loaded, total);
    },
  });
  timeSessions(pipe);
  return { pipe, dtypes };
}

/** Loads on one device and describes the result; `started` is when the load request came. */
async function loadOn(
  target: LoadTarget,
  device: Device,
  gpu: GpuSupport,
  onProgress: OnProgress,
  why: Pick<ModelInfo, 'wasmReason' | 'fallbackDetail'>,
  started: number,
): Promise<LoadedModel> {
  const { pipe, dtypes } = await createPipeline(target, device, gpu, onProgress);
  const info = describeModel(pipe, {
    repo: target.request.repo,
    device,
    wasmReason: why.wasmReason,
    fallbackDetail: why.fallbackDetail,
    dtypes,
    wasmThreads: onnxThreads(),
    loadMs: performance.now() - started,
  });
  return { pipe, lost: null, info };
}

/** Watches the GPU device: once it is lost, the model is marked so the job moves to WASM. */
function watchDevice(model: LoadedModel): void {
  void webGpuDeviceLost().then((message) => (model.lost = `GPU device lost: ${message}`));
}

async function loadModel(target: LoadTarget, onProgress: OnProgress): Promise<LoadedModel> {
  const started = performance.now();
  env.remoteHost = target.hubUrl;
  configureThreads(target.engine.threads);
  const gpu = await gpuSupport();
  const choice = chooseDevice(target.engine.device, gpu);
  let fallbackDetail: string | null = null;
  if (choice.device === 'webgpu') {
    try {
      const model = await loadOn(target, 'webgpu', gpu, onProgress, { wasmReason: null, fallbackDetail: null }, started);
      watchDevice(model);
      return model;
    } catch (error) {
      fallbackDetail = webGpuLoadFallback(error);
      if (fallbackDetail === null) throw error;
    }
  }
  const wasmReason = fallbackDetail !== null ? 'webgpu-failed' : choice.reason;
  return loadOn(target, 'wasm', gpu, onProgress, { wasmReason, fallbackDetail }, started);
}

/**
 * The model for a load request: the loaded one when nothing changed, else a fresh load (the previous
 * model is disposed). `onProgress` gets the id of the latest request for the model.
 */
export function ensureModel(
  id: number,
  target: LoadTarget,
  onProgress: (id: number, loaded: number, total: number) => void,
): ModelSlot {
  const key = JSON.stringify([target.hubUrl, target.request.repo, target.request.revision, target.engine]);
  if (current?.key === key) {
    current.progressId = id;
    return current;
  }
  void current?.model.then(({ pipe }) => pipe.dispose()).catch(() => undefined);
  // Progress is reported only after the load's first await, when `slot` exists.
  const slot: ModelSlot = {
    ...target,
    key,
    progressId: id,
    model: loadModel(target, (loaded, total) => onProgress(slot.progressId, loaded, total)),
  };
  // A failed load must not stick: the next request tries again.
  slot.model.catch(() => {
    if (current === slot) current = null;
  });
  current = slot;
  return slot;
}

/** Replaces a failed WebGPU model by the same model on WASM, in place, for this job and the next. */
export async function fallBackToWasm(slot: ModelSlot, failed: LoadedModel, error: WebGpuError): Promise<LoadedModel> {
  void failed.pipe.dispose().catch(() => undefined);
  const noGpu = { adapter: false, shaderF16: false };
  const why = { wasmReason: error.code, fallbackDetail: error.message };
  const model = await loadOn(slot, 'wasm', noGpu, () => undefined, why, performance.now());
  slot.model = Promise.resolve(model);
  return model;
}
