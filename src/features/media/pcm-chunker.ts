/**
 * Cuts the little-endian float32 byte stream ffmpeg writes into 16-bit chunks of a fixed number of
 * samples. ffmpeg's writes have any length (not always whole samples), so bytes are gathered in a
 * staging buffer; each full chunk is converted to Int16 (half the memory, far below any recording's
 * noise floor) and handed over, its buffer free to be transferred. The last, partial chunk comes out
 * of `flush`. ffmpeg itself keeps float output: its s16 path mixes channels down with a different gain.
 */
export class PcmChunker {
  private readonly staging: Uint8Array;
  private readonly floats: Float32Array;
  private filled = 0;
  private emittedSamples = 0;

  constructor(
    chunkSamples: number,
    private readonly emit: (samples: Int16Array, startSample: number) => void,
  ) {
    this.staging = new Uint8Array(chunkSamples * 4);
    this.floats = new Float32Array(this.staging.buffer);
  }

  /** Samples handed over so far. */
  get samples(): number {
    return this.emittedSamples;
  }

  write(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(bytes.length - at, this.staging.length - this.filled);
      this.staging.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.staging.length) this.handOver(this.floats.length);
    }
  }

  /** Hands over what is left (a trailing partial sample is dropped). */
  flush(): void {
    const samples = Math.floor(this.filled / 4);
    if (samples > 0) this.handOver(samples);
    this.filled = 0;
  }

  private handOver(count: number): void {
    const out = new Int16Array(count);
    for (let i = 0; i < count; i++) out[i] = toInt16(this.floats[i]!);
    this.filled = 0;
    const start = this.emittedSamples;
    // Counted before handing over: a transferred buffer reads as empty afterwards.
    this.emittedSamples += count;
    this.emit(out, start);
  }
}

/** [-1, 1) float to 16-bit, rounded, with the rare overshoot of a loud mix-down clamped. */
export function toInt16(x: number): number {
  const scaled = Math.round(x * 32768);
  return scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled;
}
