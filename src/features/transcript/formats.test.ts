import { describe, expect, it } from 'vitest';
import { formatTranscript, toCsv, toJson, toSrt, toTxt, toVtt } from './formats';
import { exportFileName } from './save';
import { parseTimestamp } from '../../lib/time';
import type { Segment } from './segment';

const segments: Segment[] = [
  { start: 1.5, end: 3, text: ' Hello world. ' },
  { start: 3.25, end: 6.004, text: 'Привет, мир!' },
];

describe('toSrt', () => {
  it('writes numbered cues with comma milliseconds and blank lines between them', () => {
    expect(toSrt(segments)).toBe(
      '1\n00:00:01,500 --> 00:00:03,000\nHello world.\n\n' +
        '2\n00:00:03,250 --> 00:00:06,004\nПривет, мир!\n',
    );
  });

  it('skips empty segments without leaving gaps in the numbering', () => {
    const srt = toSrt([{ start: 0, end: 1, text: '  ' }, ...segments]);
    expect(srt.startsWith('1\n00:00:01,500')).toBe(true);
    expect(srt).toContain('\n2\n00:00:03,250');
  });

  it('never lets a blank line inside the text end a cue early', () => {
    const srt = toSrt([{ start: 0, end: 1, text: 'one\n\n\ntwo' }]);
    expect(srt).toBe('1\n00:00:00,000 --> 00:00:01,000\none two\n');
  });

  it('never writes an end before its start: a backwards cue gets the minimum duration', () => {
    expect(toSrt([{ start: 2, end: 1.5, text: 'x' }])).toContain('00:00:02,000 --> 00:00:03,000');
  });
});

describe('toVtt', () => {
  it('starts with WEBVTT and uses dot milliseconds', () => {
    const vtt = toVtt(segments);
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    expect(vtt).toContain('00:00:01.500 --> 00:00:03.000\nHello world.\n');
    expect(vtt).toContain('00:00:03.250 --> 00:00:06.004\nПривет, мир!\n');
  });

  it('escapes characters that WebVTT reserves for markup', () => {
    expect(toVtt([{ start: 0, end: 1, text: 'a < b & c > d' }])).toContain('a &lt; b &amp; c &gt; d');
  });

  it('is a valid empty file when there is no speech', () => {
    expect(toVtt([])).toBe('WEBVTT\n');
  });

  it('cue timings parse back to the segment times', () => {
    const timings = toVtt(segments)
      .split('\n')
      .filter((line) => line.includes('-->'))
      .map((line) => line.split(' --> ').map(parseTimestamp));
    expect(timings).toEqual([
      [1.5, 3],
      [3.25, 6.004],
    ]);
  });
});

describe('toTxt', () => {
  it('writes one line per segment without timestamps', () => {
    expect(toTxt(segments)).toBe('Hello world.\nПривет, мир!\n');
    expect(toTxt([])).toBe('');
  });
});

describe('toTxt with times, JSON and CSV', () => {
  it('prefixes each line with its start', () => {
    expect(toTxt(segments, { times: true })).toBe('[0:01] Hello world.\n[0:03] Привет, мир!\n');
  });

  it('writes JSON with the source, the model and the words', () => {
    const parsed = JSON.parse(
      toJson([{ start: 0, end: 1.23456, text: 'hi', words: [{ word: 'hi', start: 0.1, end: 1 }] }], {
        fileName: 'a.mp4',
        language: 'en',
        model: 'onnx-community/whisper-base',
        revision: 'abc',
      }),
    );
    expect(parsed).toEqual({
      file: 'a.mp4',
      language: 'en',
      model: 'onnx-community/whisper-base',
      revision: 'abc',
      segments: [{ start: 0, end: 1.235, text: 'hi', words: [{ word: 'hi', start: 0.1, end: 1 }] }],
    });
  });

  it('quotes CSV fields with commas, quotes and line breaks', () => {
    expect(toCsv([{ start: 1, end: 2, text: 'say "hi", then\ngo' }])).toBe('start,end,text\r\n1.000,2.000,"say ""hi"", then\ngo"\r\n');
  });
});

describe('formatTranscript', () => {
  it('dispatches by format', () => {
    expect(formatTranscript('srt', segments)).toBe(toSrt(segments));
    expect(formatTranscript('vtt', segments)).toBe(toVtt(segments));
    expect(formatTranscript('txt', segments)).toBe(toTxt(segments));
  });

  it('produces UTF-8 that survives encoding', () => {
    const bytes = new TextEncoder().encode(toSrt(segments));
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toContain('Привет, мир!');
  });
});

describe('exportFileName', () => {
  it('replaces the media extension', () => {
    expect(exportFileName('lecture.final.mp4', 'srt')).toBe('lecture.final.srt');
    expect(exportFileName('запись', 'vtt')).toBe('запись.vtt');
    expect(exportFileName('.hidden', 'txt')).toBe('.hidden.txt');
  });
});
