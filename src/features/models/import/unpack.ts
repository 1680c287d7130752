/**
 * Puts a model's files into the store from a stream of entries (an archive being decoded, or the
 * files of a chosen folder): each file is stored and hashed in one pass, checked against the
 * manifest when there is one, and only the files this device needs are kept. A failure leaves
 * nothing of this import behind, and nothing else is touched.
 */
import { ModelsError } from '../errors';
import { deleteFiles, putFileState } from '../store/store';
import type { FileProgress, FileSelection, ModelManifest, SelectionOptions } from '../types';
import type { EntrySink, OnEntry } from './archive-reader';
import { StoreFileWriter, type WrittenFile } from './file-writer';
import { mayBeModelFile, modelPath, rootOf, selectFromListing } from './layout';
import { MANIFEST_NAME, parseManifest } from './manifest';

/** A manifest is a few kilobytes; a "manifest" larger than this is not one. */
const MANIFEST_MAX_BYTES = 1024 * 1024;

export interface UnpackTarget {
  repo: string;
  commit: string;
  /** Stored as the source of every piece ("served by"). */
  source: string;
  selection: SelectionOptions;
  /** The manifest beside the archive, if one was found: it decides which files to keep before any is read. */
  manifest: ModelManifest | null;
  /** Stops the import between two chunks (what was written is removed). */
  signal?: AbortSignal;
  onProgress: (files: readonly FileProgress[]) => void;
}

/** Feeds every entry to `onEntry`, in order (archive-reader.ts `readArchive`, or local-files.ts). */
export type EntrySource = (onEntry: OnEntry) => Promise<void>;

export interface Unpacked {
  selection: FileSelection;
  /** The manifest used (beside the archive, or its first entry), if any. */
  manifest: ModelManifest | null;
}

/** Collects a manifest entry's text (bounded) and parses it once complete. */
class ManifestSink implements EntrySink {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  manifest: ModelManifest | null = null;

  async write(chunk: Uint8Array): Promise<void> {
    this.bytes += chunk.length;
    if (this.bytes > MANIFEST_MAX_BYTES) throw new ModelsError({ code: 'archive', detail: `${MANIFEST_NAME} is too large` });
    this.chunks.push(chunk.slice());
  }

  async close(): Promise<void> {
    this.manifest = parseManifest(await new Blob(this.chunks as BlobPart[]).text());
  }
}

function mismatch(path: string, detail: string): ModelsError {
  return new ModelsError({ code: 'integrity', detail: `${path}: ${detail}` });
}

export async function unpackInto(target: UnpackTarget, entries: EntrySource): Promise<Unpacked> {
  const { repo, commit, source } = target;
  let manifest = target.manifest;
  let planned = manifest ? selectFromListing(manifest.files, target.selection) : null;
  let root: string | null = null;
  let manifestSink: ManifestSink | null = null;
  const writers = new Map<string, StoreFileWriter>();
  const progress: FileProgress[] = [];

  const onEntry: OnEntry = async (entryPath, size) => {
    // A manifest read from the archive itself decides what to keep from the next entry on.
    if (manifestSink?.manifest && !planned) {
      manifest = manifestSink.manifest;
      planned = selectFromListing(manifest.files, target.selection);
    }
    root ??= rootOf(entryPath);
    const path = modelPath(entryPath, root);
    if (path === null) return null;
    if (path === MANIFEST_NAME) {
      if (manifest || manifestSink) return null;
      return (manifestSink = new ManifestSink());
    }
    const expected = planned?.files.find((f) => f.path === path);
    if (planned ? !expected : !mayBeModelFile(path)) return null;
    if (writers.has(path)) throw new ModelsError({ code: 'archive', detail: `${path} appears twice` });
    const writer = await StoreFileWriter.open(repo, commit, path, source);
    writers.set(path, writer);
    const entry: FileProgress = { path, size: expected?.size ?? size ?? 0, loaded: 0, status: 'unpacking' };
    progress.push(entry);
    target.onProgress(progress);
    return {
      write: async (chunk) => {
        target.signal?.throwIfAborted();
        await writer.write(chunk);
        entry.loaded += chunk.length;
        target.onProgress(progress);
      },
      close: async () => {
        await writer.close();
        entry.status = 'done';
        entry.size = entry.loaded;
        target.onProgress(progress);
      },
    };
  };

  try {
    await entries(onEntry);
    // (Assigned inside onEntry, which the compiler cannot see.)
    manifest ??= (manifestSink as ManifestSink | null)?.manifest ?? null;
    const written = [...writers.values()].map((w) => w.written).filter((w): w is WrittenFile => w !== null);
    const selection = planned ?? (manifest ? selectFromListing(manifest.files, target.selection) : selectFromListing(written, target.selection));
    for (const file of selection.files) {
      const got = written.find((w) => w.path === file.path);
      if (!got) throw new ModelsError({ code: 'layout', detail: `${file.path} is listed but not in the archive` });
      if (got.size !== file.size) throw mismatch(file.path, `${got.size} bytes instead of ${file.size}`);
      if (file.integrity.kind === 'sha256' && got.sha256 !== file.integrity.hex) throw mismatch(file.path, 'sha256 differs from the manifest');
    }
    // Other precisions and stray files were stored while it was not yet known which ones count.
    const unused = [...writers.keys()].filter((path) => !selection.files.some((f) => f.path === path));
    if (unused.length > 0) await deleteFiles(repo, commit, unused);
    const files = selection.files.map((file) => ({
      ...file,
      integrity: { kind: 'sha256' as const, hex: written.find((w) => w.path === file.path)!.sha256 },
    }));
    for (const file of files) await putFileState(repo, commit, file.path, { complete: true, badSources: [] });
    return { selection: { ...selection, files }, manifest };
  } catch (error) {
    await deleteFiles(repo, commit, [...writers.keys()]).catch(() => undefined);
    throw error;
  }
}
