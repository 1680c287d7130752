/**
 * The model storage guide's settings block, `{"model_source": {"type": "huggingface", "repo_id":
 * "user/model", "revision": "main"}}`, read and written. Pure: no network, no storage.
 *
 * Three types: `huggingface` (a Hub repo; `endpoint` names a Hub-shaped server other than
 * huggingface.co), `url` (an archive, or the `model-manifest.json` beside a split one) and `local`
 * (a model imported from files on this device, named by the repo id it was stored under). Each may
 * carry `backup`: further sources, tried in order when this one fails. A bare string in `backup`
 * is an archive URL.
 */
import { ModelsError } from '../errors';
import { DEFAULT_HUB_URL, normalizeHubUrl } from '../hub/hub';
import { isRepoId } from '../hub/sources';
import type { ModelSourceSpec } from '../types';

/** A settings block naming more sources than this is refused: nobody needs it, and it bounds the work. */
const MAX_SOURCES = 16;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function fail(detail: string): never {
  throw new ModelsError({ code: 'source', detail });
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${where} must be a non-empty string`);
  return value.trim();
}

/**
 * An archive address the app may fetch: HTTPS, or plain HTTP on this machine only (a model served
 * for development). Credentials in the URL are refused: they would travel to every redirect target.
 */
export function archiveUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url.href;
  return null;
}

function repoId(value: unknown, where: string): string {
  const id = text(value, where);
  if (!isRepoId(id)) fail(`${where} must look like owner/name, not “${id}”`);
  return id;
}

function optionalText(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : text(value, where);
}

function parseSource(value: unknown, where: string, depth: number): ModelSourceSpec {
  if (typeof value === 'string') return parseSource({ type: 'url', url: value }, where, depth);
  const raw = record(value, where);
  const backup = raw.backup === undefined ? undefined : parseBackup(raw.backup, `${where}.backup`, depth);
  switch (raw.type) {
    case 'huggingface': {
      const endpointText = optionalText(raw.endpoint, `${where}.endpoint`);
      const endpoint = endpointText === undefined ? undefined : (normalizeHubUrl(endpointText) ?? fail(`${where}.endpoint is not an http(s) address`));
      return {
        type: 'huggingface',
        repo_id: repoId(raw.repo_id, `${where}.repo_id`),
        revision: optionalText(raw.revision, `${where}.revision`) ?? 'main',
        ...(endpoint && endpoint !== DEFAULT_HUB_URL ? { endpoint } : {}),
        ...(backup ? { backup } : {}),
      };
    }
    case 'url': {
      const url = archiveUrl(text(raw.url, `${where}.url`)) ?? fail(`${where}.url must be an https:// address`);
      const sha256 = optionalText(raw.sha256, `${where}.sha256`)?.toLowerCase();
      if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) fail(`${where}.sha256 must be 64 hexadecimal digits`);
      return {
        type: 'url',
        url,
        ...(sha256 ? { sha256 } : {}),
        ...(raw.repo_id !== undefined ? { repo_id: repoId(raw.repo_id, `${where}.repo_id`) } : {}),
        ...(raw.revision !== undefined ? { revision: text(raw.revision, `${where}.revision`) } : {}),
        ...(backup ? { backup } : {}),
      };
    }
    case 'local':
      return {
        type: 'local',
        repo_id: repoId(raw.repo_id, `${where}.repo_id`),
        ...(raw.revision !== undefined ? { revision: text(raw.revision, `${where}.revision`) } : {}),
      };
    default:
      return fail(`${where}.type must be "huggingface", "url" or "local"`);
  }
}

function parseBackup(value: unknown, where: string, depth: number): ModelSourceSpec[] {
  if (!Array.isArray(value)) fail(`${where} must be a list`);
  if (depth > 2) fail(`${where} is nested too deeply`);
  return value.map((entry, i) => parseSource(entry, `${where}[${i}]`, depth + 1));
}

/**
 * Reads the guide's settings JSON: the whole `{"model_source": …}` block or the inner object.
 * Throws ModelsError 'source' naming the field that is wrong.
 */
export function parseModelSource(json: string): ModelSourceSpec {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    fail(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const outer = record(value, 'the settings');
  const spec = parseSource('model_source' in outer ? outer.model_source : outer, 'model_source', 0);
  if (sourceList(spec).length > MAX_SOURCES) fail(`more than ${MAX_SOURCES} sources`);
  return spec;
}

/** The settings block as the guide writes it (pretty-printed, for a file or the clipboard). */
export function serializeModelSource(spec: ModelSourceSpec): string {
  return `${JSON.stringify({ model_source: spec }, null, 2)}\n`;
}

/** A source and its backups, depth first: the order they are tried in. Each comes without its own `backup`. */
export function sourceList(spec: ModelSourceSpec): ModelSourceSpec[] {
  if (spec.type === 'local') return [spec];
  const { backup, ...own } = spec;
  return [own as ModelSourceSpec, ...(backup ?? []).flatMap(sourceList)];
}

/**
 * Every origin a settings block would make the app contact, in order, without repeats. A Hub repo
 * without its own `endpoint` is fetched from the Hub in the settings (`hubUrl`).
 */
export function sourceOrigins(spec: ModelSourceSpec, hubUrl = DEFAULT_HUB_URL): string[] {
  const origins = sourceList(spec).flatMap((source) => {
    if (source.type === 'url') return [new URL(source.url).origin];
    if (source.type === 'huggingface') return [new URL(source.endpoint ?? hubUrl).origin];
    return [];
  });
  return [...new Set(origins)];
}

/** The repo id a source stores its model under (an archive without one is named after its file). */
export function sourceRepoId(spec: ModelSourceSpec): string {
  if (spec.type !== 'url') return spec.repo_id;
  if (spec.repo_id) return spec.repo_id;
  const segments = decodeURIComponent(new URL(spec.url).pathname).split('/');
  // A split archive's manifest is named for what it is, not for the model: its folder names the model.
  const file = /\.json$/i.test(segments.at(-1) ?? '') ? (segments.at(-2) ?? '') : (segments.at(-1) ?? '');
  const name = file.replace(/(\.tar\.gz|\.tgz|\.tar|\.zip|\.json)$/i, '').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `imported/${name || 'model'}`;
}
