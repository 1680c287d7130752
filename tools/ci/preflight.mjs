#!/usr/bin/env node
// @ts-check
/**
 * The first step of `npm test` (and of `npm run bench`): every Debian package of
 * tools/ci/debian-packages.txt must be present, or the run stops here, before any test, naming
 * each missing package and the one line that installs them all — never halfway through with a
 * Python traceback. Chromium counts as present at $PW_CHROMIUM when that is set.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from '../chromium.mjs';

const LIST = fileURLToPath(new URL('./debian-packages.txt', import.meta.url));

/** @returns {{ name: string, check: string, why: string }[]} */
export function debianPackages(text = readFileSync(LIST, 'utf8')) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, check, ...why] = line.split(/\s+/);
      return { name, check, why: why.join(' ') };
    });
}

/** @param {string} command */
function onPath(command) {
  if (command === 'chromium') return existsSync(CHROMIUM_PATH);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** @param {string} module */
function importable(module) {
  try {
    execFileSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** @param {string} check */
function present(check) {
  const [kind, target] = check.split(':');
  if (kind === 'command') return onPath(target);
  if (kind === 'python') return importable(target);
  throw new Error(`tools/ci/debian-packages.txt: unknown check "${check}"`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = debianPackages().filter((pkg) => !present(pkg.check));
  if (missing.length > 0) {
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    console.error('Missing system packages (tools/ci/debian-packages.txt):');
    for (const pkg of missing) console.error(`  ${pkg.name.padEnd(15)} ${pkg.why}`);
    console.error(`\nInstall them, then run the command again:\n\n  ${sudo}apt-get update && ${sudo}apt-get install -y ${missing.map((p) => p.name).join(' ')}\n`);
    process.exit(1);
  }
}
