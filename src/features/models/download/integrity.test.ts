import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verify } from './integrity';

const bytes = randomBytes(3 * 1024 * 1024 + 17);
const pieces = [0, 1_000_000, 2_500_000].map((start, i, all) => new Blob([bytes.subarray(start, all[i + 1] ?? bytes.length)]));
const sha256 = createHash('sha256').update(bytes).digest('hex');
const gitSha1 = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

describe('verify', () => {
  it('accepts the right bytes, hashed piece by piece (sha256 and git blob sha1)', async () => {
    expect(await verify({ kind: 'sha256', hex: sha256 }, bytes.length, pieces)).toBe(true);
    expect(await verify({ kind: 'git-sha1', hex: gitSha1 }, bytes.length, pieces)).toBe(true);
  });

  it('rejects one flipped byte, a missing byte, and a wrong size', async () => {
    const flipped = Buffer.from(bytes);
    flipped[2_000_000]! ^= 0xff;
    expect(await verify({ kind: 'sha256', hex: sha256 }, bytes.length, [new Blob([flipped])])).toBe(false);
    expect(await verify({ kind: 'sha256', hex: sha256 }, bytes.length, pieces.slice(0, 2))).toBe(false);
    expect(await verify({ kind: 'size' }, bytes.length + 1, pieces)).toBe(false);
    expect(await verify({ kind: 'size' }, bytes.length, pieces)).toBe(true);
  });
});
