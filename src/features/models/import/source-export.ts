/**
 * The `model_source` settings that fetch a stored model again (what "Export" offers): the model's
 * own settings when it was added with some, else what its record says it came from. Pure.
 */
import type { ModelRecord, ModelSourceSpec } from '../types';

export function exportSource(record: ModelRecord, added: ModelSourceSpec | undefined): ModelSourceSpec {
  if (added) return added;
  const origin = record.origin;
  if (origin?.type === 'url') {
    const [url, ...backup] = origin.urls;
    return {
      type: 'url',
      url: url!,
      ...(origin.sha256 ? { sha256: origin.sha256 } : {}),
      repo_id: record.repo,
      ...(backup.length > 0 ? { backup: backup.map((u) => ({ type: 'url' as const, url: u })) } : {}),
    };
  }
  if (origin?.type === 'local') return { type: 'local', repo_id: record.repo };
  // From the Hub: pinned to the commit it was stored at, so the export names exactly these files.
  return { type: 'huggingface', repo_id: record.repo, revision: record.commit };
}
