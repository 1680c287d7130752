/**
 * What a model folder must hold to be usable here, and which of its files to keep: the same
 * choice as for a Hub repo (hub/select-files.ts), made on the folder's own file list. Pure.
 */
import { ModelsError } from '../errors';
import { selectModelFiles } from '../hub/select-files';
import type { FileSelection, HubTreeEntry, SelectionOptions } from '../types';
import { isSafeModelPath } from './manifest';

/** transformers.js reads these for Whisper before any ONNX file (config, feature extractor, tokenizer). */
export const REQUIRED_FILES = ['config.json', 'preprocessor_config.json', 'tokenizer.json'] as const;

/** A file that may belong to the model: top-level JSON/text, or something in onnx/. */
export function mayBeModelFile(path: string): boolean {
  return (!path.includes('/') && /\.(json|txt)$/.test(path)) || path.startsWith('onnx/');
}

/**
 * The model folder inside an archive or a chosen folder: archives often wrap the model in one
 * top-level folder (`whisper-base/config.json`). Decided from the first file, since entries stream
 * past only once: a first file inside a folder other than `onnx/` means that folder is the root.
 */
export function rootOf(firstPath: string): string {
  const slash = firstPath.indexOf('/');
  if (slash < 0) return '';
  const top = firstPath.slice(0, slash);
  return top === 'onnx' ? '' : `${top}/`;
}

/** The path inside the model folder, or null for an entry outside it (or an unsafe path). */
export function modelPath(entryPath: string, root: string): string | null {
  const normalized = entryPath.replace(/^\.\//, '');
  if (!normalized.startsWith(root)) return null;
  const path = normalized.slice(root.length);
  return isSafeModelPath(path) ? path : null;
}

/**
 * The files this device takes from a folder listing (with their sha256s as the checksums), or a
 * `layout` error naming what is missing and what the folder should contain.
 */
export function selectFromListing(files: readonly { path: string; size: number; sha256: string }[], options: SelectionOptions): FileSelection {
  const missing = REQUIRED_FILES.filter((name) => !files.some((f) => f.path === name));
  if (missing.length > 0) throw new ModelsError({ code: 'layout', detail: `missing ${missing.join(', ')}` });
  const tree: HubTreeEntry[] = files.map((f) => ({ type: 'file', path: f.path, size: f.size, lfs: { oid: f.sha256, size: f.size } }));
  try {
    return selectModelFiles(tree, options);
  } catch (error) {
    if (error instanceof ModelsError && error.code === 'unsupported') throw new ModelsError({ code: 'layout', detail: error.info.detail });
    throw error;
  }
}
