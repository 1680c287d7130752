// @ts-check
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ID, makeRoot } from './test-fixtures.mjs';

const CLI = fileURLToPath(new URL('./cli.mjs', import.meta.url));

/** @type {Awaited<ReturnType<typeof makeRoot>>} */
let fixture;
beforeAll(async () => {
  fixture = await makeRoot();
});
afterAll(() => fixture?.cleanup());

describe('cli', () => {
  it('serves extra roots, prints the URL and repos, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--cdn-redirect', fixture.root], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
        child.stdout.on('data', (text) => {
          output += text;
          const match = /Local Hugging Face Hub at (http:\/\/\S+)/.exec(output);
          if (match && output.includes('transformers.js:')) resolve(match[1]);
        });
      });
      expect(output).toContain(REPO_ID);

      const res = await fetch(`${url}/${REPO_ID}/resolve/main/onnx/encoder_model.onnx`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      await res.arrayBuffer();

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('rejects an invalid port with a usage message', async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'abc'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (text) => (stderr += text));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('invalid port');
    expect(stderr).toContain('Usage:');
  });
});
