/**
 * Which files of a Whisper repo to download for a device, and how transformers.js must then load
 * them. Pure: works on the Hub's tree listing (`/api/models/{repo}/tree/{rev}?recursive=true`), so
 * the exact download size is known before a single model byte moves. The dtypes follow the rule
 * that loading follows too (dtype-rule.ts).
 */
import { ModelsError } from '../errors';
import type { Dtype, FileSelection, HubTreeEntry, Integrity, ModelFile, SelectionOptions, WhisperSession } from '../types';
import { chooseDtype, onnxFileName, WHISPER_SESSIONS } from './dtype-rule';

/** transformers.js looks for the ONNX files in this folder of the repo. */
const ONNX_FOLDER = 'onnx';

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
    const found = chooseDtype(session, (d) => files.has(`${ONNX_FOLDER}/${onnxFileName(session, d)}`), options);
    if (!found) {
      throw new ModelsError({ code: 'unsupported', detail: `The repository has no ONNX file for ${session} that this device can run` });
    }
    const name = onnxFileName(session, found);
    const shards = externalShards(`${ONNX_FOLDER}/${name}`, files);
    chosen.push(files.get(`${ONNX_FOLDER}/${name}`)!, ...shards);
    if (shards.length > 0) externalData[name] = shards.length;
    dtype[session] = found;
  }

  const selected = chosen.map(toModelFile).sort((a, b) => a.path.localeCompare(b.path));
  return { files: selected, dtype, externalData, totalBytes: selected.reduce((sum, f) => sum + f.size, 0) };
}
