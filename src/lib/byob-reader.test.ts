import { describe, expect, it } from 'vitest';
import { ByteStreamReader } from './byob-reader';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

async function readAll(reader: ByteStreamReader, max?: number): Promise<{ data: number[]; sizes: number[] }> {
  const data: number[] = [];
  const sizes: number[] = [];
  for (let chunk = await reader.read(max); chunk; chunk = await reader.read(max)) {
    data.push(...chunk);
    sizes.push(chunk.length);
  }
  return { data, sizes };
}

describe('ByteStreamReader', () => {
  it('reads a byte stream through one scratch buffer, at most `max` bytes a time', async () => {
    const source = bytes(10_000);
    const stream = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        controller.enqueue(source.slice());
        controller.close();
      },
    });
    const { data, sizes } = await readAll(new ByteStreamReader(stream, 4096), 3000);
    expect(data).toEqual([...source]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3000);
  });

  it('reads a default stream chunk by chunk', async () => {
    const chunks = [bytes(10), bytes(20)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const { data, sizes } = await readAll(new ByteStreamReader(stream));
    expect(sizes).toEqual([10, 20]);
    expect(data).toEqual([...chunks[0]!, ...chunks[1]!]);
  });

  it('reads a Blob', async () => {
    const source = bytes(70_000);
    const { data } = await readAll(new ByteStreamReader(new Blob([source]).stream(), 8192));
    expect(data.length).toBe(source.length);
    expect(data.slice(-5)).toEqual([...source.slice(-5)]);
  });
});
