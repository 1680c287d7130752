/**
 * `model-manifest.json`: what tools/modelpack writes into an archive (its first entry) and beside
 * it (for a split archive, the only way to know its parts). It names the model's files with their
 * sizes and sha256s, the archive's parts, and the repo and revision the model was packed from.
 * Pure parsing; an invalid manifest is an `archive` error, never silently ignored.
 */
import { ModelsError } from '../errors';
import type { ArchiveFormat, ArchivePart, ModelManifest } from '../types';

export const MANIFEST_NAME = 'model-manifest.json';
const FORMATS: readonly ArchiveFormat[] = ['zip', 'tar', 'tar.gz'];
const SHA256 = /^[0-9a-f]{64}$/;

function fail(detail: string): never {
  throw new ModelsError({ code: 'archive', detail: `${MANIFEST_NAME}: ${detail}` });
}

const isSize = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A path inside the model folder: relative, no `..`, no backslashes, no empty segments. */
export function isSafeModelPath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\\') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function parsePart(value: unknown, i: number): ArchivePart {
  const part = value as Record<string, unknown>;
  if (typeof part !== 'object' || part === null) fail(`archive.parts[${i}] must be an object`);
  if (typeof part.name !== 'string' || !/^[\w.-]+$/.test(part.name)) fail(`archive.parts[${i}].name must be a plain file name`);
  if (!isSize(part.size) || part.size === 0) fail(`archive.parts[${i}].size must be a positive integer`);
  if (part.sha256 !== undefined && (typeof part.sha256 !== 'string' || !SHA256.test(part.sha256))) fail(`archive.parts[${i}].sha256 is not a sha256`);
  return { name: part.name, size: part.size, ...(part.sha256 ? { sha256: part.sha256 as string } : {}) };
}

export function parseManifest(json: string): ModelManifest {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    fail('not JSON');
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.files)) fail('no file list');
  const files = raw.files.map((value: unknown, i: number) => {
    const file = value as Record<string, unknown>;
    if (typeof file?.path !== 'string' || !isSafeModelPath(file.path)) fail(`files[${i}].path is not a relative path`);
    if (!isSize(file.size)) fail(`files[${i}].size must be an integer`);
    if (typeof file.sha256 !== 'string' || !SHA256.test(file.sha256)) fail(`files[${i}].sha256 is not a sha256`);
    return { path: file.path, size: file.size, sha256: file.sha256 };
  });
  const manifest: ModelManifest = { files };
  for (const key of ['repo_id', 'revision', 'commit'] as const) {
    if (raw[key] === undefined) continue;
    // A commit becomes part of store keys and transformers.js URLs: no slash there.
    const pattern = key === 'commit' ? /^[\w.-]+$/ : /^[\w./-]+$/;
    if (typeof raw[key] !== 'string' || !pattern.test(raw[key])) fail(`${key} must be a plain string`);
    manifest[key] = raw[key];
  }
  if (raw.archive !== undefined) {
    const archive = raw.archive as Record<string, unknown>;
    if (!FORMATS.includes(archive?.format as ArchiveFormat)) fail(`archive.format must be one of ${FORMATS.join(', ')}`);
    if (!Array.isArray(archive.parts) || archive.parts.length === 0) fail('archive.parts must list at least one part');
    const parts = archive.parts.map(parsePart);
    const size = parts.reduce((sum, p) => sum + p.size, 0);
    if (archive.size !== size) fail('archive.size is not the sum of its parts');
    if (archive.sha256 !== undefined && (typeof archive.sha256 !== 'string' || !SHA256.test(archive.sha256))) fail('archive.sha256 is not a sha256');
    manifest.archive = { format: archive.format as ArchiveFormat, size, parts, ...(archive.sha256 ? { sha256: archive.sha256 as string } : {}) };
  }
  return manifest;
}
