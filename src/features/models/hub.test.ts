import { describe, expect, it } from 'vitest';
import { hubOverrideFromQuery, normalizeHubUrl } from './hub';

describe('normalizeHubUrl', () => {
  it('accepts http(s) URLs and adds the trailing slash', () => {
    expect(normalizeHubUrl('https://huggingface.co')).toBe('https://huggingface.co/');
    expect(normalizeHubUrl(' http://127.0.0.1:8090/ ')).toBe('http://127.0.0.1:8090/');
    expect(normalizeHubUrl('https://mirror.example/hf///')).toBe('https://mirror.example/hf/');
  });

  it('drops query and fragment', () => {
    expect(normalizeHubUrl('https://hf-mirror.com/?x=1#y')).toBe('https://hf-mirror.com/');
  });

  it('rejects everything else', () => {
    for (const bad of ['', 'huggingface.co', 'ftp://host/', 'javascript:alert(1)', 'file:///etc', 'https://u:p@host/']) {
      expect(normalizeHubUrl(bad), bad).toBeNull();
    }
  });
});

describe('hubOverrideFromQuery', () => {
  it('reads ?hub= and ignores invalid values', () => {
    expect(hubOverrideFromQuery('?hub=http://127.0.0.1:8090')).toBe('http://127.0.0.1:8090/');
    expect(hubOverrideFromQuery('?hub=nonsense')).toBeNull();
    expect(hubOverrideFromQuery('?test=1')).toBeNull();
  });
});
