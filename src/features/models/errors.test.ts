import { describe, expect, it } from 'vitest';
import { definiteFailure, isQuotaError, ModelsError } from './errors';

const answer = (status: number, hubCode?: string) =>
  new Response(null, { status, headers: hubCode ? { 'X-Error-Code': hubCode } : {} });

describe('definiteFailure', () => {
  it('follows the Hub’s X-Error-Code first: a 401 is "not found" for RepoNotFound, "unauthorized" for GatedRepo', () => {
    expect(definiteFailure(answer(401, 'RepoNotFound'))?.info).toEqual({ code: 'not-found', detail: 'HTTP 401 RepoNotFound' });
    expect(definiteFailure(answer(404, 'RevisionNotFound'))?.code).toBe('not-found');
    expect(definiteFailure(answer(401, 'GatedRepo'))?.info).toEqual({ code: 'unauthorized', detail: 'HTTP 401 GatedRepo' });
    expect(definiteFailure(answer(403, 'GatedRepo'))?.code).toBe('unauthorized');
  });

  it('reads the status where no code is named: 401 and 403 need a token, 404 is not found', () => {
    expect(definiteFailure(answer(401))?.info).toEqual({ code: 'unauthorized', detail: 'HTTP 401' });
    expect(definiteFailure(answer(403))?.code).toBe('unauthorized');
    expect(definiteFailure(answer(404))?.info).toEqual({ code: 'not-found', detail: 'HTTP 404' });
    expect(definiteFailure(answer(404, 'EntryNotFound'))?.code).toBe('not-found');
  });

  it('leaves answers worth retrying to the caller', () => {
    for (const status of [400, 408, 429, 500, 502, 503]) expect(definiteFailure(answer(status)), String(status)).toBeNull();
  });
});

describe('ModelsError', () => {
  it('carries its code and the plain data the app keeps', () => {
    const error = new ModelsError({ code: 'quota', neededBytes: 5, detail: 'full' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ModelsError');
    expect(error.code).toBe('quota');
    expect(error.info).toEqual({ code: 'quota', neededBytes: 5, detail: 'full' });
    expect(error.message).toBe('quota: full');
  });
});

describe('isQuotaError', () => {
  it('recognises the browser’s quota errors only', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
  });
});
