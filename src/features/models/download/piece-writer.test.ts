import { describe, expect, it } from 'vitest';
import { PIECE_BYTES } from './chunks';
import { PieceWriter, type PieceBatch } from './piece-writer';

/** `n` bytes of a repeating pattern, as they would sit at file offset `from`. */
function bytes(n: number, from = 0): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (from + i) % 251;
  return out;
}

describe('PieceWriter', () => {
  it('cuts what arrives into pieces of PIECE_BYTES from the start offset, and writes the rest at the end', async () => {
    const batches: PieceBatch[] = [];
    const writer = new PieceWriter(1000, async (pieces) => void batches.push(pieces));
    const total = 2 * PIECE_BYTES + 123;
    for (let sent = 0; sent < total; sent += 7000) await writer.push(bytes(Math.min(7000, total - sent), sent));
    expect(writer.position).toBe(1000 + total);
    expect(await writer.finish()).toBe(1000 + total);
    const pieces = batches.flat();
    expect(pieces.map((p) => [p.at, p.blob.size])).toEqual([
      [1000, PIECE_BYTES],
      [1000 + PIECE_BYTES, PIECE_BYTES],
      [1000 + 2 * PIECE_BYTES, 123],
    ]);
    const stored = Buffer.from(await new Blob(pieces.map((p) => p.blob)).arrayBuffer());
    expect(stored.equals(bytes(total))).toBe(true);
  });

  it('counts as written only what the store confirmed, and reports the store’s failure', async () => {
    const failure = new Error('disk gone');
    let calls = 0;
    const writer = new PieceWriter(0, async () => {
      if (++calls > 1) throw failure;
    });
    await writer.push(bytes(PIECE_BYTES));
    await writer.push(bytes(PIECE_BYTES));
    await expect(writer.finish()).rejects.toBe(failure);
    expect(writer.written).toBe(PIECE_BYTES);
    await expect(writer.push(bytes(1))).rejects.toBe(failure);
  });
});
