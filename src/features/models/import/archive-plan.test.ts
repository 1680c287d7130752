import { describe, expect, it } from 'vitest';
import { partFiles, partUrl, PART_FOLDER } from './archive-plan';

describe('archive parts', () => {
  it('are fetched from each source: a single archive at the URL itself, split parts beside the manifest', () => {
    expect(partUrl('https://a.org/v1/model.zip', `${PART_FOLDER}model.zip`, true)).toBe('https://a.org/v1/model.zip');
    expect(partUrl('https://b.org/mirror/other-name.zip', `${PART_FOLDER}model.zip`, true)).toBe('https://b.org/mirror/other-name.zip');
    expect(partUrl('https://a.org/v1/model-manifest.json', `${PART_FOLDER}model.zip`, true)).toBe('https://a.org/v1/model.zip');
    expect(partUrl('https://a.org/v1/model-manifest.json', `${PART_FOLDER}m.tar.gz.part2`, false)).toBe('https://a.org/v1/m.tar.gz.part2');
  });

  it('are checked by their sha256 when known, else by size', () => {
    const files = partFiles({ parts: [{ name: 'm.part1', size: 5, sha256: 'd'.repeat(64) }, { name: 'm.part2', size: 3 }] });
    expect(files.map((f) => f.integrity.kind)).toEqual(['sha256', 'size']);
    expect(files.map((f) => f.path)).toEqual([`${PART_FOLDER}m.part1`, `${PART_FOLDER}m.part2`]);
  });
});
