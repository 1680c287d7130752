import type { TestKnobs } from '../features/transcribe/protocol';

/**
 * The fault switches a spec puts in the page address for the UI's own runs (test build only):
 * `?test=1&webgpu-fail-after=N` makes WebGPU fail after N windows, so the real fallback runs.
 */
export function testKnobsFromUrl(search: string): TestKnobs | undefined {
  const query = new URLSearchParams(search);
  const failAfter = query.get('webgpu-fail-after');
  if (query.get('test') !== '1' || failAfter === null) return undefined;
  return { failWebGpuAfterWindows: Number(failAfter) };
}
