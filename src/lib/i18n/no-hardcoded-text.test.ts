import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..');

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(full);
    return entry.name.endsWith('.svelte') ? [full] : [];
  });
}

/** The markup of a component: scripts and styles removed, and every `{…}` expression (nested too) blanked. */
function markup(source: string): string {
  let html = source.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
  for (let previous = ''; previous !== html; ) {
    previous = html;
    html = html.replace(/\{[^{}]*\}/g, '\u0000');
  }
  return html;
}

describe('components', () => {
  const files = svelteFiles(SRC);

  it('are found', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('show no text that bypasses i18n', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const html = markup(readFileSync(file, 'utf8'));
      for (const [, text] of html.matchAll(/>([^<>]*)</g)) {
        if (/\p{L}/u.test(text!.replace(/\u0000/g, ''))) offenders.push(`${path.relative(SRC, file)}: "${text!.trim()}"`);
      }
      for (const [attr] of html.matchAll(/\b(?:aria-label|title|placeholder|alt)="[^"]*"/g)) {
        if (/\p{L}/u.test(attr.replace(/^[\w-]+=/, ''))) offenders.push(`${path.relative(SRC, file)}: ${attr}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
