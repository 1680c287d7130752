/**
 * The audio of one transcription while it streams in from the media worker: 16-bit chunks at
 * absolute sample positions. It is the only copy of the file's PCM (half the size of float32), and
 * it shrinks as the transcription advances: chunks wholly before the read position are released.
 * Windows are read out as float32 (what Whisper's feature extractor takes), one window at a time.
 */
export class PcmStore {
  private readonly chunks: { start: number; samples: Int16Array }[] = [];
  private received = 0;
  private finished = false;
  private releasedBefore = 0;
  private waiters: (() => void)[] = [];

  /** Samples received so far (the end of the audio once `ended`). */
  get length(): number {
    return this.received;
  }

  get ended(): boolean {
    return this.finished;
  }

  /** Samples held right now (for memory accounting). */
  get heldSamples(): number {
    return this.chunks.reduce((n, c) => n + c.samples.length, 0);
  }

  append(samples: Int16Array, start: number): void {
    if (this.finished) throw new Error('audio arrived after its end');
    if (start !== this.received) throw new Error(`audio chunk at sample ${start}, expected ${this.received}`);
    this.chunks.push({ start, samples });
    this.received += samples.length;
    this.wake();
  }

  end(): void {
    this.finished = true;
    this.wake();
  }

  /** Resolves once `sample` samples exist, or the audio ended before that. */
  async waitFor(sample: number): Promise<void> {
    while (!this.finished && this.received < sample) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Samples [start, start + length) as float32; shorter where the audio ends. */
  read(start: number, length: number): Float32Array {
    if (start < this.releasedBefore) throw new Error(`samples before ${this.releasedBefore} were released`);
    const end = Math.min(start + length, this.received);
    const out = new Float32Array(Math.max(0, end - start));
    for (const chunk of this.chunks) {
      const chunkEnd = chunk.start + chunk.samples.length;
      if (chunkEnd <= start || chunk.start >= end) continue;
      if (chunk.start > start + out.length) break;
      const from = Math.max(start, chunk.start);
      const to = Math.min(end, chunkEnd);
      for (let s = from; s < to; s++) out[s - start] = chunk.samples[s - chunk.start]! / 32768;
    }
    return out;
  }

  /** Frees every chunk that ends at or before `sample`: nothing before it will be read again. */
  release(sample: number): void {
    while (this.chunks.length > 0) {
      const first = this.chunks[0]!;
      if (first.start + first.samples.length > sample) break;
      this.chunks.shift();
      this.releasedBefore = first.start + first.samples.length;
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
