// @ts-check
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from './server.mjs';
import { ONNX_PATH, ONNX_SIZE, REPO_ID, makeRoot, sha256, writeRepoFile } from './test-fixtures.mjs';

/** @type {Awaited<ReturnType<typeof makeRoot>>} */
let fixture;
/** @type {import('./server.mjs').Hub} */
let hub;
/** @type {string} */
let commit;

const NESTED = {
  'tokenizer/vocab.json': '{"a":0}',
  'tokenizer/merges.txt': 'a b\n',
  'tokenizer/extra/notes.txt': 'nested folder\n',
  // Git sorts the folder `extra` as `extra/`, after `extra.txt`: this file makes that order matter.
  'tokenizer/extra.txt': 'x',
};

/** @param {string} path */
const getJson = async (path) => {
  const res = await fetch(`${hub.url}${path}`);
  return { status: res.status, code: res.headers.get('x-error-code'), body: await res.json() };
};

/** Git is the reference for object ids where it is installed. */
const hasGit = spawnSync('git', ['--version']).status === 0;
/** @param {string[]} args */
const git = (args) => execFileSync('git', args, { cwd: fixture.repoDir, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();

beforeAll(async () => {
  fixture = await makeRoot();
  for (const [path, content] of Object.entries(NESTED)) await writeRepoFile(fixture.repoDir, path, content);
  hub = await startHub({ roots: [fixture.root] });
  const head = await fetch(`${hub.url}/${REPO_ID}/resolve/main/config.json`, { method: 'HEAD' });
  commit = /** @type {string} */ (head.headers.get('x-repo-commit'));
});
afterAll(async () => {
  await hub?.close();
  await fixture?.cleanup();
});

describe('model info', () => {
  const allFiles = ['config.json', ONNX_PATH, 'tokenizer.json', ...Object.keys(NESTED)].sort();

  it('describes the repo like /api/models/{id} on the Hub', async () => {
    const { status, body } = await getJson(`/api/models/${REPO_ID}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: REPO_ID,
      modelId: REPO_ID,
      sha: commit,
      private: false,
      gated: false,
      pipeline_tag: 'automatic-speech-recognition',
      library_name: 'transformers.js',
    });
    expect(body._id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Date(body.lastModified).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(body.siblings).toEqual(allFiles.map((rfilename) => ({ rfilename })));
    const storage = Object.values(fixture.files).reduce((n, b) => n + b.length, 0) + Object.values(NESTED).reduce((n, s) => n + s.length, 0);
    expect(body.usedStorage).toBe(storage);
  });

  it('answers /revision/{rev} for main and the commit sha, 404 RevisionNotFound otherwise', async () => {
    expect((await getJson(`/api/models/${REPO_ID}/revision/main`)).body.sha).toBe(commit);
    expect((await getJson(`/api/models/${REPO_ID}/revision/${commit}`)).body.sha).toBe(commit);
    expect(await getJson(`/api/models/${REPO_ID}/revision/${'a'.repeat(40)}`)).toMatchObject({ status: 404, code: 'RevisionNotFound' });
  });

  it('answers an unknown repo with RepoNotFound', async () => {
    expect(await getJson('/api/models/nobody/nothing')).toMatchObject({ status: 401, code: 'RepoNotFound' });
  });

  it('adds sizes and LFS info to siblings with blobs=true', async () => {
    const { body } = await getJson(`/api/models/${REPO_ID}?blobs=true`);
    const onnx = body.siblings.find((/** @type {{ rfilename: string }} */ s) => s.rfilename === ONNX_PATH);
    expect(onnx).toMatchObject({ size: ONNX_SIZE, lfs: { sha256: sha256(fixture.files[ONNX_PATH]), size: ONNX_SIZE } });
    const config = body.siblings.find((/** @type {{ rfilename: string }} */ s) => s.rfilename === 'config.json');
    expect(config.lfs).toBeUndefined();
    expect(config.size).toBe(fixture.files['config.json'].length);
  });

  it('lists repos matching ?search=', async () => {
    expect((await getJson('/api/models?search=TINY')).body).toEqual([
      expect.objectContaining({ id: REPO_ID, modelId: REPO_ID, sha: commit }),
    ]);
    expect((await getJson('/api/models?search=no-such-model')).body).toEqual([]);
  });
});

describe('tree', () => {
  it('lists one level without recursive, folders included', async () => {
    const { status, body } = await getJson(`/api/models/${REPO_ID}/tree/main`);
    expect(status).toBe(200);
    expect(body.map((/** @type {{ type: string, path: string }} */ e) => [e.type, e.path])).toEqual([
      ['file', 'config.json'],
      ['directory', 'onnx'],
      ['directory', 'tokenizer'],
      ['file', 'tokenizer.json'],
    ]);
  });

  it('lists everything below with recursive=true or 1, with lfs.oid = sha256 of the file', async () => {
    const { body } = await getJson(`/api/models/${REPO_ID}/tree/main?recursive=true`);
    expect(body.map((/** @type {{ path: string }} */ e) => e.path)).toEqual([
      'config.json',
      'onnx',
      ONNX_PATH,
      'tokenizer',
      'tokenizer.json',
      'tokenizer/extra',
      'tokenizer/extra.txt',
      'tokenizer/extra/notes.txt',
      'tokenizer/merges.txt',
      'tokenizer/vocab.json',
    ]);
    const onnx = body.find((/** @type {{ path: string }} */ e) => e.path === ONNX_PATH);
    const hex = sha256(fixture.files[ONNX_PATH]);
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${hex}\nsize ${ONNX_SIZE}\n`;
    expect(onnx).toEqual({
      type: 'file',
      // Git stores the pointer for LFS files, so the blob oid is the pointer's.
      oid: createHash('sha1').update(`blob ${pointer.length}\0${pointer}`).digest('hex'),
      size: ONNX_SIZE,
      path: ONNX_PATH,
      lfs: { oid: hex, size: ONNX_SIZE, pointerSize: Buffer.byteLength(pointer) },
    });
    expect(body).toEqual((await getJson(`/api/models/${REPO_ID}/tree/main?recursive=1`)).body);
  });

  it.skipIf(!hasGit)('gives plain files their git blob id and folders their git tree id', async () => {
    git(['init', '-q']);
    git(['add', 'tokenizer']);
    const tree = git(['write-tree']);
    const { body } = await getJson(`/api/models/${REPO_ID}/tree/${commit}/tokenizer`);
    expect(body).toEqual([
      { type: 'directory', oid: git(['rev-parse', `${tree}:tokenizer/extra`]), size: 0, path: 'tokenizer/extra' },
      { type: 'file', oid: git(['rev-parse', `${tree}:tokenizer/extra.txt`]), size: 1, path: 'tokenizer/extra.txt' },
      { type: 'file', oid: git(['rev-parse', `${tree}:tokenizer/merges.txt`]), size: 4, path: 'tokenizer/merges.txt' },
      { type: 'file', oid: git(['rev-parse', `${tree}:tokenizer/vocab.json`]), size: 7, path: 'tokenizer/vocab.json' },
    ]);
    const root = await getJson(`/api/models/${REPO_ID}/tree/main`);
    expect(root.body.find((/** @type {{ path: string }} */ e) => e.path === 'tokenizer').oid).toBe(git(['rev-parse', `${tree}:tokenizer`]));
  });

  it('answers a path that is not a folder with 404 EntryNotFound', async () => {
    expect(await getJson(`/api/models/${REPO_ID}/tree/main/nope`)).toMatchObject({ status: 404, code: 'EntryNotFound' });
    expect(await getJson(`/api/models/${REPO_ID}/tree/main/config.json`)).toMatchObject({ status: 404, code: 'EntryNotFound' });
    expect(await getJson(`/api/models/${REPO_ID}/tree/other`)).toMatchObject({ status: 404, code: 'RevisionNotFound' });
  });
});
