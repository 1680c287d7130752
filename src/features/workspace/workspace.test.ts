import { describe, expect, it } from 'vitest';
import { TranscriptDocument, wordRuns } from '../transcript';
import { activeSegmentAt } from './active-segment';
import { findMatches, markRuns, replaceAllChanges, replaceMatch } from './find';
import { shortcutFor, type KeyPress } from './shortcuts';
import { wavFile } from './wav';

function doc(...texts: string[]): TranscriptDocument {
  const d = new TranscriptDocument();
  d.append(texts.map((text, i) => ({ start: i, end: i + 1, text })));
  return d;
}

describe('find', () => {
  it('finds every match case-insensitively, with е and ё as one letter', () => {
    const d = doc('Ёлка и елка', 'ЕЛКА!', 'nothing');
    const matches = findMatches(d.segments, 'елка');
    expect(matches.map((m) => [d.indexOf(m.id), m.from, m.to])).toEqual([
      [0, 0, 4],
      [0, 7, 11],
      [1, 0, 4],
    ]);
    expect(findMatches(d.segments, 'a.b')).toEqual([]); // the query is text, not a pattern
  });

  it('replaces one match or all of them as one undoable change', () => {
    const d = doc('the cat sat', 'a Cat');
    const [first] = findMatches(d.segments, 'cat');
    expect(replaceMatch(d.segments[0]!.text, first!, 'dog')).toBe('the dog sat');
    d.setTexts(replaceAllChanges(d.segments, 'cat', 'dog'));
    expect(d.segments.map((s) => s.text)).toEqual(['the dog sat', 'a dog']);
    d.undo();
    expect(d.segments.map((s) => s.text)).toEqual(['the cat sat', 'a Cat']);
  });

  it('cuts timed-word runs at match edges without changing the text', () => {
    const text = 'hello brave world';
    const runs = wordRuns(text, [
      { word: 'hello', start: 0, end: 1 },
      { word: 'brave', start: 1, end: 2 },
    ]);
    const marked = markRuns(runs, [{ from: 3, to: 8, current: true }]);
    expect(marked.map((r) => r.text).join('')).toBe(text);
    expect(marked.filter((r) => r.mark === 'current').map((r) => r.text).join('')).toBe('lo br');
    expect(marked.find((r) => r.text === 'br')?.word?.word).toBe('brave');
  });
});

describe('activeSegmentAt', () => {
  it('finds the segment whose span holds the time, none in a pause', () => {
    const segments = [
      { start: 0, end: 2, text: 'a' },
      { start: 3, end: 5, text: 'b' },
    ];
    expect(activeSegmentAt(segments, 0)).toBe(0);
    expect(activeSegmentAt(segments, 1.99)).toBe(0);
    expect(activeSegmentAt(segments, 2.5)).toBe(-1);
    expect(activeSegmentAt(segments, 3)).toBe(1);
    expect(activeSegmentAt(segments, 5)).toBe(-1);
  });
});

describe('shortcutFor', () => {
  const key = (code: string, extra: Partial<KeyPress> = {}): KeyPress => ({
    key: code.replace(/^Key/, '').toLowerCase(),
    code,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...extra,
  });

  it('takes single keys only outside text fields, Alt combinations everywhere', () => {
    expect(shortcutFor(key('Space'), false)).toBe('play-pause');
    expect(shortcutFor(key('Space'), true)).toBeNull();
    expect(shortcutFor(key('KeyK', { altKey: true }), true)).toBe('play-pause');
    expect(shortcutFor(key('KeyJ'), false)).toBe('back');
    expect(shortcutFor(key('ArrowRight'), false)).toBe('forward');
    expect(shortcutFor(key('ArrowDown'), false)).toBe('next-segment');
  });

  it('leaves undo inside a text field to the field, and maps Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside', () => {
    expect(shortcutFor(key('KeyZ', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(key('KeyZ', { ctrlKey: true }), false)).toBe('undo');
    expect(shortcutFor(key('KeyZ', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(shortcutFor(key('KeyY', { metaKey: true }), false)).toBe('redo');
    expect(shortcutFor(key('KeyF', { ctrlKey: true }), true)).toBe('find');
  });

  it('matches letters by physical key, whatever the layout types', () => {
    expect(shortcutFor({ ...key('KeyK'), key: 'л' }, false)).toBe('play-pause');
  });
});

describe('wavFile', () => {
  it('writes a RIFF/WAVE header for 16-bit mono PCM and the samples after it', async () => {
    const samples = new Int16Array([0, 1000, -1000, 32767]);
    const blob = wavFile([samples.slice(0, 2), samples.slice(2)], 16000);
    const bytes = new DataView(await blob.arrayBuffer());
    expect(blob.size).toBe(44 + 8);
    expect(String.fromCharCode(...new Uint8Array(bytes.buffer, 0, 4))).toBe('RIFF');
    expect(bytes.getUint32(24, true)).toBe(16000);
    expect(bytes.getUint32(40, true)).toBe(8);
    expect(bytes.getInt16(44 + 6, true)).toBe(32767);
  });
});

describe('muxContainerFor', () => {
  it('keeps MP4, MOV, MKV and WebM, puts other video into Matroska, and offers nothing for audio', async () => {
    const { muxContainerFor } = await import('./mux-container');
    expect(['a.mp4', 'b.M4V', 'c.mov', 'd.mkv', 'e.webm', 'f.avi', 'g.mp3', 'h'].map(muxContainerFor)).toEqual([
      'mp4', 'mp4', 'mov', 'mkv', 'webm', 'mkv', null, null,
    ]);
  });
});
