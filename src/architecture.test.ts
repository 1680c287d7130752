/**
 * The import rules of ../shared/ARCHITECTURE.md, checked on every source file: imports run one way,
 * app/ → features → lib/; a feature uses another only through that feature's index.ts; nothing
 * but the entry point reaches the test entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

type Area = { kind: 'lib' | 'app' | 'ui' | 'test-entry' | 'root' | 'outside' } | { kind: 'feature'; name: string; file: string };

/** Where a file under src/ lives, by its path relative to src/. */
export function areaOf(relative: string): Area {
  // Tests may use the project's tools (a local Hub, fixtures); production code cannot reach them.
  if (relative.startsWith('../')) return { kind: 'outside' };
  const [top, second, ...rest] = relative.split('/');
  if (top === 'features' && second && rest.length > 0) return { kind: 'feature', name: second, file: rest.join('/') };
  if (top === 'lib' || top === 'app' || top === 'ui' || top === 'test-entry') return { kind: top };
  return { kind: 'root' };
}

/** The rule an import from `from` to `to` (paths relative to src/) breaks, or null. */
export function brokenRule(from: string, to: string): string | null {
  const a = areaOf(from);
  const b = areaOf(to);
  if (b.kind === 'test-entry' && a.kind !== 'test-entry' && from !== 'main.ts') return 'only main.ts loads the test entry';
  if (b.kind === 'outside' && !/\.test\.ts$/.test(from)) return 'only tests import from outside src/';
  if (a.kind === 'lib' && b.kind !== 'lib' && b.kind !== 'outside') return 'lib/ imports nothing outside lib/';
  if (a.kind === 'ui' && (b.kind === 'app' || b.kind === 'feature')) return 'ui/ imports no feature and nothing from app/';
  if (a.kind === 'feature' && (b.kind === 'app' || b.kind === 'root')) return 'a feature imports nothing from app/';
  if (a.kind === 'feature' && b.kind === 'feature' && a.name !== b.name && b.file !== 'index.ts') {
    return 'a feature uses another only through its index.ts';
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|svelte)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative specifiers of static imports and re-exports, dynamic imports and worker URLs. */
function relativeImports(source: string): string[] {
  const patterns = [/\bfrom\s+'(\.[^']*)'/g, /\bimport\s*\(\s*'(\.[^']*)'\s*\)/g, /\bimport\s+'(\.[^']*)'/g, /new URL\(\s*'(\.[^']*)'/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
}

/** A specifier resolved to a file path relative to src/ (a folder import means its index.ts). */
function resolve(fromFile: string, specifier: string): string {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const relative = path.relative(SRC, target).split(path.sep).join('/');
  if (/\.(ts|js|mjs|svelte|css|json)$/.test(relative)) return relative;
  const candidates = [`${relative}.ts`, `${relative}.js`, `${relative}/index.ts`];
  return candidates.find((c) => sourceFiles(SRC).some((f) => path.relative(SRC, f).split(path.sep).join('/') === c)) ?? `${relative}.ts`;
}

describe('import rules', () => {
  it('catch the imports they forbid', () => {
    expect(brokenRule('lib/i18n/i18n.svelte.ts', 'app/settings.svelte.ts')).not.toBeNull();
    expect(brokenRule('lib/time.ts', 'features/transcript/segment.ts')).not.toBeNull();
    expect(brokenRule('features/models/library.svelte.ts', 'app/errors.ts')).not.toBeNull();
    expect(brokenRule('features/transcribe/worker.ts', 'features/models/store/cache-adapter.ts')).not.toBeNull();
    expect(brokenRule('features/transcribe/worker.ts', 'features/models/index.ts')).toBeNull();
    expect(brokenRule('ui/FileDrop.svelte', 'features/models/catalog.ts')).not.toBeNull();
    expect(brokenRule('app/job.svelte.ts', 'test-entry/hook.ts')).not.toBeNull();
    expect(brokenRule('main.ts', 'test-entry/hook.ts')).toBeNull();
    expect(brokenRule('app/pipeline.ts', 'features/media/client.ts')).toBeNull();
    expect(brokenRule('test-entry/hook.ts', 'app/pipeline.ts')).toBeNull();
    expect(brokenRule('features/models/hub-api.test.ts', '../tools/hub/server.mjs')).toBeNull();
    expect(brokenRule('features/models/hub-api.ts', '../tools/hub/server.mjs')).not.toBeNull();
  });

  const files = sourceFiles(SRC);
  const edges = files.flatMap((file) => {
    const from = path.relative(SRC, file).split(path.sep).join('/');
    return relativeImports(readFileSync(file, 'utf8')).map((specifier) => ({ from, to: resolve(file, specifier) }));
  });

  it('see the whole source tree', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
  });

  it('hold for every import in src/', () => {
    const broken = edges.flatMap(({ from, to }) => {
      const rule = brokenRule(from, to);
      return rule ? [`${from} → ${to}: ${rule}`] : [];
    });
    expect(broken).toEqual([]);
  });
});
