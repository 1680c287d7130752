/**
 * Leftovers in the model store: file states and pieces that no model uses — their model's record
 * is gone, or the complete model does not list their file. An interrupted delete or cancel, or an
 * older version of the app, can leave them; nothing reads them again, they only take space.
 */
import type { ModelRecord, StoredPiece, StoreKey } from '../types';
import { prefixRange } from './keys';
import { request, withEntries } from './store';

export interface Leftovers {
  entries: number;
  /** The pieces' bytes (a file state's few bytes are not counted). */
  bytes: number;
}

/**
 * The keys among `keys` that are leftovers, given every model record. Only file states and pieces
 * can be: a record is the model itself, and a key of a shape this version does not know may be a
 * newer version's (in another tab), so it stays. An unfinished model keeps everything under its
 * commit: an import writes its files before its record lists them.
 */
export function leftoverKeys(keys: readonly StoreKey[], models: readonly ModelRecord[]): StoreKey[] {
  const byCommit = new Map(models.map((m) => [JSON.stringify([m.repo, m.commit]), m]));
  return keys.filter(([kind, repo, commit, path]) => {
    if ((kind !== 'file' && kind !== 'piece') || typeof repo !== 'string' || typeof commit !== 'string') return false;
    const model = byCommit.get(JSON.stringify([repo, commit]));
    if (!model) return true;
    if (model.completedAt === null) return false;
    return !model.files.some((f) => f.path === path);
  });
}

async function collect(store: IDBObjectStore): Promise<{ keys: StoreKey[]; bytes: number }> {
  const [keys, models] = await Promise.all([
    request(store.getAllKeys()) as Promise<StoreKey[]>,
    request(store.getAll(prefixRange(['model'])) as IDBRequest<ModelRecord[]>),
  ]);
  const found = leftoverKeys(keys, models);
  // A piece's Blob tells its size; its bytes are never read.
  const pieces = await Promise.all(
    found.filter((key) => key[0] === 'piece').map((key) => request(store.get(key) as IDBRequest<StoredPiece | undefined>)),
  );
  return { keys: found, bytes: pieces.reduce((sum, piece) => sum + (piece?.blob.size ?? 0), 0) };
}

export function findStoreLeftovers(): Promise<Leftovers> {
  return withEntries('readonly', async (store) => {
    const { keys, bytes } = await collect(store);
    return { entries: keys.length, bytes };
  });
}

/**
 * Deletes the leftovers. Found and deleted in one transaction, so no write of a download or import
 * (this tab's or another's) lands between the look and the delete; and each of them stores its
 * unfinished record before any of its files, so nothing it uses is taken for a leftover.
 */
export function clearStoreLeftovers(): Promise<Leftovers> {
  return withEntries('readwrite', async (store) => {
    const { keys, bytes } = await collect(store);
    await Promise.all(keys.map((key) => request(store.delete(key))));
    return { entries: keys.length, bytes };
  });
}
