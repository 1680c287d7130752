import { describe, expect, it } from 'vitest';
import { collapseLoops, dropRepetitions } from './repetition';

describe('collapseLoops', () => {
  it('collapses a word or phrase said over and over', () => {
    expect(collapseLoops('thank you thank you thank you thank you')).toBe('thank you');
    expect(collapseLoops('so so so so so it goes')).toBe('so it goes');
    expect(collapseLoops('Я думаю, что, что, что, что это так')).toBe('Я думаю, что, это так');
  });

  it('leaves ordinary speech, and a phrase said twice, alone', () => {
    const text = 'the cat sees the dog and the dog sees the cat';
    expect(collapseLoops(text)).toBe(text);
    expect(collapseLoops('very very good')).toBe('very very good');
  });
});

describe('dropRepetitions', () => {
  it('drops a segment that repeats the one before it, across windows too', () => {
    const prev = { start: 0, end: 2, text: 'Hello there.' };
    const segments = [
      { start: 10, end: 12, text: 'hello there' },
      { start: 12, end: 14, text: 'General Kenobi.' },
      { start: 14, end: 16, text: 'General Kenobi.' },
      { start: 16, end: 18, text: 'You are a bold one.' },
    ];
    expect(dropRepetitions(segments, prev).map((s) => s.text)).toEqual(['General Kenobi.', 'You are a bold one.']);
  });
});
