import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint';
import { recordMatches, shownStatus, type TranscriptRecord } from './record';

const record = (patch: Partial<TranscriptRecord> = {}): TranscriptRecord => ({
  id: 'a',
  fileName: 'lecture.mp4',
  fileSize: 10,
  fingerprint: '10:x',
  durationS: 60,
  model: 'onnx-community/whisper-base',
  revision: null,
  language: 'ru',
  task: 'transcribe',
  createdAt: 1,
  updatedAt: 1,
  status: 'done',
  processedS: 60,
  segments: [{ start: 0, end: 1, text: 'Всё хорошо, Ёжик' }],
  ...patch,
});

describe('saved transcript records', () => {
  it('show a record a live job is not writing any more as interrupted', () => {
    expect(shownStatus(record({ status: 'running' }), true)).toBe('running');
    expect(shownStatus(record({ status: 'running' }), false)).toBe('interrupted');
    expect(shownStatus(record({ status: 'cancelled' }), false)).toBe('cancelled');
  });

  it('are found by their text or name, case-insensitively and with е = ё', () => {
    expect(recordMatches(record(), 'ежик')).toBe(true);
    expect(recordMatches(record(), 'ВСЕ')).toBe(true);
    expect(recordMatches(record(), 'lecture')).toBe(true);
    expect(recordMatches(record(), 'плохо')).toBe(false);
    expect(recordMatches(record(), '  ')).toBe(true);
  });
});

describe('fingerprint', () => {
  it('tells files apart by size and by their first and last MiB, not by what lies between', async () => {
    const mib = 1024 * 1024;
    const base = new Uint8Array(3 * mib).map((_, i) => i % 251);
    const middleChanged = base.slice();
    middleChanged[Math.floor(1.5 * mib)] ^= 1;
    const endChanged = base.slice();
    endChanged[3 * mib - 1] ^= 1;
    const a = await fingerprint(new Blob([base]));
    expect(await fingerprint(new Blob([base.slice()]))).toBe(a);
    expect(await fingerprint(new Blob([middleChanged]))).toBe(a);
    expect(await fingerprint(new Blob([endChanged]))).not.toBe(a);
    expect(await fingerprint(new Blob([base.subarray(0, 3 * mib - 1)]))).not.toBe(a);
    expect(await fingerprint(new Blob([new Uint8Array([1, 2, 3])]))).toMatch(/^3:[0-9a-f]{64}$/);
  });
});
