/**
 * Which runtime runs the model and with which weights: decided once per model load, in the worker,
 * from what the browser offers. Pure functions, so the rules are testable without a GPU.
 */
import { loadDtypes, type StoredDtypes } from '../models';

export type DevicePreference = 'auto' | 'webgpu' | 'wasm';
export type Device = 'webgpu' | 'wasm';

export interface GpuSupport {
  /** A WebGPU adapter exists. */
  adapter: boolean;
  /** The adapter can run f16 shaders (WGSL `shader-f16`), so fp16 weights are worth it. */
  shaderF16: boolean;
}

/** Why WebGPU is not used; each has a translated explanation (engine.reason.*). */
export type WasmReason = 'chosen' | 'no-webgpu' | 'webgpu-failed';

export function chooseDevice(preference: DevicePreference, gpu: GpuSupport): { device: Device; reason: WasmReason | null } {
  if (preference === 'wasm') return { device: 'wasm', reason: 'chosen' };
  if (!gpu.adapter) return { device: 'wasm', reason: 'no-webgpu' };
  return { device: 'webgpu', reason: null };
}

/** The dtype of each of Whisper's two ONNX sessions, as transformers.js takes it. */
export interface SessionDtypes {
  encoder_model: string;
  decoder_model_merged: string;
}

/**
 * The dtypes to load from what the store holds for each session: the models feature's rule, the
 * one its downloads follow, so what was fetched for this device is what loads.
 */
export function chooseDtypes(stored: StoredDtypes, device: Device, shaderF16: boolean): SessionDtypes {
  return loadDtypes(stored, device, shaderF16);
}

/** What WebGPU this context offers (a page and a worker may both ask; the answers agree). */
export async function gpuSupport(): Promise<GpuSupport> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ features: Set<string> } | null> } }).gpu;
  if (!gpu) return { adapter: false, shaderF16: false };
  try {
    const adapter = await gpu.requestAdapter();
    return { adapter: adapter !== null, shaderF16: adapter?.features.has('shader-f16') ?? false };
  } catch {
    return { adapter: false, shaderF16: false };
  }
}

/**
 * How many WASM threads onnxruntime gets. Threads need SharedArrayBuffer, which only a
 * crossOriginIsolated page has; then all cores (or what the caller asks for), else one.
 */
export function wasmThreads(isolated: boolean, cores: number, requested: number | null): number {
  if (!isolated) return 1;
  return Math.max(1, requested ?? cores);
}

/**
 * Word timestamps need the decoder to return its cross-attentions (only `_timestamped` exports
 * do) and the generation config to name the alignment heads that follow the audio.
 */
export function supportsWordTimestamps(alignmentHeads: unknown, decoderOutputNames: readonly string[]): boolean {
  return (
    Array.isArray(alignmentHeads) &&
    alignmentHeads.length > 0 &&
    decoderOutputNames.some((name) => name.startsWith('cross_attentions'))
  );
}
