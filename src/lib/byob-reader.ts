/**
 * Reads a byte stream into one reused scratch buffer where the browser offers BYOB readers, so a
 * large body (a model file, a blob being hashed) leaves no trail of fresh ArrayBuffers for the
 * garbage collector; chunk by chunk where it does not.
 */
export class ByteStreamReader {
  private readonly byob: ReadableStreamBYOBReader | null;
  private readonly plain: ReadableStreamDefaultReader<Uint8Array> | null;
  private scratch: Uint8Array<ArrayBuffer>;

  constructor(stream: ReadableStream<Uint8Array>, scratchBytes = DEFAULT_SCRATCH_BYTES) {
    let byob: ReadableStreamBYOBReader | null = null;
    try {
      byob = stream.getReader({ mode: 'byob' });
    } catch {
      // Not a byte stream in this browser.
    }
    this.byob = byob;
    this.plain = byob ? null : stream.getReader();
    this.scratch = new Uint8Array(byob ? scratchBytes : 0);
  }

  /**
   * The next bytes, or null at the end. With a BYOB reader at most `max` bytes, in the scratch
   * buffer: valid only until the next call (copy or consume them before reading again).
   */
  async read(max = Number.POSITIVE_INFINITY): Promise<Uint8Array | null> {
    if (this.byob) {
      const { done, value } = await this.byob.read(this.scratch.subarray(0, Math.min(max, this.scratch.length)));
      if (value) this.scratch = new Uint8Array(value.buffer);
      return done ? null : (value ?? null);
    }
    const { done, value } = await this.plain!.read();
    return done ? null : value;
  }

  cancel(): void {
    (this.byob ?? this.plain)!.cancel().catch(() => undefined);
  }
}

const DEFAULT_SCRATCH_BYTES = 256 * 1024;
