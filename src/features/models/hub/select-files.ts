/**
 * Which files of a Whisper repo to download for a device, and how transformers.js must then load
 * them. Pure: works on the Hub's tree listing (`/api/models/{repo}/tree/{rev}?recursive=true`), so
 * the exact download size is known before a single model byte moves.
 */

export type Device = 'webgpu' | 'wasm';

/** The dtypes transformers.js knows, with the file-name suffix it appends for each. */
export const DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;
export type Dtype = keyof typeof DTYPE_SUFFIX;

export function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && Object.hasOwn(DTYPE_SUFFIX, value);
}

/** Whisper's two ONNX sessions as transformers.js names them (the merged decoder serves every step). */
export const WHISPER_SESSIONS = ['encoder_model', 'decoder_model_merged'] as const;
export type WhisperSession = (typeof WHISPER_SESSIONS)[number];

/** transformers.js looks for the ONNX files in this folder of the repo. */
export const ONNX_FOLDER = 'onnx';

/** One entry of the Hub's tree API answer. */
export interface HubTreeEntry {
  type: 'file' | 'directory';
  path: string;
  size: number;
  /** Git object id: the blob sha1 for plain files. */
  oid?: string;
  /** Present for files stored in LFS; `oid` is the file's sha256. */
  lfs?: { oid: string; size: number };
}

/** How a downloaded file is checked before it counts as complete. */
export type Integrity = { kind: 'sha256'; hex: string } | { kind: 'git-sha1'; hex: string } | { kind: 'size' };

export interface ModelFile {
  path: string;
  size: number;
  integrity: Integrity;
}

export interface FileSelection {
  files: ModelFile[];
  /** transformers.js `dtype` option, per session. */
  dtype: Record<WhisperSession, Dtype>;
  /** transformers.js `use_external_data_format` option: ONNX file name → number of `_data` shards. */
  externalData: Record<string, number>;
  totalBytes: number;
}

export interface SelectionOptions {
  device: Device;
  /** WebGPU adapter has `shader-f16` (fp16 weights are unusable without it). */
  shaderF16: boolean;
  /** The user's choice; used for every session that has it, the device's preference elsewhere. */
  dtype?: Dtype | null;
}

export class SelectionError extends Error {
  constructor(readonly session: WhisperSession) {
    super(`The repository has no ONNX file for ${session} that this device can run`);
    this.name = 'SelectionError';
  }
}

const F16_DTYPES: ReadonlySet<Dtype> = new Set(['fp16', 'q4f16']);

/**
 * Preferred dtypes, best first. WASM: q8 (the fastest on CPU at near-fp32 quality). WebGPU: the
 * encoder in fp16 where shader-f16 allows it, else fp32 (quantized matmuls are slow on GPUs for the
 * encoder's big batches); the decoder in q4 (it is memory-bound, one token at a time).
 */
export function dtypePreferences(session: WhisperSession, device: Device, shaderF16: boolean): Dtype[] {
  let order: Dtype[];
  if (device === 'wasm') order = ['q8', 'int8', 'uint8', 'fp32', 'q4', 'bnb4', 'fp16'];
  else if (session === 'encoder_model') order = ['fp16', 'fp32', 'q4f16', 'q4', 'q8'];
  else order = ['q4', 'q4f16', 'fp16', 'fp32', 'q8'];
  return device === 'webgpu' && !shaderF16 ? order.filter((d) => !F16_DTYPES.has(d)) : order;
}

function integrityOf(entry: HubTreeEntry): Integrity {
  if (entry.lfs) return { kind: 'sha256', hex: entry.lfs.oid };
  if (entry.oid && /^[0-9a-f]{40}$/.test(entry.oid)) return { kind: 'git-sha1', hex: entry.oid };
  return { kind: 'size' };
}

function toModelFile(entry: HubTreeEntry): ModelFile {
  return { path: entry.path, size: entry.lfs?.size ?? entry.size, integrity: integrityOf(entry) };
}

/** Tokenizer, configs and the like: every JSON or text file at the top of the repo. */
function isConfigFile(path: string): boolean {
  return !path.includes('/') && /\.(json|txt)$/.test(path);
}

/** `encoder_model.onnx_data`, `encoder_model.onnx_data_1`, … as transformers.js names the shards. */
function externalShards(onnxPath: string, files: ReadonlyMap<string, HubTreeEntry>): HubTreeEntry[] {
  const shards: HubTreeEntry[] = [];
  for (let i = 0; ; i++) {
    const shard = files.get(`${onnxPath}_data${i === 0 ? '' : `_${i}`}`);
    if (!shard) return shards;
    shards.push(shard);
  }
}

export function selectModelFiles(tree: readonly HubTreeEntry[], options: SelectionOptions): FileSelection {
  const files = new Map(tree.filter((e) => e.type === 'file').map((e) => [e.path, e]));
  const chosen: HubTreeEntry[] = [...files.values()].filter((e) => isConfigFile(e.path));
  const dtype = {} as Record<WhisperSession, Dtype>;
  const externalData: Record<string, number> = {};

  for (const session of WHISPER_SESSIONS) {
    const preferences = dtypePreferences(session, options.device, options.shaderF16);
    const wanted = options.dtype && preferences.includes(options.dtype) ? [options.dtype, ...preferences] : preferences;
    const found = wanted.find((d) => files.has(`${ONNX_FOLDER}/${session}${DTYPE_SUFFIX[d]}.onnx`));
    if (!found) throw new SelectionError(session);
    const name = `${session}${DTYPE_SUFFIX[found]}.onnx`;
    const shards = externalShards(`${ONNX_FOLDER}/${name}`, files);
    chosen.push(files.get(`${ONNX_FOLDER}/${name}`)!, ...shards);
    if (shards.length > 0) externalData[name] = shards.length;
    dtype[session] = found;
  }

  const selected = chosen.map(toModelFile).sort((a, b) => a.path.localeCompare(b.path));
  return { files: selected, dtype, externalData, totalBytes: selected.reduce((sum, f) => sum + f.size, 0) };
}
