/**
 * One list of system packages: .ci/run installs tools/ci/debian-packages.txt, `npm test` checks it,
 * and both READMEs quote it in their install line — which must name exactly the same packages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { debianPackages } from './preflight.mjs';

const listed = debianPackages().map((p) => p.name).sort();

describe('the Debian package list', () => {
  it('has a check for every package', () => {
    expect(listed.length).toBeGreaterThan(0);
    for (const pkg of debianPackages()) expect(pkg.check).toMatch(/^(command|python):\S+$/);
  });

  it.each(['README.md', 'README.ru.md'])('is the one %s names in its install line', (readme) => {
    const lines = readFileSync(readme, 'utf8').split('\n').filter((l) => /apt-get install -y /.test(l));
    expect(lines).toHaveLength(1);
    const named = lines[0].replace(/.*apt-get install -y /, '').trim().split(/\s+/).sort();
    expect(named).toEqual(listed);
  });

  it('is what .ci/run installs', () => {
    const run = readFileSync('.ci/run', 'utf8');
    expect(run).toContain('tools/ci/debian-packages.txt');
    expect(run).toMatch(/apt-get install -y -q "\$\{packages\[@\]\}"/);
    expect(run).toMatch(/\nnpm test\n/);
  });
});
