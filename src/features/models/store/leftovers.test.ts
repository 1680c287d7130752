import { describe, expect, it } from 'vitest';
import type { ModelRecord, StoreKey } from '../types';
import { fileKey, modelKey, pieceKey } from './keys';
import { leftoverKeys } from './leftovers';

function record(repo: string, commit: string, paths: string[], completedAt: number | null): ModelRecord {
  return {
    repo,
    commit,
    revision: 'main',
    completedAt,
    device: 'wasm',
    dtype: { encoder_model: 'q8', decoder_model_merged: 'q8' },
    externalData: {},
    files: paths.map((path) => ({ path, size: 1, integrity: { kind: 'size' } })),
    totalBytes: paths.length,
    createdAt: 0,
  };
}

/** A record's key and its files' states and first pieces, as the store keeps a model. */
const entriesOf = (m: ModelRecord): StoreKey[] => [
  modelKey(m.repo, m.commit),
  ...m.files.flatMap((f) => [fileKey(m.repo, m.commit, f.path), pieceKey(m.repo, m.commit, f.path, 0)]),
];

describe('leftoverKeys', () => {
  const complete = record('o/a', 'c1', ['config.json', 'onnx/encoder_model.onnx'], 1);
  const unfinished = record('o/b', 'c2', ['.archive/model.tar'], null);

  it('finds nothing in a store of whole models', () => {
    expect(leftoverKeys([...entriesOf(complete), ...entriesOf(unfinished)], [complete, unfinished])).toEqual([]);
  });

  it('finds the files of a commit that has no record (another commit of a stored repo too)', () => {
    const orphans = [pieceKey('gone/x', 'c9', 'onnx/a.onnx', 0), fileKey('gone/x', 'c9', 'onnx/a.onnx'), pieceKey('o/a', 'c0', 'config.json', 0)];
    expect(leftoverKeys([...entriesOf(complete), ...orphans], [complete])).toEqual(orphans);
  });

  it('finds the files a complete model does not list', () => {
    const stray = [pieceKey('o/a', 'c1', 'onnx/encoder_model_fp16.onnx', 0), fileKey('o/a', 'c1', 'onnx/encoder_model_fp16.onnx')];
    expect(leftoverKeys([...entriesOf(complete), ...stray], [complete])).toEqual(stray);
  });

  it('keeps everything under an unfinished model (an import lists its files only once done)', () => {
    const unpacked = [pieceKey('o/b', 'c2', 'onnx/encoder_model.onnx', 0), fileKey('o/b', 'c2', 'onnx/encoder_model.onnx')];
    expect(leftoverKeys([...entriesOf(unfinished), ...unpacked], [unfinished])).toEqual([]);
  });

  it('keeps records and keys of shapes it does not know', () => {
    const unknown: StoreKey[] = [['model', 'gone/x', 'c9'], ['index', 'o/a'], ['piece', 7, 'c1', 'x', 0], 'plain' as unknown as StoreKey];
    expect(leftoverKeys(unknown, [])).toEqual([]);
  });
});
