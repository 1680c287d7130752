import { describe, expect, it } from 'vitest';
import { hostOf, isDefaultHub, normalizeHubUrl } from './hub';

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

describe('hostOf and isDefaultHub', () => {
  it('names a server by its host and tells the Hugging Face Hub from the rest', () => {
    expect(hostOf('http://127.0.0.1:8090/hf/')).toBe('127.0.0.1:8090');
    expect(isDefaultHub('https://huggingface.co/')).toBe(true);
    for (const other of ['https://hf-mirror.com/', 'http://huggingface.co/', 'https://huggingface.co.example/']) {
      expect(isDefaultHub(other), other).toBe(false);
    }
  });
});
