/**
 * The one rule for the precision (dtype) each of Whisper's sessions runs in on a device. A download
 * follows it over the Hub's file list (select-files.ts) and the transcribe worker over what the
 * store holds (`loadDtypes`), so the files fetched for a device are the ones it then loads. Pure.
 */
import type { Device, Dtype, SelectionOptions, WhisperSession } from '../types';

/** The file-name suffix transformers.js appends for each dtype (in the order the model panel lists them). */
export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

export const WHISPER_SESSIONS: readonly WhisperSession[] = ['encoder_model', 'decoder_model_merged'];

/** A session's ONNX file name in a dtype, e.g. `encoder_model_quantized.onnx`, as transformers.js names it. */
export function onnxFileName(session: WhisperSession, dtype: Dtype): string {
  return `${session}${DTYPE_SUFFIX[dtype]}.onnx`;
}

/** Weights in half precision: transformers.js refuses them on a WebGPU adapter without shader-f16. */
const F16_DTYPES: ReadonlySet<Dtype> = new Set(['fp16', 'q4f16']);

/**
 * Preferred dtypes, best first. WASM: q8 (the fastest on CPU at near-fp32 quality). WebGPU: the
 * encoder in fp16 where shader-f16 allows it, else fp32 (quantized matmuls are slow on GPUs for the
 * encoder's big batches); the decoder in q4 (it is memory-bound, one token at a time). Each list
 * ends with what a model fetched for the other device has, so that one still loads here.
 */
export function dtypePreferences(session: WhisperSession, device: Device, shaderF16: boolean): Dtype[] {
  let order: Dtype[];
  if (device === 'wasm') order = ['q8', 'int8', 'uint8', 'fp32', 'q4', 'bnb4', 'fp16'];
  else if (session === 'encoder_model') order = ['fp16', 'fp32', 'q4f16', 'q4', 'q8'];
  else order = ['q4', 'q4f16', 'fp16', 'fp32', 'q8'];
  return device === 'webgpu' && !shaderF16 ? order.filter((d) => !F16_DTYPES.has(d)) : order;
}

/**
 * The dtype a session runs in: the user's choice where it runs on this device and `exists`, else
 * the device's first preference that exists; null when nothing that runs here exists.
 */
export function chooseDtype(session: WhisperSession, exists: (dtype: Dtype) => boolean, options: SelectionOptions): Dtype | null {
  const preferences = dtypePreferences(session, options.device, options.shaderF16);
  const wanted = options.dtype && preferences.includes(options.dtype) ? [options.dtype, ...preferences] : preferences;
  return wanted.find(exists) ?? null;
}

/** The dtypes whose ONNX file is stored, per session: a download for WebGPU keeps the encoder and decoder in different ones. */
export type StoredDtypes = Readonly<Record<WhisperSession, readonly string[]>>;

/**
 * What the transcribe worker loads: the rule above over what is stored for each session. Where
 * nothing stored runs on this device, the first stored dtype is tried anyway: transformers.js then
 * says what is wrong.
 */
export function loadDtypes(stored: StoredDtypes, device: Device, shaderF16: boolean): Record<WhisperSession, string> {
  const pick = (session: WhisperSession) => {
    const available = stored[session];
    return chooseDtype(session, (dtype) => available.includes(dtype), { device, shaderF16 }) ?? available[0] ?? 'fp32';
  };
  return { encoder_model: pick('encoder_model'), decoder_model_merged: pick('decoder_model_merged') };
}
