// @ts-check
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from './server.mjs';
import { ONNX_PATH, ONNX_SIZE, REPO_ID, makeRoot, readBody, sha256 } from './test-fixtures.mjs';

/** @type {Awaited<ReturnType<typeof makeRoot>>} */
let fixture;
/** @type {import('./server.mjs').Hub} */
let hub;
const onnxUrl = () => `${hub.url}/${REPO_ID}/resolve/main/${ONNX_PATH}`;
const configUrl = () => `${hub.url}/${REPO_ID}/resolve/main/config.json`;

beforeAll(async () => {
  fixture = await makeRoot();
  hub = await startHub({ roots: [fixture.root] });
});
afterAll(async () => {
  await hub?.close();
  await fixture?.cleanup();
});
afterEach(() => {
  hub.clearFaults();
  hub.clearLog();
});

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [init] a non-string body is sent as JSON
 */
async function admin(path, { method = 'GET', body } = {}) {
  const res = await fetch(`${hub.url}/__hub/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe('cut', () => {
  it('drops the connection after afterBytes: the client gets fewer bytes and an error', async () => {
    hub.setFaults([{ match: ONNX_PATH, kind: 'cut', afterBytes: 100_000 }]);
    const res = await fetch(onnxUrl());
    expect(res.status).toBe(200);
    const { bytes, error } = await readBody(res);
    expect(error).toBeInstanceOf(Error);
    expect(bytes.length).toBe(100_000);
    expect(bytes.equals(fixture.files[ONNX_PATH].subarray(0, 100_000))).toBe(true);
    await expect.poll(() => hub.log().at(-1)).toMatchObject({ path: `/${REPO_ID}/resolve/main/${ONNX_PATH}`, status: 200, bytesSent: 100_000, faults: ['cut'], complete: false });
  });

  it('affects only `times` responses, and a response too short to reach afterBytes does not use it up', async () => {
    hub.setFaults([{ match: '*', kind: 'cut', afterBytes: 1000, times: 1 }]);
    // transformers.js probes each file with a 1-byte range first; that must not consume the fault.
    const probe = await fetch(onnxUrl(), { headers: { Range: 'bytes=0-0' } });
    expect((await readBody(probe)).error).toBeNull();
    expect(hub.faults()[0].hits).toBe(0);

    const first = await readBody(await fetch(onnxUrl()));
    expect(first.error).toBeInstanceOf(Error);
    expect(first.bytes.length).toBe(1000);
    const second = await readBody(await fetch(onnxUrl()));
    expect(second.error).toBeNull();
    expect(sha256(second.bytes)).toBe(sha256(fixture.files[ONNX_PATH]));
    expect(hub.faults()[0]).toMatchObject({ kind: 'cut', times: 1, hits: 1 });
  });
});

describe('status', () => {
  it('answers with the injected status, CORS included, then recovers after `times`', async () => {
    hub.setFaults([{ match: 'config.json', kind: 'status', status: 503, times: 2 }]);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(configUrl());
      expect(res.status).toBe(503);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect((await res.json()).error).toMatch(/503/);
    }
    const ok = await fetch(configUrl());
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(fixture.files['config.json'])).toBe(true);
  });

  it("defaults to 500, and '*' hits downloads but not the API", async () => {
    hub.setFaults([{ match: '*', kind: 'status' }]);
    const download = await fetch(configUrl());
    expect(download.status).toBe(500);
    await download.arrayBuffer();
    const api = await fetch(`${hub.url}/api/models/${REPO_ID}`);
    expect(api.status).toBe(200);
    await api.arrayBuffer();
  });

  it('hits the API when match names it, and only the listed methods', async () => {
    hub.setFaults([
      { match: '/api/models', kind: 'status', status: 429 },
      { match: 'tokenizer.json', kind: 'status', methods: ['head'] },
    ]);
    const api = await fetch(`${hub.url}/api/models/${REPO_ID}`);
    expect(api.status).toBe(429);
    await api.arrayBuffer();
    const tokenizer = `${hub.url}/${REPO_ID}/resolve/main/tokenizer.json`;
    expect((await fetch(tokenizer, { method: 'HEAD' })).status).toBe(500);
    const get = await fetch(tokenizer);
    expect(get.status).toBe(200);
    await get.arrayBuffer();
  });
});

describe('stall', () => {
  it('sends afterBytes then nothing, which only a client-side timeout detects', async () => {
    hub.setFaults([{ match: ONNX_PATH, kind: 'stall', afterBytes: 50_000 }]);
    const started = Date.now();
    const res = await fetch(onnxUrl(), { signal: AbortSignal.timeout(300) });
    expect(res.status).toBe(200);
    const { bytes, error } = await readBody(res);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(bytes.length).toBe(50_000);
    await expect.poll(() => hub.log().at(-1)).toMatchObject({ bytesSent: 50_000, faults: ['stall'], complete: false });
  });
});

describe('corrupt', () => {
  it('flips bytes from afterBytes on, keeping the length', async () => {
    hub.setFaults([{ match: ONNX_PATH, kind: 'corrupt', afterBytes: 1000, times: 1 }]);
    const original = fixture.files[ONNX_PATH];
    const { bytes, error } = await readBody(await fetch(onnxUrl()));
    expect(error).toBeNull();
    expect(bytes.length).toBe(ONNX_SIZE);
    expect(sha256(bytes)).not.toBe(sha256(original));
    expect(bytes.subarray(0, 1000).equals(original.subarray(0, 1000))).toBe(true);
    expect(bytes[1000]).toBe(original[1000] ^ 0xff);
    expect(bytes[ONNX_SIZE - 1]).toBe(original[ONNX_SIZE - 1] ^ 0xff);
    // times: 1 — the next download is intact.
    expect(sha256((await readBody(await fetch(onnxUrl()))).bytes)).toBe(sha256(original));
  });

  it('counts afterBytes from the start of the range, not of the file', async () => {
    hub.setFaults([{ match: ONNX_PATH, kind: 'corrupt', afterBytes: 10 }]);
    const original = fixture.files[ONNX_PATH];
    const { bytes } = await readBody(await fetch(onnxUrl(), { headers: { Range: 'bytes=500-519' } }));
    expect(bytes.subarray(0, 10).equals(original.subarray(500, 510))).toBe(true);
    expect(bytes[10]).toBe(original[510] ^ 0xff);
  });
});

describe('delay', () => {
  it('waits delayMs before the headers', async () => {
    hub.setFaults([{ match: 'config.json', kind: 'delay', delayMs: 300 }]);
    const started = Date.now();
    const res = await fetch(configUrl());
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture.files['config.json'])).toBe(true);
  });

  it('throttles the body to bytesPerSecond', async () => {
    hub.setFaults([{ match: ONNX_PATH, kind: 'delay', bytesPerSecond: 500_000 }]);
    const started = Date.now();
    const res = await fetch(onnxUrl(), { headers: { Range: 'bytes=0-99999' } });
    const { bytes } = await readBody(res);
    const elapsed = Date.now() - started;
    expect(bytes.equals(fixture.files[ONNX_PATH].subarray(0, 100_000))).toBe(true);
    // 100 kB at 500 kB/s is 200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('admin endpoints over HTTP', () => {
  it('replaces, lists with hit counts and clears faults', async () => {
    const set = await admin('faults', { method: 'POST', body: { faults: [{ match: 'config.json', kind: 'status', status: 500 }] } });
    expect(set.status).toBe(200);
    expect(set.body.faults).toEqual([{ match: 'config.json', kind: 'status', status: 500, hits: 0 }]);
    await (await fetch(configUrl())).arrayBuffer();
    expect((await admin('faults')).body.faults[0].hits).toBe(1);
    expect((await admin('faults', { method: 'DELETE' })).body.faults).toEqual([]);
    expect((await fetch(configUrl(), { method: 'HEAD' })).status).toBe(200);
  });

  it('rejects invalid faults with 400 and keeps the previous list', async () => {
    hub.setFaults([{ match: 'x', kind: 'stall' }]);
    for (const body of [{ faults: [{ match: 'x', kind: 'explode' }] }, { faults: [{ match: 'x', kind: 'cut', afterbytes: 5 }] }, { nope: [] }, 'not json']) {
      const res = await admin('faults', { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBeTruthy();
    }
    expect(hub.faults()).toEqual([{ match: 'x', kind: 'stall', afterBytes: 0, hits: 0 }]);
    expect(() => hub.setFaults([{ match: '', kind: 'cut' }])).toThrow(TypeError);
  });

  it('returns and clears the request log, without logging itself', async () => {
    await (await fetch(configUrl(), { headers: { Range: 'bytes=0-3' } })).arrayBuffer();
    const { body } = await admin('log');
    expect(body.log).toEqual([
      {
        method: 'GET',
        path: `/${REPO_ID}/resolve/main/config.json`,
        range: 'bytes=0-3',
        status: 206,
        bytesSent: 4,
        ts: expect.any(Number),
        faults: [],
        complete: true,
        authorization: false,
      },
    ]);
    expect((await admin('log', { method: 'DELETE' })).body.log).toEqual([]);
    expect(hub.log()).toEqual([]);
  });

  it('can be called from a page on another origin (CORS, preflight allows POST and DELETE)', async () => {
    const preflight = await fetch(`${hub.url}/__hub/faults`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect((await admin('log')).headers.get('access-control-allow-origin')).toBe('*');
  });
});
