import { describe, expect, it } from 'vitest';
import { allowedHubs, baselineContentSecurityPolicy, contentSecurityPolicy, hubSources } from './headers';

/** The sources a policy lists for one directive. */
function directive(policy: string, name: string): string[] {
  const entry = policy.split('; ').find((part) => part.startsWith(`${name} `));
  return entry ? entry.split(' ').slice(1) : [];
}

describe('hubSources', () => {
  it('allows the Hub with the CDN hosts it redirects downloads to', () => {
    expect(hubSources('https://huggingface.co/')).toEqual(['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co']);
  });

  it('allows a mirror by its origin only', () => {
    expect(hubSources('http://127.0.0.1:8090/some/path/')).toEqual(['http://127.0.0.1:8090']);
    expect(hubSources('https://hf-mirror.com')).toEqual(['https://hf-mirror.com']);
  });

  it('allows nothing for text that is not an http(s) URL', () => {
    expect(hubSources('javascript:alert(1)')).toEqual([]);
    expect(hubSources('not a url')).toEqual([]);
  });
});

describe('allowedHubs', () => {
  it('is the Hub when nothing else is configured', () => {
    expect(allowedHubs(null)).toEqual(['https://huggingface.co/']);
  });

  it('adds the settings mirrors and the link servers the user confirmed', () => {
    expect(allowedHubs('https://mirror.example/', ['https://hf-mirror.example/', 'nonsense'], ['http://127.0.0.1:18195/'])).toEqual([
      'https://mirror.example/',
      'https://hf-mirror.example/',
      'http://127.0.0.1:18195/',
    ]);
  });

  it('ignores a settings value that is not a URL', () => {
    expect(allowedHubs('ftp://x', ['javascript:x'])).toEqual(['https://huggingface.co/']);
  });
});

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy(allowedHubs(null, [], ['http://127.0.0.1:18090/']));

  it('lets connections go only to our origin, local URLs and the allowed hubs', () => {
    expect(directive(policy, 'connect-src')).toEqual([
      "'self'",
      'blob:',
      'data:',
      'https://huggingface.co',
      'https://*.huggingface.co',
      'https://*.hf.co',
      'http://127.0.0.1:18090',
    ]);
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
  });

  it('loads scripts, fonts and images from our origin only', () => {
    for (const name of ['script-src', 'font-src', 'img-src', 'style-src', 'worker-src']) {
      const sources = directive(policy, name);
      expect(sources.length, name).toBeGreaterThan(0);
      expect(sources.filter((s) => /^https?:/.test(s) || s === '*'), name).toEqual([]);
    }
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
  });

  it('has a baseline for the page itself that never narrows connections', () => {
    const baseline = baselineContentSecurityPolicy();
    expect(directive(baseline, 'connect-src')).toEqual([]);
    expect(directive(baseline, 'default-src')).toEqual([]);
    expect(directive(baseline, 'script-src')).toEqual(directive(policy, 'script-src'));
  });
});
