import { describe, expect, it } from 'vitest';
import { authHeaders, fileUrl, HUB_REDIRECT_ORIGINS, isRepoId, mirrorsFromQuery, orderedSources, sourceOrigins, treeUrl } from './sources';

describe('orderedSources', () => {
  it('keeps the order, normalizes, drops invalid and repeated sources', () => {
    expect(orderedSources('https://huggingface.co', ['https://hf-mirror.com/', 'nonsense', 'https://huggingface.co/', 'http://127.0.0.1:9/hf'])).toEqual([
      'https://huggingface.co/',
      'https://hf-mirror.com/',
      'http://127.0.0.1:9/hf/',
    ]);
  });
});

describe('mirrorsFromQuery', () => {
  it('reads every valid ?mirror= in order', () => {
    expect(mirrorsFromQuery('?hub=x&mirror=http%3A%2F%2F127.0.0.1%3A1&mirror=bad&mirror=https://m.example/hf')).toEqual([
      'http://127.0.0.1:1/',
      'https://m.example/hf/',
    ]);
    expect(mirrorsFromQuery('?test=1')).toEqual([]);
  });
});

describe('sourceOrigins', () => {
  it('lists each origin once, with the Hub CDN hosts when huggingface.co is a source', () => {
    expect(sourceOrigins(['https://huggingface.co/', 'https://hf-mirror.com/a/', 'https://hf-mirror.com/b/'])).toEqual([
      'https://huggingface.co',
      ...HUB_REDIRECT_ORIGINS,
      'https://hf-mirror.com',
    ]);
    expect(sourceOrigins(['http://127.0.0.1:18090/'])).toEqual(['http://127.0.0.1:18090']);
  });
});

describe('URLs and headers', () => {
  it('builds the Hub layout with encoded parts', () => {
    expect(fileUrl('https://h/', 'o/m', 'main', 'onnx/a b.onnx')).toBe('https://h/o/m/resolve/main/onnx/a%20b.onnx');
    expect(treeUrl('https://h/', 'o/m', 'abc')).toBe('https://h/api/models/o/m/tree/abc?recursive=true');
  });

  it('sends a token only when there is one', () => {
    expect(authHeaders('')).toEqual({});
    expect(authHeaders(' hf_x ')).toEqual({ Authorization: 'Bearer hf_x' });
  });

  it('accepts owner/name repo ids only', () => {
    expect(isRepoId('onnx-community/whisper-base.en')).toBe(true);
    for (const bad of ['whisper', 'a/b/c', '../x', 'a/..', 'a b/c', '']) expect(isRepoId(bad), bad).toBe(false);
  });
});
