import { describe, expect, it } from 'vitest';
import { WebGpuError } from './errors';
import { forcedTokenLimits, injectWebGpuFault } from './test-knobs';

describe('forcedTokenLimits', () => {
  it('pins both token limits to the forced count', () => {
    expect(forcedTokenLimits({ forcedTokens: 90 })).toEqual({ max_new_tokens: 90, min_new_tokens: 90 });
  });

  it('leaves decoding free when unset or not positive', () => {
    expect(forcedTokenLimits(undefined)).toBeNull();
    expect(forcedTokenLimits({ forcedTokens: null })).toBeNull();
    expect(forcedTokenLimits({ forcedTokens: 0 })).toBeNull();
  });
});

describe('injectWebGpuFault', () => {
  it('fails WebGPU once the given number of windows ran', () => {
    expect(() => injectWebGpuFault({ failWebGpuAfterWindows: 1 }, 'webgpu', 0)).not.toThrow();
    expect(() => injectWebGpuFault({ failWebGpuAfterWindows: 1 }, 'webgpu', 1)).toThrow(WebGpuError);
    expect(() => injectWebGpuFault({ failWebGpuAfterWindows: 0 }, 'webgpu', 0)).toThrow(
      'forced WebGPU failure after 0 windows (test switch)',
    );
  });

  it('never fails WASM, nor without the knob', () => {
    expect(() => injectWebGpuFault({ failWebGpuAfterWindows: 0 }, 'wasm', 5)).not.toThrow();
    expect(() => injectWebGpuFault(undefined, 'webgpu', 5)).not.toThrow();
    expect(() => injectWebGpuFault({ failWebGpuAfterWindows: null }, 'webgpu', 5)).not.toThrow();
  });
});
