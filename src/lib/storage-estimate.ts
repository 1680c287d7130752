/**
 * How much this site stores, as the browser tells it, and how much of that the service worker
 * keeps (Cache Storage and its own scripts): the part of the usage no feature's store explains.
 */

/** Chrome adds a per-storage breakdown to the estimate (not standard; absent elsewhere). */
interface DetailedEstimate extends StorageEstimate {
  usageDetails?: Partial<Record<'caches' | 'serviceWorkerRegistrations' | 'indexedDB' | 'fileSystem', number>>;
}

export interface SiteEstimate {
  usage: number;
  quota: number;
  /** Bytes of Cache Storage and the service worker's scripts. */
  offline: number;
}

/**
 * The bytes of one cache's responses: each one's Content-Length, else its body's size (read only
 * for responses that do not say; Cache Storage keeps the headers it was given).
 */
export async function cacheBytes(cache: Cache): Promise<number> {
  let bytes = 0;
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (!response) continue;
    const length = Number(response.headers.get('content-length'));
    bytes += length > 0 ? length : (await response.blob()).size;
  }
  return bytes;
}

async function allCachesBytes(): Promise<number> {
  if (typeof caches === 'undefined') return 0;
  let bytes = 0;
  for (const name of await caches.keys()) bytes += await cacheBytes(await caches.open(name));
  return bytes;
}

/** The estimate, or null when the browser gives none (no StorageManager, or it refused). */
export async function estimateStorage(): Promise<SiteEstimate | null> {
  const estimate: DetailedEstimate | null = (await navigator.storage?.estimate?.().catch(() => null)) ?? null;
  if (estimate?.quota === undefined) return null;
  const details = estimate.usageDetails;
  // Without Chrome's breakdown the caches are summed response by response (slower, and only
  // what Cache Storage holds: a service worker's scripts are too small to matter).
  const offline = details ? (details.caches ?? 0) + (details.serviceWorkerRegistrations ?? 0) : await allCachesBytes().catch(() => 0);
  return { usage: estimate.usage ?? 0, quota: estimate.quota, offline };
}
