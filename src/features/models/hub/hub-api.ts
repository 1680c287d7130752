/**
 * The Hub's model API, asked through the sources in order: which commit a revision is at, the
 * repo's file tree at that commit (sizes and LFS sha256s), and which repos a server has.
 */
import { definiteFailure, ModelsError } from '../errors';
import type { ApiOptions, HubTreeEntry, RepoSnapshot } from '../types';
import { modelInfoUrl, revisionUrl, treeUrl } from './sources';

const API_TIMEOUT_MS = 20_000;
/** A listing check is a nicety: a slow server must not hold the model list back for long. */
const LISTING_TIMEOUT_MS = 10_000;

async function getJson(url: string, { authorize, signal }: ApiOptions): Promise<{ body: unknown; next: string | null }> {
  const timeout = AbortSignal.timeout(API_TIMEOUT_MS);
  const response = await fetch(url, {
    headers: { Accept: 'application/json', ...authorize(url) },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    cache: 'no-store',
  });
  if (!response.ok) {
    const definite = definiteFailure(response);
    if (definite) throw definite;
    throw new Error(`HTTP ${response.status} from ${url}`);
  }
  // The Hub pages long trees: `Link: <…>; rel="next"`. Only on the same server: a listing that
  // points elsewhere is not followed (it would take the request, and the checksums, to another host).
  const link = response.headers.get('link')?.match(/<([^>]+)>;\s*rel="next"/)?.[1] ?? null;
  const next = link === null ? null : new URL(link, url);
  if (next && next.origin !== new URL(url).origin) throw new Error(`the listing continues on another host (${next.origin})`);
  return { body: await response.json(), next: next?.href ?? null };
}

function isTreeEntry(value: unknown): value is HubTreeEntry {
  const entry = value as HubTreeEntry;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    (entry.type === 'file' || entry.type === 'directory') &&
    typeof entry.path === 'string' &&
    typeof entry.size === 'number'
  );
}

async function snapshotFrom(source: string, repo: string, revision: string, options: ApiOptions): Promise<RepoSnapshot> {
  const info = (await getJson(revisionUrl(source, repo, revision), options)).body as { sha?: unknown };
  if (typeof info.sha !== 'string' || !/^[0-9a-f]{40}$/.test(info.sha)) throw new Error(`no commit sha for ${repo}@${revision}`);
  const tree: HubTreeEntry[] = [];
  for (let url: string | null = treeUrl(source, repo, info.sha); url; ) {
    const page = await getJson(url, options);
    if (!Array.isArray(page.body) || !page.body.every(isTreeEntry)) throw new Error(`unexpected tree listing for ${repo}`);
    tree.push(...page.body);
    url = page.next;
  }
  return { repo, revision, commit: info.sha, tree, hashesFrom: source };
}

/**
 * The commit and checksums from the first source that has them, asked in `sources` order (the
 * configured Hub first: planSources). A source that says "not found" or "needs a token" may be a
 * mirror lacking the repo, so the others are asked too; that answer is reported only if no source has it.
 */
export async function fetchRepoSnapshot(
  sources: readonly string[],
  repo: string,
  revision: string,
  options: ApiOptions,
): Promise<RepoSnapshot> {
  const failures: string[] = [];
  let definite: ModelsError | null = null;
  for (const source of sources) {
    try {
      return await snapshotFrom(source, repo, revision, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (error instanceof ModelsError) definite ??= error;
      failures.push(`${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw definite ?? new ModelsError({ code: 'download', detail: failures.join('; ') });
}

/** What a server said about the repos it was asked for. */
export interface RepoListing {
  /** The repos its model API answered for: it has them. */
  present: Set<string>;
  /** The repos it could not answer for (a 5xx, a timeout): a flaky server may well have them. */
  unsure: Set<string>;
}

/**
 * Which of `repos` a server has. Only "not found" or "needs a token" (4xx) counts as absent; the
 * unsure ones stay in the model list (a flaky server must not hide a model it may well have) but
 * are never what the app recommends. Null when the server could not be asked at all (offline,
 * unreachable): then nothing is known, which is not "none".
 */
export async function listedRepos(source: string, repos: readonly string[], options: ApiOptions): Promise<RepoListing | null> {
  const answers = await Promise.all(
    repos.map(async (repo): Promise<boolean | null> => {
      const url = modelInfoUrl(source, repo);
      const timeout = AbortSignal.timeout(LISTING_TIMEOUT_MS);
      try {
        const response = await fetch(url, {
          headers: { Accept: 'application/json', ...options.authorize(url) },
          signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
          cache: 'no-store',
        });
        await response.body?.cancel();
        return response.ok ? true : response.status >= 500 ? null : false;
      } catch {
        return null;
      }
    }),
  );
  if (answers.every((a) => a === null)) return null;
  return { present: new Set(repos.filter((_, i) => answers[i] === true)), unsure: new Set(repos.filter((_, i) => answers[i] === null)) };
}
