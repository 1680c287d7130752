// @ts-check
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from '../hub/server.mjs';
import { listFiles, sha256File } from './pack.mjs';

const CLI = path.join(import.meta.dirname, 'cli.mjs');
const MODEL = path.join(import.meta.dirname, '..', 'testmodel', 'models', 'testmodels', 'whisper-synth');

describe('npm run model:pack', () => {
  /** @type {import('../hub/server.mjs').Hub} */
  let hub;
  let dir = '';
  beforeAll(async () => {
    hub = await startHub();
    dir = await mkdtemp(path.join(tmpdir(), 'modelpack-'));
  });
  afterAll(async () => {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('packs a repo id fetched from a Hub-shaped server, recording its commit; the token goes to that server', async () => {
    const out = path.join(dir, 'release', 'whisper-synth.tar.gz');
    await promisify(execFile)('node', [CLI, 'testmodels/whisper-synth@main', out, '--part-size', '5000000'], {
      env: { ...process.env, HF_ENDPOINT: hub.url, HF_TOKEN: 'hf_pack_token' },
    });
    const manifest = JSON.parse(await readFile(path.join(dir, 'release', 'model-manifest.json'), 'utf8'));
    expect(manifest.repo_id).toBe('testmodels/whisper-synth');
    expect(manifest.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.archive.parts.length).toBe(Math.ceil(manifest.archive.size / 5_000_000));
    for (const part of manifest.archive.parts) expect(await sha256File(path.join(dir, 'release', part.name)), part.name).toBe(part.sha256);
    // Exactly the model's files, with the Hub's bytes.
    const originals = await listFiles(MODEL);
    expect(manifest.files.map((/** @type {{ path: string }} */ f) => f.path)).toEqual(originals.map((f) => f.path));
    for (const file of originals) {
      expect(manifest.files.find((/** @type {{ path: string }} */ f) => f.path === file.path).sha256).toBe(await sha256File(file.abs));
    }
    expect(hub.log().filter((e) => e.path.includes('/resolve/')).every((e) => e.authorization)).toBe(true);
  });

  it('refuses a folder that is no model, and an archive name it cannot write', async () => {
    const run = (/** @type {string[]} */ args) => promisify(execFile)('node', [CLI, ...args]).then(() => 'ok', (e) => String(e.stderr));
    expect(await run([dir, path.join(dir, 'x.zip')])).toMatch(/no config.json/);
    expect(await run([MODEL, path.join(dir, 'x.rar')])).toMatch(/must end in \.zip, \.tar or \.tar\.gz/);
  });
});
