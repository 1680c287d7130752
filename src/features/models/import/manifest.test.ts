import { describe, expect, it } from 'vitest';
import { ModelsError } from '../errors';
import { isSafeModelPath, parseManifest } from './manifest';

const SHA = 'b'.repeat(64);

describe('model-manifest.json', () => {
  it('reads files, origin and the archive’s parts', () => {
    const manifest = parseManifest(
      JSON.stringify({
        repo_id: 'o/m',
        revision: 'main',
        commit: 'abc123',
        files: [{ path: 'onnx/encoder_model.onnx', size: 10, sha256: SHA }],
        archive: { format: 'tar.gz', size: 30, sha256: SHA, parts: [{ name: 'm.tar.gz.part1', size: 20, sha256: SHA }, { name: 'm.tar.gz.part2', size: 10 }] },
      }),
    );
    expect(manifest.archive?.parts.map((p) => p.name)).toEqual(['m.tar.gz.part1', 'm.tar.gz.part2']);
    expect(manifest.commit).toBe('abc123');
  });

  it('refuses what would escape the model folder or lie about sizes', () => {
    const bad = [
      { files: [{ path: '../evil', size: 1, sha256: SHA }] },
      { files: [{ path: '/abs', size: 1, sha256: SHA }] },
      { files: [{ path: 'a', size: 1, sha256: 'x' }] },
      { files: [], commit: 'a/b' },
      { files: [], archive: { format: 'zip', size: 5, parts: [{ name: 'a.zip', size: 4 }] } },
      { files: [], archive: { format: 'rar', size: 4, parts: [{ name: 'a.rar', size: 4 }] } },
    ];
    for (const manifest of bad) expect(() => parseManifest(JSON.stringify(manifest)), JSON.stringify(manifest)).toThrow(ModelsError);
  });

  it('knows a safe relative path', () => {
    expect(isSafeModelPath('onnx/encoder_model.onnx')).toBe(true);
    for (const path of ['', 'a//b', './a', 'a/../b', 'a\\b']) expect(isSafeModelPath(path), path).toBe(false);
  });
});
