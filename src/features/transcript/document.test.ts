import { describe, expect, it } from 'vitest';
import { TranscriptDocument } from './document';
import type { Segment } from './segment';

const seg = (start: number, end: number, text: string): Segment => ({ start, end, text });
const texts = (doc: TranscriptDocument) => doc.segments.map((s) => s.text);

function threeSegments(): TranscriptDocument {
  const doc = new TranscriptDocument();
  doc.append([seg(0, 2, 'one two'), seg(2, 4, 'three four'), seg(4, 6, 'five')]);
  return doc;
}

describe('TranscriptDocument', () => {
  it('gives every segment a stable id that survives edits of its text and times', () => {
    const doc = threeSegments();
    const [a, b] = doc.segments;
    expect(new Set(doc.segments.map((s) => s.id)).size).toBe(3);
    doc.setText(b!.id, 'THREE four');
    doc.setTimes(b!.id, 2.1, 3.9);
    expect(doc.segments[1]).toMatchObject({ id: b!.id, text: 'THREE four', start: 2.1, end: 3.9 });
    expect(doc.segments[0]).toBe(a); // untouched segments keep their object
  });

  it('undoes and redoes every kind of edit, in order', () => {
    const doc = threeSegments();
    const before = structuredClone(doc.segments);
    const [a, b, c] = doc.segments.map((s) => s.id);
    doc.setText(a!, 'One, two.');
    doc.setTimes(c!, 4.5, 6);
    const right = doc.split(b!, 'three '.length);
    expect(right).not.toBeNull();
    doc.mergeWithNext(a!);
    doc.remove(c!);
    doc.insertAfter(null, seg(0, 0.5, 'intro'));
    const after = structuredClone(doc.segments);
    expect(texts(doc)).toEqual(['intro', 'One, two. three', 'four']);

    let undone = 0;
    while (doc.undo()) undone++;
    expect(undone).toBe(6);
    expect(doc.segments).toEqual(before);
    while (doc.redo());
    expect(doc.segments).toEqual(after);
  });

  it('keeps edits and their undo intact while streamed segments keep arriving', () => {
    const doc = new TranscriptDocument();
    doc.append([seg(0, 2, 'alpha'), seg(2, 4, 'beta')]);
    const [a, b] = doc.segments.map((s) => s.id);
    doc.remove(b!);
    doc.setText(a!, 'ALPHA');
    doc.append([seg(4, 6, 'gamma')]); // a late streamed segment
    expect(texts(doc)).toEqual(['ALPHA', 'gamma']);
    doc.undo();
    doc.undo();
    expect(texts(doc)).toEqual(['alpha', 'beta', 'gamma']);
    doc.append([seg(6, 8, 'delta')]);
    doc.redo();
    doc.redo();
    expect(texts(doc)).toEqual(['ALPHA', 'gamma', 'delta']);
  });

  it('splits at the caret: times from the first timed word of the right part, else from the characters', () => {
    const doc = new TranscriptDocument();
    doc.append([
      {
        start: 10,
        end: 14,
        text: 'Hello there world',
        words: [
          { word: 'Hello', start: 10, end: 10.5 },
          { word: 'there', start: 10.6, end: 11 },
          { word: 'world', start: 12.2, end: 13.5 },
        ],
      },
      seg(20, 30, 'abcdefghij'),
    ]);
    const [timed, plain] = doc.segments.map((s) => s.id);
    doc.split(timed!, 'Hello there '.length);
    expect(doc.segments[0]).toMatchObject({ text: 'Hello there', start: 10, end: 12.2 });
    expect(doc.segments[0]!.words?.map((w) => w.word)).toEqual(['Hello', 'there']);
    expect(doc.segments[1]).toMatchObject({ text: 'world', start: 12.2, end: 14 });
    doc.split(plain!, 4);
    expect(doc.segments[2]).toMatchObject({ text: 'abcd', start: 20, end: 24 });
    expect(doc.segments[3]).toMatchObject({ text: 'efghij', start: 24, end: 30 });
  });

  it('refuses edits that would leave nothing or a span that ends before it starts', () => {
    const doc = threeSegments();
    const [a, , c] = doc.segments.map((s) => s.id);
    expect(doc.split(a!, 0)).toBeNull();
    expect(doc.split(a!, 'one two'.length)).toBeNull();
    expect(doc.setTimes(a!, 2, 1)).toBe(false);
    expect(doc.setTimes(a!, -1, 1)).toBe(false);
    expect(doc.mergeWithNext(c!)).toBe(false);
    expect(doc.setText(a!, 'one two')).toBe(false); // no change, no history entry
    expect(doc.canUndo).toBe(false);
  });

  it('replaces in many segments as one undoable edit, dropping the times of words that changed', () => {
    const doc = new TranscriptDocument();
    doc.append([
      { start: 0, end: 1, text: 'cat and dog', words: [{ word: 'cat', start: 0, end: 0.3 }, { word: 'dog', start: 0.6, end: 1 }] },
      seg(1, 2, 'the cat'),
    ]);
    doc.setTexts(doc.segments.map((s) => ({ id: s.id, text: s.text.replaceAll('cat', 'fox') })));
    expect(texts(doc)).toEqual(['fox and dog', 'the fox']);
    expect(doc.segments[0]!.words?.map((w) => w.word)).toEqual(['dog']);
    doc.undo();
    expect(texts(doc)).toEqual(['cat and dog', 'the cat']);
  });

  it('tells its subscribers about every change, and a new transcript clears the history', () => {
    const doc = threeSegments();
    let calls = 0;
    const stop = doc.subscribe(() => calls++);
    doc.setText(doc.segments[0]!.id, 'x');
    doc.undo();
    doc.append([seg(6, 7, 'six')]);
    expect(calls).toBe(3);
    doc.setText(doc.segments[0]!.id, 'y');
    doc.reset();
    expect(doc.segments).toEqual([]);
    expect(doc.canUndo).toBe(false);
    stop();
    doc.append([seg(0, 1, 'z')]);
    expect(calls).toBe(5);
  });
});
