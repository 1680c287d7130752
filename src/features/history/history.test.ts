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

describe('BatchQueue', () => {
  it('keeps the order the user sets, skips what is not waiting, and never drops the running file', async () => {
    const { BatchQueue } = await import('./queue.svelte');
    const queue = new BatchQueue();
    const file = (name: string) => new File(['x'], name);
    queue.add([file('a.mp4'), file('b.mp4'), file('c.mp4')]);
    const [a, b, c] = queue.items.map((i) => i.id);
    queue.move(c!, -1);
    queue.move(a!, -1); // already first: nothing happens
    expect(queue.items.map((i) => i.file.name)).toEqual(['a.mp4', 'c.mp4', 'b.mp4']);
    queue.items[0]!.status = 'running';
    expect(queue.next()?.file.name).toBe('c.mp4');
    queue.remove(a!);
    queue.remove(b!);
    expect(queue.items.map((i) => i.file.name)).toEqual(['a.mp4', 'c.mp4']);
    queue.items[0]!.status = 'done';
    queue.clearFinished();
    expect(queue.items.map((i) => i.file.name)).toEqual(['c.mp4']);
    expect(queue.waiting).toBe(1);
  });
});

describe('zipTranscripts', () => {
  it('writes SRT, VTT, TXT and JSON per transcript, numbering repeated names', async () => {
    const { zipTranscripts } = await import('./export-all');
    const { unzipSync, strFromU8 } = await import('fflate');
    const { DEFAULT_SUBTITLE_RULES } = await import('../transcript');
    const blob = await zipTranscripts([record(), record({ id: 'b' })], DEFAULT_SUBTITLE_RULES);
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(
      ['lecture (2).json', 'lecture (2).srt', 'lecture (2).txt', 'lecture (2).vtt', 'lecture.json', 'lecture.srt', 'lecture.txt', 'lecture.vtt'],
    );
    expect(strFromU8(files['lecture.srt']!)).toBe('1\n00:00:00,000 --> 00:00:01,000\nВсё хорошо, Ёжик\n');
    expect(JSON.parse(strFromU8(files['lecture.json']!)).model).toBe('onnx-community/whisper-base');
  });
});
