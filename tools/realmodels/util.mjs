/** Small helpers of tools/realmodels: hashing, running commands, stamps. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class ToolError extends Error {}

/** sha256 hex of a file, read in 4 MiB blocks. */
export function sha256File(path) {
  const hash = createHash('sha256');
  const buf = Buffer.alloc(1 << 22);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** sha256 hex of strings and files together (a stamp's key). */
export function sha256Of(parts) {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(typeof p === 'string' ? p : JSON.stringify(p)).update('\0');
  return hash.digest('hex');
}

/** Runs a command with the tool's output; throws ToolError on failure. Returns stdout if capture. */
export function run(cmd, args, { env, cwd, capture = false } = {}) {
  const res = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.error) throw new ToolError(`${cmd} could not start: ${res.error.message}`);
  if (capture && res.stdout) process.stdout.write(res.stdout);
  if (res.status !== 0) throw new ToolError(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
  return res.stdout ?? '';
}

/** Whether a command succeeds, quietly. */
export function works(cmd, args) {
  const res = spawnSync(cmd, args, { stdio: 'ignore' });
  return !res.error && res.status === 0;
}

export function readStamp(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

export function writeStamp(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}

