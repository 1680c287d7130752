/**
 * Before the model store, transformers.js kept downloads in the Cache API under "transformers-cache".
 * Nothing reads them any more, so that cache (and only that one: transcripts and the app's own
 * offline cache live elsewhere) is deleted once, to give the space back.
 */
import { cacheBytes } from '../../../lib/storage-estimate';

const LEGACY_CACHE = 'transformers-cache';
const DONE_FLAG = 'video-to-text:legacy-model-cache-cleared';

export async function clearLegacyModelCache(): Promise<boolean> {
  try {
    if (localStorage.getItem(DONE_FLAG) || typeof caches === 'undefined') return false;
    const deleted = await caches.delete(LEGACY_CACHE);
    localStorage.setItem(DONE_FLAG, '1');
    return deleted;
  } catch {
    return false; // storage blocked (private mode): nothing to clean either
  }
}

/**
 * What the old cache still holds: normally nothing, as it is deleted on the first start; an older
 * version of the app open in another tab can fill it again after that.
 */
export async function legacyCacheBytes(): Promise<number> {
  try {
    if (typeof caches === 'undefined' || !(await caches.has(LEGACY_CACHE))) return 0;
    return await cacheBytes(await caches.open(LEGACY_CACHE));
  } catch {
    return 0;
  }
}

/** Deletes the old cache now, whether or not it was deleted once before (Clear leftovers). */
export async function deleteLegacyModelCache(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(LEGACY_CACHE).catch(() => false);
}
