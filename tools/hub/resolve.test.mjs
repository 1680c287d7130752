// @ts-check
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from './server.mjs';
import { ONNX_PATH, ONNX_SIZE, REPO_ID, makeRoot, readBody, sha256, writeRepoFile } from './test-fixtures.mjs';

/** @type {Awaited<ReturnType<typeof makeRoot>>} */
let fixture;
/** @type {import('./server.mjs').Hub} */
let hub;
const file = (/** @type {string} */ path, rev = 'main') => `${hub.url}/${REPO_ID}/resolve/${rev}/${path}`;

beforeAll(async () => {
  fixture = await makeRoot();
  hub = await startHub({ roots: [fixture.root] });
});
afterAll(async () => {
  await hub?.close();
  await fixture?.cleanup();
});

describe('resolve/ headers', () => {
  it('serves an LFS file with its sha256 as ETag and X-Linked-* metadata', async () => {
    const res = await fetch(file(ONNX_PATH));
    const body = Buffer.from(await res.arrayBuffer());
    const expected = sha256(fixture.files[ONNX_PATH]);
    expect(res.status).toBe(200);
    expect(body.equals(fixture.files[ONNX_PATH])).toBe(true);
    expect(res.headers.get('etag')).toBe(`"${expected}"`);
    expect(res.headers.get('x-linked-etag')).toBe(`"${expected}"`);
    expect(res.headers.get('x-linked-size')).toBe(String(ONNX_SIZE));
    expect(res.headers.get('content-length')).toBe(String(ONNX_SIZE));
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('serves a small file with the git blob id as ETag and no X-Linked-*', async () => {
    const res = await fetch(file('tokenizer.json'));
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture.files['tokenizer.json'])).toBe(true);
    const content = fixture.files['tokenizer.json'];
    const gitOid = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
    expect(res.headers.get('etag')).toBe(`"${gitOid}"`);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.has('x-linked-etag')).toBe(false);
    expect(res.headers.has('x-linked-size')).toBe(false);
  });

  it('sends CORS and CORP headers that let a cross-origin-isolated page read the metadata', async () => {
    const res = await fetch(file('config.json'));
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    for (const name of ['etag', 'x-linked-etag', 'x-linked-size', 'x-repo-commit', 'content-range', 'accept-ranges', 'content-length', 'x-error-code']) {
      expect(exposed).toContain(name);
    }
  });

  it('answers a CORS preflight for Range and Authorization', async () => {
    const res = await fetch(file(ONNX_PATH), {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range, x-custom' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const name of ['range', 'authorization', 'content-type', 'x-custom']) expect(allowed).toContain(name);
  });

  it('accepts and ignores Authorization on public repos', async () => {
    const res = await fetch(file('config.json'), { headers: { Authorization: 'Bearer hf_dummy' } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it('answers HEAD with the same headers and no body', async () => {
    const res = await fetch(file(ONNX_PATH), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(ONNX_SIZE));
    expect(res.headers.get('x-linked-size')).toBe(String(ONNX_SIZE));
    expect((await readBody(res)).bytes.length).toBe(0);
    expect(hub.log().at(-1)).toMatchObject({ method: 'HEAD', status: 200, bytesSent: 0 });
  });

  it('serves files by commit sha as well as by main', async () => {
    const head = await fetch(file('config.json'), { method: 'HEAD' });
    const commit = /** @type {string} */ (head.headers.get('x-repo-commit'));
    const res = await fetch(file('config.json', commit));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture.files['config.json'])).toBe(true);
  });
});

describe('resolve/ ranges', () => {
  const onnx = () => fixture.files[ONNX_PATH];

  it('serves bytes=a-b as 206 with Content-Range', async () => {
    const res = await fetch(file(ONNX_PATH), { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${ONNX_SIZE}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await res.arrayBuffer()).equals(onnx().subarray(100, 200))).toBe(true);
  });

  it('serves an open-ended range to the end of the file', async () => {
    const res = await fetch(file(ONNX_PATH), { headers: { Range: `bytes=${ONNX_SIZE - 1000}-` } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${ONNX_SIZE - 1000}-${ONNX_SIZE - 1}/${ONNX_SIZE}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(onnx().subarray(ONNX_SIZE - 1000))).toBe(true);
  });

  it('serves a suffix range (last n bytes)', async () => {
    const res = await fetch(file(ONNX_PATH), { headers: { Range: 'bytes=-10' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${ONNX_SIZE - 10}-${ONNX_SIZE - 1}/${ONNX_SIZE}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(onnx().subarray(ONNX_SIZE - 10))).toBe(true);
  });

  it('answers the 1-byte metadata probe transformers.js sends', async () => {
    const res = await fetch(file('config.json'), { headers: { Range: 'bytes=0-0' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-0/${fixture.files['config.json'].length}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fixture.files['config.json'].subarray(0, 1));
  });

  it('answers 416 with bytes */size for a range past the end', async () => {
    const res = await fetch(file(ONNX_PATH), { headers: { Range: `bytes=${ONNX_SIZE}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${ONNX_SIZE}`);
    await res.arrayBuffer();
  });

  it('ignores the range when If-Range names another version (resume of a changed file)', async () => {
    const etag = `"${sha256(onnx())}"`;
    const same = await fetch(file(ONNX_PATH), { headers: { Range: 'bytes=10-19', 'If-Range': etag } });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const other = await fetch(file(ONNX_PATH), { headers: { Range: 'bytes=10-19', 'If-Range': `"${'0'.repeat(64)}"` } });
    expect(other.status).toBe(200);
    expect((await other.arrayBuffer()).byteLength).toBe(ONNX_SIZE);
  });
});

describe('resolve/ errors', () => {
  /** @param {Response} res */
  const errorOf = async (res) => ({ status: res.status, code: res.headers.get('x-error-code'), body: await res.json() });

  it('answers an unknown repo with 401 anonymously and 404 with a token, code RepoNotFound', async () => {
    expect(await errorOf(await fetch(`${hub.url}/nobody/nothing/resolve/main/config.json`))).toEqual({
      status: 401,
      code: 'RepoNotFound',
      body: { error: 'Repository not found' },
    });
    const authed = await fetch(`${hub.url}/nobody/nothing/resolve/main/config.json`, { headers: { Authorization: 'Bearer x' } });
    expect((await errorOf(authed)).status).toBe(404);
  });

  it('answers an unknown revision with 404 RevisionNotFound', async () => {
    const res = await fetch(file('config.json', 'v1.0'));
    expect(await errorOf(res)).toMatchObject({ status: 404, code: 'RevisionNotFound' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a missing file with 404 EntryNotFound, hidden files included', async () => {
    expect(await errorOf(await fetch(file('onnx/missing.onnx')))).toMatchObject({ status: 404, code: 'EntryNotFound' });
    expect(await errorOf(await fetch(file('.DS_Store')))).toMatchObject({ status: 404, code: 'EntryNotFound' });
    expect(await errorOf(await fetch(file('onnx')))).toMatchObject({ status: 404, code: 'EntryNotFound' });
  });

  it('refuses .. in the path, literal or percent-encoded', async () => {
    // fetch() normalises /../ and /%2E%2E/ away before sending, so send raw request lines.
    for (const path of ['onnx/../config.json', 'onnx/%2E%2E/config.json', '..%2F..%2F..%2Fetc%2Fpasswd']) {
      expect(await rawStatus(`/${REPO_ID}/resolve/main/${path}`), path).toBe(400);
    }
    expect(await rawStatus(`/${REPO_ID}/resolve/main/config.json`)).toBe(200);
  });

  it('decodes percent-encoded paths', async () => {
    const res = await fetch(`${hub.url}/${REPO_ID}/resolve/main/onnx%2Fencoder_model.onnx`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-linked-size')).toBe(String(ONNX_SIZE));
  });
});

/**
 * Status of a GET sent with the path exactly as given.
 * @param {string} path
 * @returns {Promise<number | undefined>}
 */
function rawStatus(path) {
  return new Promise((resolve, reject) => {
    request(hub.url, { path }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
      .on('error', reject)
      .end();
  });
}

describe('commit sha', () => {
  it('is stable while content is unchanged and changes when a file changes', async () => {
    const local = await makeRoot();
    const localHub = await startHub({ roots: [local.root] });
    try {
      const commit = async () =>
        (await fetch(`${localHub.url}/${REPO_ID}/resolve/main/config.json`, { method: 'HEAD' })).headers.get('x-repo-commit');
      const first = await commit();
      expect(first).toMatch(/^[0-9a-f]{40}$/);
      expect(await commit()).toBe(first);

      // Rewriting identical bytes changes the mtime but not the content.
      await writeRepoFile(local.repoDir, 'tokenizer.json', local.files['tokenizer.json']);
      expect(await commit()).toBe(first);

      const changed = Buffer.from(local.files[ONNX_PATH]);
      changed[12345] ^= 1;
      writeFileSync(join(local.repoDir, ONNX_PATH), changed);
      const second = await commit();
      expect(second).not.toBe(first);

      // The old commit is no longer a valid revision; the new one is.
      expect((await fetch(`${localHub.url}/${REPO_ID}/resolve/${first}/config.json`, { method: 'HEAD' })).status).toBe(404);
      expect((await fetch(`${localHub.url}/${REPO_ID}/resolve/${second}/config.json`, { method: 'HEAD' })).status).toBe(200);
      const etag = (await fetch(`${localHub.url}/${REPO_ID}/resolve/main/${ONNX_PATH}`, { method: 'HEAD' })).headers.get('etag');
      expect(etag).toBe(`"${sha256(changed)}"`);
    } finally {
      await localHub.close();
      await local.cleanup();
    }
  });
});

describe('cdnRedirect', () => {
  /** @type {import('./server.mjs').Hub} */
  let cdnHub;
  beforeAll(async () => {
    cdnHub = await startHub({ roots: [fixture.root], cdnRedirect: true });
  });
  afterAll(() => cdnHub?.close());

  it('redirects LFS files to /__cdn/ with the X-Linked-* metadata on the 302', async () => {
    const expected = sha256(fixture.files[ONNX_PATH]);
    const res = await fetch(`${cdnHub.url}/${REPO_ID}/resolve/main/${ONNX_PATH}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${cdnHub.url}/__cdn/${REPO_ID}/${expected}/${ONNX_PATH}`);
    expect(res.headers.get('x-linked-etag')).toBe(`"${expected}"`);
    expect(res.headers.get('x-linked-size')).toBe(String(ONNX_SIZE));
    expect(res.headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    await res.arrayBuffer();
  });

  it('serves the CDN URL with ETag and CORS but without X-Linked-*, ranges included', async () => {
    const res = await fetch(`${cdnHub.url}/${REPO_ID}/resolve/main/${ONNX_PATH}`, { headers: { Range: 'bytes=5-9' } });
    expect(res.status).toBe(206);
    expect(res.url).toContain('/__cdn/');
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture.files[ONNX_PATH].subarray(5, 10))).toBe(true);
    expect(res.headers.get('etag')).toBe(`"${sha256(fixture.files[ONNX_PATH])}"`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.has('x-linked-etag')).toBe(false);
    expect(res.headers.has('x-linked-size')).toBe(false);
  });

  it('does not redirect small files, and 404s a CDN URL whose sha256 is stale', async () => {
    const small = await fetch(`${cdnHub.url}/${REPO_ID}/resolve/main/config.json`, { redirect: 'manual' });
    expect(small.status).toBe(200);
    await small.arrayBuffer();
    const stale = await fetch(`${cdnHub.url}/__cdn/${REPO_ID}/${'0'.repeat(64)}/${ONNX_PATH}`);
    expect(stale.status).toBe(404);
    await stale.arrayBuffer();
  });
});

describe('gated repos', () => {
  it('requires a bearer token for downloads from a gated repo', async () => {
    const gatedHub = await startHub({ roots: [fixture.root], gated: [REPO_ID] });
    try {
      const url = `${gatedHub.url}/${REPO_ID}/resolve/main/config.json`;
      const anonymous = await fetch(url);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('x-error-code')).toBe('GatedRepo');
      await anonymous.arrayBuffer();
      const authed = await fetch(url, { headers: { Authorization: 'Bearer hf_test' } });
      expect(authed.status).toBe(200);
      await authed.arrayBuffer();
    } finally {
      await gatedHub.close();
    }
  });
});

describe('a CDN on another origin', () => {
  it('redirects LFS files to the given host, which serves them from its own /__cdn/', async () => {
    const cdn = await startHub({ roots: [fixture.root], host: 'localhost' });
    const origin = await startHub({ roots: [fixture.root], cdnRedirect: cdn.url });
    try {
      const expected = sha256(fixture.files[ONNX_PATH]);
      const res = await fetch(`${origin.url}/${REPO_ID}/resolve/main/${ONNX_PATH}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${cdn.url}/__cdn/${REPO_ID}/${expected}/${ONNX_PATH}`);
      await res.arrayBuffer();
      const followed = await fetch(`${origin.url}/${REPO_ID}/resolve/main/${ONNX_PATH}`, { headers: { Authorization: 'Bearer hf_x' } });
      expect(Buffer.from(await followed.arrayBuffer()).equals(fixture.files[ONNX_PATH])).toBe(true);
      // The log says whether a token came along (Node's fetch drops it on a cross-origin redirect).
      const served = cdn.log().find((e) => e.path.startsWith('/__cdn/'));
      expect(served?.status).toBe(200);
      expect(served?.authorization).toBe(false);
      expect(origin.log().filter((e) => e.path.includes('/resolve/')).map((e) => e.authorization)).toEqual([false, true]);
    } finally {
      await Promise.all([cdn.close(), origin.close()]);
    }
  });
});

describe('anyRevision', () => {
  it('answers any commit sha with the files on disk, where a faithful hub says RevisionNotFound', async () => {
    const careless = await startHub({ roots: [fixture.root], anyRevision: true });
    try {
      const rev = 'a'.repeat(40);
      const faithful = await fetch(file('config.json', rev));
      expect(faithful.status).toBe(404);
      expect(faithful.headers.get('x-error-code')).toBe('RevisionNotFound');
      await faithful.arrayBuffer();
      const res = await fetch(`${careless.url}/${REPO_ID}/resolve/${rev}/config.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-repo-commit')).toBe(rev);
      expect(Buffer.from(await res.arrayBuffer()).equals(fixture.files['config.json'])).toBe(true);
      const info = await (await fetch(`${careless.url}/api/models/${REPO_ID}/revision/${rev}`)).json();
      expect(info.sha).toBe(rev);
    } finally {
      await careless.close();
    }
  });
});
