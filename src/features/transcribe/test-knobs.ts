/**
 * What the test knobs of a transcribe request do (protocol.ts, TestKnobs). Every caller reads them
 * behind `if (TEST_BUILD)` (src/lib/build-mode.ts), so a production build carries none of this.
 */
import type { Device } from './engine';
import { WebGpuError } from './errors';
import type { TestKnobs } from './protocol';

/** Benchmarks: the token limits that make every window decode exactly `forcedTokens`; null when unset. */
export function forcedTokenLimits(knobs: TestKnobs | undefined): { max_new_tokens: number; min_new_tokens: number } | null {
  const forced = knobs?.forcedTokens ?? 0;
  return forced > 0 ? { max_new_tokens: forced, min_new_tokens: forced } : null;
}

/**
 * Tests: once `failWebGpuAfterWindows` windows ran on WebGPU, throws the error a real GPU failure
 * becomes, so the real fallback to WASM runs.
 */
export function injectWebGpuFault(knobs: TestKnobs | undefined, device: Device, windows: number): void {
  const after = knobs?.failWebGpuAfterWindows;
  if (device === 'webgpu' && after != null && windows >= after) {
    throw new WebGpuError(`forced WebGPU failure after ${windows} windows (test switch)`);
  }
}
