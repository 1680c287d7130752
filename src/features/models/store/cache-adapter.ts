/**
 * Plugs the model store into transformers.js (runs in the transcribe worker). transformers.js then
 * reads model files only from IndexedDB: `env.customCache` answers both key shapes it asks for
 * (see keys.ts), and `env.fetch` answers from the store too, with 404 for anything not stored, so a
 * cache miss (an optional file the repo lacks, say) never turns into a network request.
 */
import type { env as TransformersEnv } from '@huggingface/transformers';
import type { CacheKeyTarget } from '../types';
import { parseCacheKey } from './keys';
import { listModels, pieceBlobs, resolveStoredModel } from './store';

type Env = typeof TransformersEnv;

function contentType(path: string): string {
  return path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
}

async function storedResponse(target: CacheKeyTarget): Promise<Response | undefined> {
  const model = resolveStoredModel(await listModels(), target.repo, target.revision);
  const file = model?.files.find((f) => f.path === target.path);
  if (!model || !file) return undefined;
  // One Blob over the stored pieces: the body streams from IndexedDB as transformers.js reads it.
  const body = new Blob(await pieceBlobs(model.repo, model.commit, file.path), { type: contentType(file.path) });
  if (body.size !== file.size) return undefined;
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': contentType(file.path), 'Content-Length': String(file.size) },
  });
}

export class ModelStoreCache {
  constructor(private readonly env: Env) {}

  /** The stored file for either key shape; `undefined` on a miss, as transformers.js expects. */
  async match(key: string): Promise<Response | undefined> {
    const target = parseCacheKey(key, this.env);
    return target ? storedResponse(target) : undefined;
  }

  /**
   * transformers.js offers what it fetched; everything it can fetch comes from the store already
   * (see `install`), and only the downloader writes there, after checking the hash.
   */
  async put(): Promise<void> {}
}

/** Configures transformers.js's `env` to read models from the store and nowhere else. */
export function installModelStore(env: Env): void {
  env.useBrowserCache = false;
  env.useCustomCache = true;
  env.customCache = new ModelStoreCache(env);
  env.fetch = async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const target = parseCacheKey(url, env);
    const response = target ? await storedResponse(target) : undefined;
    return response ?? new Response(null, { status: 404, statusText: 'Not in the model store' });
  };
}
