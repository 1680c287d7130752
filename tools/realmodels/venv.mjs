/**
 * The tool's Python virtual environment, inside the cache (never the system Python): ctranslate2,
 * onnxruntime and faster-whisper at the versions and sha256s of requirements.lock.
 *
 *   import { ensureVenv } from './venv.mjs';
 *   const python = ensureVenv(cacheDir);   // …/venv/bin/python, made or reused
 *
 * Made with Debian's `/usr/bin/python3 -m venv` (python3-venv; the lock's wheels are for CPython
 * 3.11 on Linux x86_64). Reused while its stamp matches the lock's sha256, else made anew.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStamp, run, sha256File, ToolError, works, writeStamp } from './util.mjs';

export const LOCK = join(dirname(fileURLToPath(import.meta.url)), 'requirements.lock');
export const SYSTEM_PYTHON = '/usr/bin/python3';

export function ensureVenv(cache, { log = console.log } = {}) {
  const dir = join(cache, 'venv');
  const python = join(dir, 'bin', 'python');
  const stamp = join(dir, 'realmodels-lock.json');
  const lock = sha256File(LOCK);
  if (existsSync(python) && readStamp(stamp)?.lock === lock) return python;
  if (!works(SYSTEM_PYTHON, ['-c', 'import ensurepip, venv'])) {
    throw new ToolError(`${SYSTEM_PYTHON} cannot make a virtual environment: apt-get install -y python3-venv`);
  }
  log(`venv: making ${dir} from ${LOCK}`);
  rmSync(dir, { recursive: true, force: true });
  run(SYSTEM_PYTHON, ['-m', 'venv', dir]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--require-hashes', '--only-binary=:all:', '-r', LOCK]);
  writeStamp(stamp, { lock });
  return python;
}
