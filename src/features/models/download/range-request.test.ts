/**
 * One Range request against the project's real local Hub (tools/hub), over HTTP: what arrives is
 * stored, what arrived before a cut stays stored, and which answers mean "do not ask again".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../../tools/hub/server.mjs';
import { makeRoot, ONNX_PATH, ONNX_SIZE, REPO_ID } from '../../../../tools/hub/test-fixtures.mjs';
import { ModelsError } from '../errors';
import { fileUrl } from '../hub/sources';
import type { PieceBatch } from './piece-writer';
import { fetchRange, RequestError, type RangeRequest } from './range-request';

let fixture: Awaited<ReturnType<typeof makeRoot>>;
let hub: Hub;
let gated: Hub;

beforeAll(async () => {
  fixture = await makeRoot();
  [hub, gated] = await Promise.all([startHub({ roots: [fixture.root] }), startHub({ roots: [fixture.root], gated: [REPO_ID] })]);
});
afterAll(async () => {
  await Promise.all([hub.close(), gated.close()]);
  await fixture.cleanup();
});

/** A request for the fixture's ONNX file from `offset`, storing into `stored`. */
function request(server: Hub, offset: number, stored: PieceBatch[number][], path = ONNX_PATH): RangeRequest {
  return {
    url: fileUrl(`${server.url}/`, REPO_ID, 'main', path),
    headers: {},
    fileSize: ONNX_SIZE,
    offset,
    signal: new AbortController().signal,
    write: async (pieces) => void stored.push(...pieces),
    onProgress: () => undefined,
  };
}

async function bytesOf(pieces: PieceBatch): Promise<Buffer> {
  return Buffer.concat(await Promise.all(pieces.map(async (p) => Buffer.from(await p.blob.arrayBuffer()))));
}

describe('fetchRange', () => {
  it('stores the bytes from the offset on, in consecutive pieces, and returns where the file now ends', async () => {
    const stored: PieceBatch[number][] = [];
    const offset = 1_000_000;
    expect(await fetchRange(request(hub, offset, stored))).toBe(ONNX_SIZE);
    expect(stored[0]!.at).toBe(offset);
    for (const [i, piece] of stored.entries()) if (i > 0) expect(piece.at).toBe(stored[i - 1]!.at + stored[i - 1]!.blob.size);
    expect((await bytesOf(stored)).equals(fixture.files[ONNX_PATH]!.subarray(offset))).toBe(true);
    expect(hub.log().at(-1)).toMatchObject({ status: 206 });
  });

  it('keeps what arrived before the connection was cut, and says how far it got', async () => {
    hub.setFaults([{ match: ONNX_PATH, kind: 'cut', afterBytes: 600_000, times: 1 }]);
    const stored: PieceBatch[number][] = [];
    const failure = await fetchRange(request(hub, 0, stored)).catch((e: unknown) => e);
    hub.clearFaults();
    expect(failure).toBeInstanceOf(RequestError);
    const { code, offset } = failure as RequestError;
    expect(code).toBe('failed');
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(600_000);
    expect((await bytesOf(stored)).equals(fixture.files[ONNX_PATH]!.subarray(0, offset))).toBe(true);
  });

  it('marks refusals (a gated repo without a token, a missing file) apart from errors worth retrying', async () => {
    const refusal = async (req: RangeRequest) => {
      const error = (await fetchRange(req).catch((e: unknown) => e)) as RequestError;
      expect(error).toBeInstanceOf(RequestError);
      return { code: error.code, refusal: error.refusal?.info.code ?? null, offset: error.offset };
    };
    expect(await refusal(request(gated, 0, []))).toEqual({ code: 'refused', refusal: 'unauthorized', offset: 0 });
    expect(await refusal(request(hub, 0, [], 'onnx/missing.onnx'))).toEqual({ code: 'refused', refusal: 'not-found', offset: 0 });
    hub.setFaults([{ match: ONNX_PATH, kind: 'status', status: 503, times: 1 }]);
    expect(await refusal(request(hub, 0, []))).toEqual({ code: 'failed', refusal: null, offset: 0 });
  });

  it('ends on a store failure of the models kind (a full disk): no other source would help', async () => {
    const full = new ModelsError({ code: 'quota', neededBytes: 1 });
    const failure = await fetchRange({ ...request(hub, 0, []), write: () => Promise.reject(full) }).catch((e: unknown) => e);
    expect(failure).toBe(full);
  });
});
