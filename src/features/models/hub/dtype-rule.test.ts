import { describe, expect, it } from 'vitest';
import type { Device, Dtype, HubTreeEntry } from '../types';
import { chooseDtype, DTYPE_SUFFIX, dtypePreferences, loadDtypes, onnxFileName, WHISPER_SESSIONS } from './dtype-rule';
import { selectModelFiles } from './select-files';

const DTYPES = Object.keys(DTYPE_SUFFIX) as Dtype[];
const DEVICES: { device: Device; shaderF16: boolean }[] = [
  { device: 'wasm', shaderF16: false },
  { device: 'webgpu', shaderF16: true },
  { device: 'webgpu', shaderF16: false },
];

/** A repo with both sessions in exactly these dtypes. */
function repoWith(dtypes: readonly Dtype[]): HubTreeEntry[] {
  return [
    { type: 'file', path: 'config.json', size: 10 },
    ...dtypes.flatMap((d) => WHISPER_SESSIONS.map((s): HubTreeEntry => ({ type: 'file', path: `onnx/${onnxFileName(s, d)}`, size: 1 }))),
  ];
}

/** Every subset of the dtypes, the empty one included. */
const SUBSETS: Dtype[][] = Array.from({ length: 2 ** DTYPES.length }, (_, bits) => DTYPES.filter((_, i) => bits & (1 << i)));

describe('dtypePreferences', () => {
  it('never offers fp16 weights to a GPU without shader-f16', () => {
    for (const session of WHISPER_SESSIONS) {
      expect(dtypePreferences(session, 'webgpu', false)).not.toContain('fp16');
      expect(dtypePreferences(session, 'webgpu', false)).not.toContain('q4f16');
    }
    expect(dtypePreferences('encoder_model', 'wasm', false)[0]).toBe('q8');
  });
});

describe('chooseDtype', () => {
  const all = () => true;

  it('takes the user’s dtype where it runs here, the device’s preference elsewhere', () => {
    expect(chooseDtype('encoder_model', all, { device: 'wasm', shaderF16: false, dtype: 'fp32' })).toBe('fp32');
    expect(chooseDtype('encoder_model', all, { device: 'webgpu', shaderF16: false, dtype: 'fp16' })).toBe('fp32');
    expect(chooseDtype('decoder_model_merged', (d) => d !== 'q4', { device: 'webgpu', shaderF16: false, dtype: 'q4' })).toBe('fp32');
  });

  it('is null when nothing that runs on the device exists', () => {
    expect(chooseDtype('encoder_model', (d) => d === 'fp16', { device: 'webgpu', shaderF16: false })).toBeNull();
    expect(chooseDtype('encoder_model', () => false, { device: 'wasm', shaderF16: false })).toBeNull();
  });
});

/** The same dtypes stored for both sessions (a repo downloaded whole, or for WASM). */
const both = (dtypes: readonly string[]) => ({ encoder_model: dtypes, decoder_model_merged: dtypes });

/** Every device setup and dtype subset a download can serve, with the dtypes it picks. */
function downloads(): { device: Device; shaderF16: boolean; dtypes: Dtype[]; downloaded: Record<string, Dtype> }[] {
  return DEVICES.flatMap(({ device, shaderF16 }) =>
    SUBSETS.flatMap((dtypes) => {
      try {
        return [{ device, shaderF16, dtypes, downloaded: selectModelFiles(repoWith(dtypes), { device, shaderF16 }).dtype }];
      } catch {
        return []; // nothing this device runs: no download to load
      }
    }),
  );
}

describe('loadDtypes', () => {
  it('loads exactly what a download for the device stored, each session in its own dtype', () => {
    for (const { device, shaderF16, dtypes, downloaded } of downloads()) {
      // The store then holds one file per session: e.g. an fp16 encoder and a q4 decoder for WebGPU.
      const stored = { encoder_model: [downloaded.encoder_model!], decoder_model_merged: [downloaded.decoder_model_merged!] };
      expect(loadDtypes(stored, device, shaderF16), `${device} f16=${shaderF16} [${dtypes.join(',')}]`).toEqual(downloaded);
    }
    expect(loadDtypes({ encoder_model: ['fp16'], decoder_model_merged: ['q4'] }, 'webgpu', true)).toEqual({
      encoder_model: 'fp16',
      decoder_model_merged: 'q4',
    });
  });

  it('loads what a download for the same device picks, whatever dtypes the repo has', () => {
    for (const { device, shaderF16, dtypes, downloaded } of downloads()) {
      expect(loadDtypes(both(dtypes), device, shaderF16), `${device} f16=${shaderF16} [${dtypes.join(',')}]`).toEqual(downloaded);
    }
  });

  it('loads a model fetched for the other device with what it has', () => {
    expect(loadDtypes(both(['q8']), 'webgpu', true)).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
    expect(loadDtypes(both(['fp16', 'q4']), 'wasm', false)).toEqual({ encoder_model: 'q4', decoder_model_merged: 'q4' });
  });

  it('keeps fp16 away from a GPU without shader-f16 while anything else is stored', () => {
    expect(loadDtypes(both(['fp16', 'q4']), 'webgpu', false)).toEqual({ encoder_model: 'q4', decoder_model_merged: 'q4' });
  });

  it('tries the first stored dtype when nothing stored runs here, and fp32 when the list is empty', () => {
    expect(loadDtypes(both(['fp16']), 'webgpu', false)).toEqual({ encoder_model: 'fp16', decoder_model_merged: 'fp16' });
    expect(loadDtypes(both(['q2']), 'wasm', false)).toEqual({ encoder_model: 'q2', decoder_model_merged: 'q2' });
    expect(loadDtypes(both([]), 'wasm', false)).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'fp32' });
  });
});
