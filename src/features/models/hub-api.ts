/**
 * The Hub's model API, asked through the configured sources in order: which commit a revision
 * is at, and the repo's file tree at that commit (sizes and LFS sha256s).
 */
import { ModelsFailure } from './errors';
import type { HubTreeEntry } from './select-files';
import { authHeaders, revisionUrl, treeUrl } from './sources';

export interface RepoSnapshot {
  repo: string;
  revision: string;
  /** The pinned commit sha: every file is downloaded at this commit. */
  commit: string;
  tree: HubTreeEntry[];
}

export interface ApiOptions {
  token: string;
  signal?: AbortSignal;
}

const API_TIMEOUT_MS = 20_000;

/** Answers that no other source will change: the repo or revision does not exist, or needs a token. */
function definiteFailure(response: Response): ModelsFailure | null {
  const code = response.headers.get('x-error-code');
  if (code === 'GatedRepo' || response.status === 403) {
    return new ModelsFailure({ code: 'unauthorized', detail: `${response.status} ${code ?? ''}`.trim() });
  }
  if (code === 'RepoNotFound' || code === 'RevisionNotFound' || response.status === 404 || response.status === 401) {
    return new ModelsFailure({ code: 'not-found', detail: `${response.status} ${code ?? ''}`.trim() });
  }
  return null;
}

async function getJson(url: string, { token, signal }: ApiOptions): Promise<{ body: unknown; next: string | null }> {
  const timeout = AbortSignal.timeout(API_TIMEOUT_MS);
  const response = await fetch(url, {
    headers: { Accept: 'application/json', ...authHeaders(token) },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    cache: 'no-store',
  });
  if (!response.ok) {
    const definite = definiteFailure(response);
    if (definite) throw definite;
    throw new Error(`HTTP ${response.status} from ${url}`);
  }
  // The Hub pages long trees: `Link: <…>; rel="next"`.
  const next = response.headers.get('link')?.match(/<([^>]+)>;\s*rel="next"/)?.[1] ?? null;
  return { body: await response.json(), next };
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
  return { repo, revision, commit: info.sha, tree };
}

/**
 * The first source that answers decides. A source that says "not found" or "needs a token" may be a
 * mirror lacking the repo, so the others are asked too; that answer is reported only if no source has it.
 */
export async function fetchRepoSnapshot(
  sources: readonly string[],
  repo: string,
  revision: string,
  options: ApiOptions,
): Promise<RepoSnapshot> {
  const failures: string[] = [];
  let definite: ModelsFailure | null = null;
  for (const source of sources) {
    try {
      return await snapshotFrom(source, repo, revision, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (error instanceof ModelsFailure) definite ??= error;
      failures.push(`${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw definite ?? new ModelsFailure({ code: 'download', detail: failures.join('; ') });
}
