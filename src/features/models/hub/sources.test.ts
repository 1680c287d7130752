import { describe, expect, it } from 'vitest';
import { authorizer, fileUrl, isRepoId, linkServersFromQuery, planSources, treeUrl } from './sources';

const HUB = 'https://huggingface.co/';

describe('linkServersFromQuery', () => {
  it('reads ?hub= and every valid ?mirror= in order', () => {
    expect(linkServersFromQuery('?hub=http://127.0.0.1:8090&mirror=http%3A%2F%2F127.0.0.1%3A1&mirror=bad&mirror=https://m.example/hf')).toEqual({
      hub: 'http://127.0.0.1:8090/',
      mirrors: ['http://127.0.0.1:1/', 'https://m.example/hf/'],
    });
  });

  it('is null when the address names no server (or only invalid ones)', () => {
    expect(linkServersFromQuery('?test=1')).toBeNull();
    expect(linkServersFromQuery('?hub=nonsense&mirror=javascript:x')).toBeNull();
  });
});

describe('planSources', () => {
  it('downloads from a confirmed link first, then the configured hub and mirrors; checksums come from the configured hub first', () => {
    const plan = planSources({
      hubUrl: HUB,
      mirrors: [{ url: 'https://hf-mirror.com', sendToken: false }, { url: 'nonsense', sendToken: true }],
      link: { hub: 'https://attacker.example/', mirrors: ['https://other.example/', HUB] },
    });
    expect(plan.download).toEqual(['https://attacker.example/', 'https://other.example/', HUB, 'https://hf-mirror.com/']);
    expect(plan.snapshot).toEqual([HUB, 'https://attacker.example/', 'https://other.example/', 'https://hf-mirror.com/']);
  });

  it('lets only the configured hub and the mirrors ticked for it receive the token', () => {
    const plan = planSources({
      hubUrl: HUB,
      mirrors: [
        { url: 'https://trusted.example/hf', sendToken: true },
        { url: 'https://untrusted.example', sendToken: false },
      ],
      link: { hub: 'https://attacker.example/', mirrors: [] },
    });
    expect([...plan.tokenOrigins].sort()).toEqual(['https://huggingface.co', 'https://trusted.example']);
  });
});

describe('authorizer', () => {
  const authorize = authorizer(' hf_x ', new Set(['https://huggingface.co']));

  it('adds the bearer token only for URLs on an allowed origin', () => {
    expect(authorize('https://huggingface.co/api/models/a/b')).toEqual({ Authorization: 'Bearer hf_x' });
    for (const url of ['https://attacker.example/api/models/a/b', 'https://cdn-lfs.huggingface.co/x', 'http://huggingface.co/x']) {
      expect(authorize(url), url).toEqual({});
    }
  });

  it('sends nothing without a token', () => {
    expect(authorizer('  ', new Set(['https://huggingface.co']))('https://huggingface.co/x')).toEqual({});
  });
});

describe('URLs and ids', () => {
  it('builds the Hub layout with encoded parts', () => {
    expect(fileUrl('https://h/', 'o/m', 'main', 'onnx/a b.onnx')).toBe('https://h/o/m/resolve/main/onnx/a%20b.onnx');
    expect(treeUrl('https://h/', 'o/m', 'abc')).toBe('https://h/api/models/o/m/tree/abc?recursive=true');
  });

  it('accepts owner/name repo ids only', () => {
    expect(isRepoId('onnx-community/whisper-base.en')).toBe(true);
    for (const bad of ['whisper', 'a/b/c', '../x', 'a/..', 'a b/c', '']) expect(isRepoId(bad), bad).toBe(false);
  });
});
