import { describe, expect, it } from 'vitest';
import type { ModelRecord } from '../types';
import { resolveStoredModel } from './store';

function record(repo: string, commit: string, revision: string, completedAt: number | null): ModelRecord {
  return {
    repo,
    commit,
    revision,
    completedAt,
    device: 'wasm',
    dtype: { encoder_model: 'q8', decoder_model_merged: 'q8' },
    externalData: {},
    files: [],
    totalBytes: 0,
    createdAt: 0,
  };
}

describe('resolveStoredModel', () => {
  const models = [
    record('o/a', 'c1', 'main', 1),
    record('o/a', 'c2', 'main', 2),
    record('o/b', 'c3', 'main', 3),
    record('o/c', 'c4', 'main', null),
  ];

  it('finds a commit exactly, or the newest copy of a revision', () => {
    expect(resolveStoredModel(models, 'o/a', 'c1')?.commit).toBe('c1');
    expect(resolveStoredModel(models, 'o/a', 'main')?.commit).toBe('c2');
  });

  it('answers a key without revision only when it is unambiguous', () => {
    expect(resolveStoredModel(models, 'o/b', null)?.commit).toBe('c3');
    expect(resolveStoredModel(models, 'o/a', null)).toBeUndefined();
  });

  it('never hands out an unfinished download', () => {
    expect(resolveStoredModel(models, 'o/c', 'c4')).toBeUndefined();
    expect(resolveStoredModel(models, 'o/c', null)).toBeUndefined();
  });
});
