import { describe, expect, it } from 'vitest';
import type { ModelRecord } from '../types';
import { parseModelSource, serializeModelSource } from './model-source';
import { exportSource } from './source-export';

const record = (origin: ModelRecord['origin']): ModelRecord => ({
  repo: 'o/m',
  revision: 'main',
  commit: 'c'.repeat(40),
  device: 'wasm',
  dtype: { encoder_model: 'q8', decoder_model_merged: 'q8' },
  externalData: {},
  files: [],
  totalBytes: 0,
  createdAt: 0,
  completedAt: 1,
  ...(origin ? { origin } : {}),
});

describe('exporting model_source settings', () => {
  it('gives back the settings a model was added with', () => {
    const added = parseModelSource('{"model_source": {"type": "url", "url": "https://e.org/m.zip", "backup": ["https://f.org/m.zip"]}}');
    expect(exportSource(record({ type: 'url', urls: ['https://e.org/m.zip'], format: 'zip', parts: [] }), added)).toBe(added);
  });

  it('describes a model by where its record says it came from, in settings that parse again', () => {
    const hub = exportSource(record(undefined), undefined);
    expect(hub).toEqual({ type: 'huggingface', repo_id: 'o/m', revision: 'c'.repeat(40) });
    const archive = exportSource(record({ type: 'url', urls: ['https://e.org/m.zip', 'https://f.org/m.zip'], format: 'zip', parts: [], sha256: 'a'.repeat(64) }), undefined);
    expect(archive).toEqual({ type: 'url', url: 'https://e.org/m.zip', sha256: 'a'.repeat(64), repo_id: 'o/m', backup: [{ type: 'url', url: 'https://f.org/m.zip' }] });
    const local = exportSource(record({ type: 'local', name: 'folder' }), undefined);
    for (const spec of [hub, archive, local]) expect(parseModelSource(serializeModelSource(spec))).toEqual(spec);
  });
});
