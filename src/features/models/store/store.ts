/**
 * The model store in IndexedDB (through idb-keyval's single object store). Keys are arrays (see
 * keys.ts): a record per model, a state per file, and the file's bytes as Blob pieces, so no file
 * is ever held whole in one ArrayBuffer.
 */
import { createStore, get, set, setMany, type UseStore } from 'idb-keyval';
import type { FileState, ModelRecord, PieceEntry, StoredPiece, StoreKey } from '../types';
import { fileKey, modelKey, pieceKey, prefixRange } from './keys';

export const DB_NAME = 'video-to-text-models';
export const STORE_NAME = 'entries';

let store: UseStore | null = null;
function db(): UseStore {
  store ??= createStore(DB_NAME, STORE_NAME);
  return store;
}

export const putModel = (record: ModelRecord) => set(modelKey(record.repo, record.commit), record, db());
export const getFileState = (repo: string, commit: string, path: string) =>
  get<FileState>(fileKey(repo, commit, path), db());
export const putFileState = (repo: string, commit: string, path: string, state: FileState) =>
  set(fileKey(repo, commit, path), state, db());
/** Several consecutive pieces of a file in one transaction (pieces queue up while IndexedDB is busy). */
export const putPieces = (repo: string, commit: string, path: string, pieces: readonly { start: number; piece: StoredPiece }[]) =>
  setMany(
    pieces.map(({ start, piece }) => [pieceKey(repo, commit, path, start), piece]),
    db(),
  );

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Runs `work` in one transaction over the whole store (what spans several kinds of entries at once). */
export function withEntries<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => Promise<T>): Promise<T> {
  return db()(mode, work);
}

export function listModels(): Promise<ModelRecord[]> {
  return db()('readonly', (s) => request(s.getAll(prefixRange(['model'])) as IDBRequest<ModelRecord[]>));
}

/** The stored pieces of a file, in byte order (their sizes come from the Blobs; no bytes are read). */
export function listPieces(repo: string, commit: string, path: string): Promise<PieceEntry[]> {
  const range = prefixRange(['piece', repo, commit, path]);
  return db()('readonly', async (s) => {
    const [keys, values] = await Promise.all([
      request(s.getAllKeys(range)),
      request(s.getAll(range) as IDBRequest<StoredPiece[]>),
    ]);
    return keys.map((key, i) => ({
      start: (key as StoreKey)[4] as number,
      size: values[i]!.blob.size,
      source: values[i]!.source,
    }));
  });
}

/** The file's stored pieces in byte order, as Blobs (lazy handles: nothing is read yet). */
export function pieceBlobs(repo: string, commit: string, path: string): Promise<Blob[]> {
  const range = prefixRange(['piece', repo, commit, path]);
  return db()('readonly', async (s) => {
    const pieces = await request(s.getAll(range) as IDBRequest<StoredPiece[]>);
    return pieces.map((p) => p.blob);
  });
}

export function deletePieces(repo: string, commit: string, path: string, starts?: readonly number[]): Promise<void> {
  return db()('readwrite', async (s) => {
    if (starts) await Promise.all(starts.map((start) => request(s.delete(pieceKey(repo, commit, path, start)))));
    else await request(s.delete(prefixRange(['piece', repo, commit, path])));
  });
}

/** Removes some files of a model (their states and pieces), leaving its record and other files. */
export function deleteFiles(repo: string, commit: string, paths: readonly string[]): Promise<void> {
  return db()('readwrite', async (s) => {
    await Promise.all(
      paths.flatMap((path) => [
        request(s.delete(prefixRange(['piece', repo, commit, path]))),
        request(s.delete(fileKey(repo, commit, path))),
      ]),
    );
  });
}

/** Removes a model: its record, file states and pieces, and nothing else. */
export function deleteModel(repo: string, commit: string): Promise<void> {
  return db()('readwrite', async (s) => {
    await Promise.all([
      request(s.delete(prefixRange(['piece', repo, commit]))),
      request(s.delete(prefixRange(['file', repo, commit]))),
      request(s.delete(modelKey(repo, commit))),
    ]);
  });
}

/**
 * The complete model transformers.js means: by commit or by requested revision; with no revision,
 * only when exactly one complete copy of the repo is stored (otherwise the key is ambiguous).
 */
export function resolveStoredModel(
  models: readonly ModelRecord[],
  repo: string,
  revision: string | null,
): ModelRecord | undefined {
  const complete = models
    .filter((m) => m.repo === repo && m.completedAt !== null)
    .sort((a, b) => b.completedAt! - a.completedAt!);
  if (revision === null) return complete.length === 1 ? complete[0] : undefined;
  return complete.find((m) => m.commit === revision) ?? complete.find((m) => m.revision === revision);
}
