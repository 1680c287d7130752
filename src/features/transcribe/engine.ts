/**
 * Which runtime runs the model and with which weights: decided once per model load, in the worker,
 * from what the browser offers. Pure functions, so the rules are testable without a GPU.
 */

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
 * Until the models feature picks weights from the Hub's file list, the rule is small and local:
 * WASM runs q8 when the repo has it (its speed/quality trade-off there); WebGPU runs the encoder in
 * fp16 where the GPU has f16 shaders and fp32 otherwise, and the decoder in q4 when present.
 * Anything missing falls back to fp32.
 */
export function chooseDtypes(available: readonly string[], device: Device, shaderF16: boolean): SessionDtypes {
  const has = (dtype: string) => available.includes(dtype);
  // Only what the store holds can load (it answers 404 for the rest): a model downloaded for the
  // other device is still used, with the nearest precision it has.
  const first = (...wanted: string[]) => wanted.find(has) ?? available[0] ?? 'fp32';
  if (device === 'wasm') {
    const dtype = first('q8', 'fp32');
    return { encoder_model: dtype, decoder_model_merged: dtype };
  }
  return {
    encoder_model: shaderF16 ? first('fp16', 'fp32', 'q8') : first('fp32', 'fp16', 'q8'),
    decoder_model_merged: first('q4', 'fp32', 'q8'),
  };
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
