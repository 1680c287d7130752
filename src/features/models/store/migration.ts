/**
 * Before the model store, transformers.js kept downloads in the Cache API under "transformers-cache".
 * Nothing reads them any more, so that cache (and only that one: transcripts and the app's own
 * offline cache live elsewhere) is deleted once, to give the space back.
 */
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
