// @ts-check
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from './server.mjs';

describe('plain files at /files/', () => {
  /** @type {import('./server.mjs').Hub} */
  let hub;
  let dir = '';
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hub-files-'));
    await writeFile(path.join(dir, 'model.zip'), bytes);
    hub = await startHub({ files: [dir] });
  });
  afterAll(async () => {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a file whole and by Range, with its sha256 as ETag and CORS headers', async () => {
    const whole = await fetch(`${hub.url}/files/model.zip`);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);
    expect(whole.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(whole.headers.get('access-control-allow-origin')).toBe('*');
    const part = await fetch(`${hub.url}/files/model.zip`, { headers: { Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    expect((await fetch(`${hub.url}/files/missing.zip`)).status).toBe(404);
  });

  it('takes the download faults, and logs whether a token came along', async () => {
    hub.setFaults([{ match: 'model.zip', kind: 'corrupt', afterBytes: 5, times: 1 }]);
    const corrupted = Buffer.from(await (await fetch(`${hub.url}/files/model.zip`, { headers: { Authorization: 'Bearer x' } })).arrayBuffer());
    expect(corrupted[5]).toBe(/** @type {number} */ (bytes[5]) ^ 0xff);
    hub.setFaults([{ match: '*', kind: 'status', status: 503, times: 1 }]);
    expect((await fetch(`${hub.url}/files/model.zip`)).status).toBe(503);
    hub.clearFaults();
    const entries = hub.log().filter((e) => e.path === '/files/model.zip');
    expect(entries.some((e) => e.authorization)).toBe(true);
  });
});
