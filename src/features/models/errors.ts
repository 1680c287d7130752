import type { ModelsErrorCode, ModelsErrorInfo } from './types';

/** A models failure that reaches the UI; `info` is what the app keeps and translates. */
export class ModelsError extends Error {
  readonly code: ModelsErrorCode;

  constructor(readonly info: ModelsErrorInfo) {
    super(`${info.code}${info.detail ? `: ${info.detail}` : ''}`);
    this.name = 'ModelsError';
    this.code = info.code;
  }
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

/**
 * An error answer that asking the same server again will not change (the Hub API's and a file
 * download's alike), or null for one worth retrying (5xx, 429, …).
 *
 * The Hub names its refusals in `X-Error-Code`, and that name wins: it answers 401 both for a repo
 * that does not exist (`RepoNotFound`, so that private repos stay hidden) and for a gated one
 * without a token (`GatedRepo`). A bare 401 comes from a server that wants credentials (or
 * rejected the token sent), so it means "unauthorized", as 403 does.
 */
export function definiteFailure(response: Pick<Response, 'status' | 'headers'>): ModelsError | null {
  const { status } = response;
  const hubCode = response.headers.get('x-error-code');
  const detail = `HTTP ${status}${hubCode ? ` ${hubCode}` : ''}`;
  if (hubCode === 'GatedRepo' || status === 403) return new ModelsError({ code: 'unauthorized', detail });
  if (hubCode === 'RepoNotFound' || hubCode === 'RevisionNotFound' || status === 404) return new ModelsError({ code: 'not-found', detail });
  if (status === 401) return new ModelsError({ code: 'unauthorized', detail });
  return null;
}
