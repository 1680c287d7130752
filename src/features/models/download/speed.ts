/** Download speed over a sliding window, and the time left at that speed. Pure; times in ms. */
export class SpeedMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 5000) {}

  /** Records the running byte count at time `at`. */
  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && this.samples[0]!.at < at - this.windowMs) this.samples.shift();
  }

  /** Forgets the samples: a new phase of work (unpacking after downloading) is measured on its own. */
  reset(): void {
    this.samples = [];
  }

  /** Bytes per second over the window, or null before there are two samples a moment apart. */
  bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 250) return null;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }

  /** Seconds until `total` at the current speed; null when unknown or stalled. */
  etaSeconds(loaded: number, total: number): number | null {
    const speed = this.bytesPerSecond();
    if (!speed) return null;
    return Math.max(0, (total - loaded) / speed);
  }
}
