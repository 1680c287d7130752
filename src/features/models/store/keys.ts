/**
 * Keys of the model store and the keys transformers.js asks its cache for. Pure string work.
 *
 * transformers.js asks `env.customCache.match` for two shapes of key per file, in this order
 * (src/utils/hub.js, buildResourcePaths and checkCachedResource):
 *   1. the local path: `{env.localModelPath}{repo}/{file}`, e.g. `/models/onnx-community/whisper-base/onnx/encoder_model.onnx`
 *   2. the remote URL: `{env.remoteHost}{repo}/resolve/{revision}/{file}` (the revision URI-encoded)
 */
import type { CacheKeyTarget, StoreKey } from '../types';

export const modelKey = (repo: string, commit: string): StoreKey => ['model', repo, commit];
export const fileKey = (repo: string, commit: string, path: string): StoreKey => ['file', repo, commit, path];
export const pieceKey = (repo: string, commit: string, path: string, start: number): StoreKey => [
  'piece',
  repo,
  commit,
  path,
  start,
];

/**
 * Every key that starts with `prefix`. IndexedDB orders arrays element by element and any array
 * after every number or string, so `[...prefix, []]` is past all of them.
 */
export function prefixRange(prefix: StoreKey): IDBKeyRange {
  return IDBKeyRange.bound(prefix, [...prefix, []]);
}

const REPO = /^([\w.-]+\/[\w.-]+)\/(.+)$/;

function ensureSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** Which stored file a transformers.js cache key means, or null for a key of neither shape. */
export function parseCacheKey(
  key: string,
  { remoteHost, localModelPath }: { remoteHost: string; localModelPath: string },
): CacheKeyTarget | null {
  const remote = ensureSlash(remoteHost);
  if (key.startsWith(remote)) {
    const match = key.slice(remote.length).match(/^([\w.-]+\/[\w.-]+)\/resolve\/([^/]+)\/(.+)$/);
    if (!match) return null;
    return { repo: match[1]!, revision: decodeURIComponent(match[2]!), path: match[3]! };
  }
  const local = ensureSlash(localModelPath);
  if (key.startsWith(local)) {
    const match = key.slice(local.length).match(REPO);
    if (!match) return null;
    return { repo: match[1]!, revision: null, path: match[2]! };
  }
  return null;
}
