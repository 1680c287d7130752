/**
 * A model from an archive at a URL (a GitHub Release asset, an own server, a bucket), with backup
 * links: the archive's parts are downloaded by the Hub downloader itself (download/download.ts:
 * Range requests, pieces in IndexedDB, resume after a reload, the next source on a failure, sha256
 * of each part when known), then unpacked as a stream from the stored pieces into the model's
 * files (unpack.ts), and the parts are dropped. The access token never goes to an archive host.
 */
import { ModelDownloader } from '../download/download';
import { ModelsError } from '../errors';
import { deleteFiles, deletePieces, getFileState, pieceBlobs, putFileState, putModel } from '../store/store';
import type { ArchivePart, FileProgress, ModelManifest, ModelRecord, SelectionOptions, WhisperSession, Dtype } from '../types';
import { readArchive } from './archive-reader';
import { partFiles, partUrl, PART_FOLDER, type ArchivePlan } from './archive-plan';
import { unpackInto } from './unpack';

export interface ArchiveImportOptions {
  selection: SelectionOptions;
  signal: AbortSignal;
  onProgress: (files: readonly FileProgress[], phase: 'download' | 'unpack') => void;
}

/** Until the archive is unpacked the precisions are not known; nothing loads an unfinished record. */
const UNKNOWN_DTYPE: Record<WhisperSession, Dtype> = { encoder_model: 'fp32', decoder_model_merged: 'fp32' };

async function shortHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The store key of an archive's model: the commit it was packed from when the manifest says, else
 * the archive's own sha256, else the first source's address (the same link resumes the same download).
 */
export async function archiveCommit(plan: Pick<ArchivePlan, 'manifest' | 'sha256' | 'sources'>): Promise<string> {
  if (plan.manifest?.commit) return plan.manifest.commit;
  if (plan.sha256) return `sha256-${plan.sha256.slice(0, 40)}`;
  return `url-${await shortHash(plan.sources[0]!)}`;
}

/** The record of an archive download that has not been unpacked yet: its files are the parts. */
export function archiveRecord(repo: string, revision: string, commit: string, plan: ArchivePlan, selection: SelectionOptions): ModelRecord {
  const files = partFiles(plan);
  return {
    repo,
    revision,
    commit,
    device: selection.device,
    dtype: UNKNOWN_DTYPE,
    externalData: {},
    files,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    createdAt: Date.now(),
    completedAt: null,
    origin: {
      type: 'url',
      urls: plan.sources,
      format: plan.format,
      parts: plan.parts,
      ...(plan.sha256 ? { sha256: plan.sha256 } : {}),
      ...(plan.manifest ? { manifest: plan.manifest } : {}),
      ...packedFrom(plan.manifest),
    },
  };
}

function packedFrom(manifest: ModelManifest | null): { packedFrom?: { repo: string; revision: string } } {
  return manifest?.repo_id ? { packedFrom: { repo: manifest.repo_id, revision: manifest.revision ?? 'main' } } : {};
}

/** The parts' stored pieces, in order, as one Blob (lazy: nothing is read yet). */
async function storedArchive(record: ModelRecord, parts: readonly ArchivePart[]): Promise<Blob> {
  const blobs: Blob[] = [];
  for (const part of parts) blobs.push(...(await pieceBlobs(record.repo, record.commit, `${PART_FOLDER}${part.name}`)));
  return new Blob(blobs);
}

/**
 * Downloads (or resumes) and unpacks the archive of `record` (made by archiveRecord, or read back
 * after a reload); returns the complete model. A part whose bytes turn out wrong — by its own
 * sha256, or, when none is known, by the files' checksums inside — is fetched from the next source.
 */
export async function importArchive(record: ModelRecord, options: ArchiveImportOptions): Promise<ModelRecord> {
  const origin = record.origin;
  if (origin?.type !== 'url') throw new Error('not an archive download');
  const single = origin.parts.length === 1;
  for (;;) {
    const downloader = new ModelDownloader(record, {
      sources: origin.urls,
      // Archive hosts never get the access token, whatever their origin.
      authorize: () => ({}),
      signal: options.signal,
      onProgress: (files) => options.onProgress(files, 'download'),
      locate: (source, file) => partUrl(source, file.path, single),
    });
    await downloader.downloadAll();
    const sources = await downloader.servedBy();
    try {
      const archive = await storedArchive(record, origin.parts);
      const { selection, manifest } = await unpackInto(
        {
          repo: record.repo,
          commit: record.commit,
          source: sources.join(' '),
          selection: options.selection,
          manifest: origin.manifest ?? null,
          signal: options.signal,
          onProgress: (files) => options.onProgress(files, 'unpack'),
        },
        (onEntry) => readArchive(archive.stream(), origin.format, onEntry),
      );
      const partPaths = record.files.map((f) => f.path);
      await deleteFiles(record.repo, record.commit, partPaths);
      const complete: ModelRecord = {
        ...record,
        dtype: selection.dtype,
        externalData: selection.externalData,
        files: selection.files,
        totalBytes: selection.totalBytes,
        completedAt: Date.now(),
        servedBy: sources,
        origin: { ...origin, ...packedFrom(manifest) },
      };
      await putModel(complete);
      return complete;
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      const knownParts = origin.parts.every((p) => p.sha256);
      if (!(error instanceof ModelsError) || knownParts || (error.code !== 'integrity' && error.code !== 'archive')) throw error;
      // The parts had only their sizes to be checked by, and the files inside are wrong or
      // unreadable: every source that served them is suspect; fetch them again from the others.
      await blameSources(record, sources);
    }
  }
}

async function blameSources(record: ModelRecord, sources: readonly string[]): Promise<void> {
  for (const file of record.files) {
    const state = (await getFileState(record.repo, record.commit, file.path)) ?? { complete: false, badSources: [] };
    const badSources = [...new Set([...state.badSources, ...sources])];
    await deletePieces(record.repo, record.commit, file.path);
    await putFileState(record.repo, record.commit, file.path, { complete: false, badSources });
  }
}
