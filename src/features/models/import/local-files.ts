/**
 * A model from files on this device: a folder (the directory picker, or `<input webkitdirectory>`
 * where there is none) or one archive file (dropped or chosen). Nothing goes over the network: the
 * files are read as streams, hashed and stored (unpack.ts), so this works offline.
 */
import { ModelsError } from '../errors';
import { deleteModel, putModel } from '../store/store';
import type { FileProgress, ModelRecord, SelectionOptions } from '../types';
import { formatFromName, readArchive, sniffFormat } from './archive-reader';
import { MANIFEST_NAME } from './manifest';
import { unpackInto, type EntrySource } from './unpack';

/** A chosen file and its path from the chosen folder's parent (`whisper-base/onnx/encoder_model.onnx`). */
export interface LocalFile {
  path: string;
  file: File;
}

export type LocalInput = { kind: 'folder'; name: string; files: LocalFile[] } | { kind: 'archive'; file: File };

/** The files of an `<input type=file webkitdirectory>`, with the folder's own name first in each path. */
export function filesFromInput(list: FileList | readonly File[]): LocalFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** Every file below a folder the directory picker gave, as the input would list them. */
export async function filesFromDirectory(folder: FileSystemDirectoryHandle, prefix = `${folder.name}/`): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  for await (const handle of (folder as FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> }).values()) {
    if (handle.kind === 'file') files.push({ path: `${prefix}${handle.name}`, file: await (handle as FileSystemFileHandle).getFile() });
    else files.push(...(await filesFromDirectory(handle as FileSystemDirectoryHandle, `${prefix}${handle.name}/`)));
  }
  return files;
}

/** The folder's files as archive entries: the manifest first (it decides what to keep), then by path. */
function folderEntries(files: readonly LocalFile[]): EntrySource {
  const ordered = [...files].sort((a, b) => {
    const am = a.path.endsWith(`/${MANIFEST_NAME}`) ? 0 : 1;
    const bm = b.path.endsWith(`/${MANIFEST_NAME}`) ? 0 : 1;
    return am - bm || a.path.localeCompare(b.path);
  });
  return async (onEntry) => {
    for (const { path, file } of ordered) {
      const sink = await onEntry(path, file.size);
      if (!sink) continue;
      const reader = file.stream().getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) await sink.write(part.value);
      await sink.close();
    }
  };
}

async function archiveEntries(file: File): Promise<EntrySource> {
  const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
  const format = sniffFormat(head) ?? formatFromName(file.name);
  if (!format) throw new ModelsError({ code: 'archive', detail: `${file.name} is not a .zip, .tar or .tar.gz file` });
  return (onEntry) => readArchive(file.stream(), format, onEntry);
}

/** `local/<name>`: a repo id made of a folder's or an archive's name. */
export function localRepoId(input: LocalInput): string {
  const name = input.kind === 'folder' ? input.name : input.file.name.replace(/(\.tar\.gz|\.tgz|\.tar|\.zip)$/i, '');
  return `local/${name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'model'}`;
}

export interface LocalImportOptions {
  repo: string;
  signal: AbortSignal;
  selection: SelectionOptions;
  onProgress: (files: readonly FileProgress[]) => void;
}

/**
 * Stores a local model under a new key (`local-<time>`), so an import can never overwrite a model
 * already stored; a failed one removes all it wrote.
 */
export async function importLocal(input: LocalInput, { repo, selection, signal, onProgress }: LocalImportOptions): Promise<ModelRecord> {
  if (input.kind === 'folder' && input.files.length === 0) throw new ModelsError({ code: 'layout', detail: 'the folder is empty' });
  const commit = `local-${Date.now().toString(36)}`;
  const name = input.kind === 'folder' ? input.name : input.file.name;
  const record: ModelRecord = {
    repo,
    revision: 'main',
    commit,
    device: selection.device,
    dtype: { encoder_model: 'fp32', decoder_model_merged: 'fp32' },
    externalData: {},
    files: [],
    totalBytes: 0,
    createdAt: Date.now(),
    completedAt: null,
    origin: { type: 'local', name },
    servedBy: ['local'],
  };
  try {
    const entries = input.kind === 'folder' ? folderEntries(input.files) : await archiveEntries(input.file);
    await putModel(record);
    const { selection: chosen, manifest } = await unpackInto({ repo, commit, source: 'local', selection, manifest: null, signal, onProgress }, entries);
    const complete: ModelRecord = {
      ...record,
      dtype: chosen.dtype,
      externalData: chosen.externalData,
      files: chosen.files,
      totalBytes: chosen.totalBytes,
      completedAt: Date.now(),
      origin: { type: 'local', name, ...(manifest?.repo_id ? { packedFrom: { repo: manifest.repo_id, revision: manifest.revision ?? 'main' } } : {}) },
    };
    await putModel(complete);
    return complete;
  } catch (error) {
    await deleteModel(repo, commit).catch(() => undefined);
    throw error;
  }
}
