// @ts-check
/**
 * The repository is a static Hugging Face Space as it is (README.md front matter): the Hub runs
 * `app_build_command` and serves `app_file` from its output. These tests check that contract here:
 * the build is reproducible byte for byte (what the Space serves is what `npm run build` makes in
 * dist/), it contains everything its pages and service worker ask for, the front matter says what
 * the Hub's configuration reference allows, and no committed file is over the Hub's 10 MB limit.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TEN_MB = 10 * 1024 * 1024;

/** @param {string} dir @returns {Map<string, string>} relative path → sha256 */
function digest(dir) {
  /** @type {Map<string, string>} */
  const files = new Map();
  /** @param {string} at */
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return files;
}

/** @param {string} outDir @param {string[]} [extra] more `vite build` arguments */
function build(outDir, extra = []) {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error', ...extra], {
    cwd: ROOT,
    // Vitest sets NODE_ENV=test, which would make Vite build something else than the Space does.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Strings only the test entry and the test build's fault switches contain (src/test-entry,
 * TEST_BUILD branches): the hook's global, its file input and ready flag, the URL switch and
 * the engine's test knobs.
 */
const TEST_CODE_MARKERS = ['__vtt_test', 'test-file-input', 'testHook', 'webgpu-fail-after', 'failWebGpuAfterWindows', 'forcedTokens'];

/** @param {string} dir @returns {string[]} "file: marker" for each marker found in the build */
function testCodeIn(dir) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} at */
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|mjs|html|json|webmanifest)$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        for (const marker of TEST_CODE_MARKERS) if (text.includes(marker)) found.push(`${path.relative(dir, full)}: ${marker}`);
      }
    }
  };
  walk(dir);
  return found;
}

/** The README's YAML front matter, flat enough to read without a YAML library. */
function frontMatter() {
  const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('README.md has no front matter');
  /** @type {Record<string, string>} */
  const top = {};
  /** @type {Record<string, string>} */
  const headers = {};
  let inHeaders = false;
  for (const line of match[1].split('\n')) {
    const nested = /^\s+([\w-]+):\s*(.*)$/.exec(line);
    const flat = /^([\w-]+):\s*(.*)$/.exec(line);
    if (nested && inHeaders) headers[nested[1]] = nested[2];
    else if (flat) {
      top[flat[1]] = flat[2];
      inHeaders = flat[1] === 'custom_headers';
    }
  }
  return { top, headers };
}

describe('the static Space', () => {
  const dirs = [mkdtempSync(path.join(tmpdir(), 'vtt-space-a-')), mkdtempSync(path.join(tmpdir(), 'vtt-space-b-'))];
  /** @type {Map<string, string>[]} */
  let builds = [];

  beforeAll(() => {
    for (const dir of dirs) build(dir);
    builds = dirs.map(digest);
  }, 300_000);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('builds the same files, byte for byte, every time', () => {
    expect(builds[0].size).toBeGreaterThan(5);
    expect([...builds[1].entries()].sort()).toEqual([...builds[0].entries()].sort());
  });

  it('contains the page the front matter names and everything the page and service worker load', () => {
    const { top } = frontMatter();
    const served = dirs[0];
    expect(top.app_file).toMatch(/^dist\//);
    const page = path.join(served, top.app_file.replace(/^dist\//, ''));
    expect(existsSync(page)).toBe(true);

    const html = readFileSync(page, 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThan(2);
    for (const file of referenced) expect(existsSync(path.join(served, file)), file).toBe(true);

    const sw = readFileSync(path.join(served, 'sw.js'), 'utf8');
    const precached = [...sw.matchAll(/"?url"?:"([^"]+)"/g)].map((m) => m[1]);
    expect(precached.some((url) => url.endsWith('.wasm'))).toBe(true);
    for (const url of precached) expect(existsSync(path.join(served, url)), url).toBe(true);
  });

  it('holds none of the test entry or its fault switches (users get no test code)', () => {
    expect(testCodeIn(dirs[0])).toEqual([]);
  });

  it('would show test code if a build held it: the test build has every marker', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vtt-space-test-mode-'));
    try {
      build(dir, ['--mode', 'test']);
      const found = testCodeIn(dir).map((hit) => hit.split(': ')[1]);
      for (const marker of TEST_CODE_MARKERS) expect(found, marker).toContain(marker);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('has front matter the Hub accepts for a static Space with cross-origin isolation', () => {
    const { top, headers } = frontMatter();
    expect(top.sdk).toBe('static');
    expect(top.app_build_command).toBe('npm run build');
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.build).toBe('vite build');
    // The Hub allows only these three, in lower case (Spaces configuration reference, custom_headers).
    expect(headers).toEqual({
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
  });
});

describe('the repository', () => {
  it('commits no file over 10 MB (the Hub refuses them without LFS)', () => {
    if (!existsSync(path.join(ROOT, '.git'))) return;
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(10);
    const big = files.filter((file) => existsSync(path.join(ROOT, file)) && statSync(path.join(ROOT, file)).size > TEN_MB);
    expect(big).toEqual([]);
  });
});
