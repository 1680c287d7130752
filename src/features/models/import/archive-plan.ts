/**
 * What an archive download needs to know before its first byte: the archive's parts with sizes
 * (and sha256s where known), its format, where each part is at each source, and the manifest when
 * one lies beside it. Asks the sources in order, like the Hub API is asked (hub/hub-api.ts): the
 * first that answers decides. Never sends credentials: archive hosts are not the Hub.
 */
import { definiteFailure, ModelsError } from '../errors';
import type { ArchiveFormat, ArchivePart, ModelFile, ModelManifest } from '../types';
import { formatFromName } from './archive-reader';
import { MANIFEST_NAME, parseManifest } from './manifest';

const PROBE_TIMEOUT_MS = 20_000;
/** Parts are stored under this folder of the model's store entry, apart from the model's own files. */
export const PART_FOLDER = '.archive/';

export interface ArchivePlan {
  format: ArchiveFormat;
  parts: ArchivePart[];
  /** Where the archive is, in the order tried: archive URLs, or the manifest URL of a split archive. */
  sources: string[];
  /** The whole archive's sha256, when the settings or the manifest give it (a single part has it as its own). */
  sha256?: string;
  manifest: ModelManifest | null;
}

const fileName = (url: string): string => decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
const isManifestUrl = (url: string): boolean => fileName(url).toLowerCase().endsWith('.json');

async function request(url: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(url, {
    headers,
    cache: 'no-store',
    credentials: 'omit',
    signal: AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw definiteFailure(response) ?? new Error(`HTTP ${response.status} from ${new URL(url).host}`);
  }
  return response;
}

/** The archive's length: from a 1-byte Range answer, or from the whole answer's Content-Length. */
async function probeSize(url: string, signal: AbortSignal): Promise<number> {
  const ranged = await request(url, signal, { Range: 'bytes=0-0' });
  await ranged.body?.cancel();
  const total = ranged.status === 206 ? ranged.headers.get('content-range')?.match(/\/(\d+)$/)?.[1] : ranged.headers.get('content-length');
  if (total) return Number(total);
  // A 206 whose Content-Range the host does not expose to scripts: its full length is readable.
  const whole = await request(url, signal);
  await whole.body?.cancel();
  const length = whole.headers.get('content-length');
  if (!length) throw new Error(`${new URL(url).host} does not say how large the archive is`);
  return Number(length);
}

async function fetchManifest(url: string, signal: AbortSignal): Promise<ModelManifest> {
  return parseManifest(await (await request(url, signal)).text());
}

/** The manifest beside an archive, when there is one that names this archive; null otherwise. */
async function manifestBeside(archiveUrl: string, signal: AbortSignal): Promise<ModelManifest | null> {
  try {
    const manifest = await fetchManifest(new URL(MANIFEST_NAME, archiveUrl).href, signal);
    return manifest.archive?.parts.some((p) => p.name === fileName(archiveUrl)) ? manifest : null;
  } catch (error) {
    if (signal.aborted) throw error;
    return null;
  }
}

async function planFrom(source: string, sha256: string | undefined, signal: AbortSignal): Promise<Omit<ArchivePlan, 'sources'>> {
  if (isManifestUrl(source)) {
    const manifest = await fetchManifest(source, signal);
    if (!manifest.archive) throw new ModelsError({ code: 'archive', detail: `${MANIFEST_NAME} at ${source} names no archive` });
    const { format, parts, sha256: whole } = manifest.archive;
    return { format, parts, sha256: sha256 ?? whole, manifest };
  }
  const name = fileName(source);
  const manifest = await manifestBeside(source, signal);
  if (manifest?.archive && manifest.archive.parts.length > 1) {
    const { format, parts, sha256: whole } = manifest.archive;
    return { format, parts, sha256: sha256 ?? whole, manifest };
  }
  const format = manifest?.archive?.format ?? formatFromName(name);
  if (!format) throw new ModelsError({ code: 'archive', detail: `${name} is not a .zip, .tar or .tar.gz file` });
  const size = await probeSize(source, signal);
  const known = sha256 ?? manifest?.archive?.sha256;
  return { format, parts: [{ name: name.replace(/[^\w.-]+/g, '_') || 'archive', size, ...(known ? { sha256: known } : {}) }], ...(known ? { sha256: known } : {}), manifest };
}

/**
 * The plan from the first source that answers; `sha256` is the one the settings give for the
 * archive. A source's refusal (404, 403) is reported only when no source answers.
 */
export async function planArchive(sources: readonly string[], sha256: string | undefined, signal: AbortSignal): Promise<ArchivePlan> {
  const failures: string[] = [];
  let definite: ModelsError | null = null;
  for (const source of sources) {
    try {
      return { ...(await planFrom(source, sha256, signal)), sources: [...sources] };
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof ModelsError && error.code !== 'not-found' && error.code !== 'unauthorized') throw error;
      if (error instanceof ModelsError) definite ??= error;
      failures.push(`${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw definite ?? new ModelsError({ code: 'download', detail: failures.join('; ') });
}

/** The archive's parts as the downloader's files (kept under PART_FOLDER until unpacked). */
export function partFiles(plan: Pick<ArchivePlan, 'parts'>): ModelFile[] {
  return plan.parts.map((part) => ({
    path: `${PART_FOLDER}${part.name}`,
    size: part.size,
    integrity: part.sha256 ? { kind: 'sha256', hex: part.sha256 } : { kind: 'size' },
  }));
}

/**
 * Where a part is at a source: a single archive is the source URL itself (backup links may name
 * it differently); a split archive's parts lie beside the source (its manifest or first part).
 */
export function partUrl(source: string, partPath: string, single: boolean): string {
  if (single && !isManifestUrl(source)) return source;
  return new URL(partPath.slice(PART_FOLDER.length), source).href;
}
