/**
 * What `npm test` and the bench run from tools/testmodel must not need torch (a fresh machine has
 * none; only training does): each module is imported with torch made unimportable.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const TEST_TIME_MODULES = ['testmodel.heldout', 'testmodel.random_models', 'testmodel.rebuild', 'make_media'];
// a meta-path finder that refuses torch, as on a machine without it, even where torch is installed
const BLOCK_TORCH = `
import importlib, sys
class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError("No module named 'torch' (blocked by torch-free.test.mjs)")
sys.meta_path.insert(0, NoTorch())
importlib.import_module(sys.argv[1])
print("imported")
`;

describe('test-time tools of tools/testmodel', () => {
  it.each(TEST_TIME_MODULES)('%s imports without torch', (module) => {
    const out = execFileSync('/usr/bin/python3', ['-c', BLOCK_TORCH, module], { cwd: here, env: { ...process.env, PYTHONPATH: '.' }, encoding: 'utf8' });
    expect(out.trim()).toBe('imported');
  });

  it('the blocker really blocks torch', () => {
    expect(() =>
      execFileSync('/usr/bin/python3', ['-c', BLOCK_TORCH, 'testmodel.model'], { cwd: here, env: { ...process.env, PYTHONPATH: '.' }, stdio: 'pipe' }),
    ).toThrow(/blocked by torch-free/);
  });
});
