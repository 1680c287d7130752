import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packModel } from '../../../../tools/modelpack/pack.mjs';
import { ModelsError } from '../errors';
import { readArchive, sniffFormat } from './archive-reader';

const MODEL = path.resolve(import.meta.dirname, '../../../../tools/testmodel/models/testmodels/whisper-synth');
const hasZipCli = existsSync('/usr/bin/zip');

/** Reads an archive with the app's reader (as Node streams it from memory) and hashes every entry. */
async function readAll(bytes: Uint8Array, format: Parameters<typeof readArchive>[1]): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  await readArchive(new Blob([bytes as BlobPart]).stream(), format, async (name) => {
    const hash = createHash('sha256');
    return { write: async (chunk) => void hash.update(chunk), close: async () => void digests.set(name, hash.digest('hex')) };
  });
  return digests;
}

describe('archive reader', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'archive-reader-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const format of ['zip', 'tar', 'tar.gz'] as const) {
    it(`reads every file of a ${format} from the pack tool, byte for byte (its manifest first)`, async () => {
      const out = path.join(dir, format, `model.${format}`);
      const { manifest, partPaths } = await packModel({ folder: MODEL, out, partBytes: 4_000_000 });
      expect(partPaths.length).toBeGreaterThan(1);
      // The parts joined in order are the archive.
      const joined = Buffer.concat(await Promise.all(partPaths.map((p) => readFile(p))));
      expect(createHash('sha256').update(joined).digest('hex')).toBe(manifest.archive.sha256);
      expect(sniffFormat(joined)).toBe(format);
      const digests = await readAll(joined, format);
      expect([...digests.keys()][0]).toBe('model-manifest.json');
      for (const file of manifest.files) expect(digests.get(file.path), file.path).toBe(file.sha256);
    });
  }

  it.skipIf(!hasZipCli)('reads a deflated zip made by Info-ZIP, including one streamed with data descriptors', async () => {
    const plain = path.join(dir, 'infozip.zip');
    execFileSync('zip', ['-r', '-q', plain, '.'], { cwd: MODEL });
    const digests = await readAll(await readFile(plain), 'zip');
    const config = await readFile(path.join(MODEL, 'config.json'));
    expect(digests.get('config.json')).toBe(createHash('sha256').update(config).digest('hex'));
    // `zip - file` writes to a pipe: no seeking back, so sizes come after the data.
    const streamed = execFileSync('sh', ['-c', 'cat tokenizer.json | zip -q - -'], { cwd: MODEL });
    const entries = await readAll(streamed, 'zip');
    const tokenizer = await readFile(path.join(MODEL, 'tokenizer.json'));
    expect([...entries.values()]).toEqual([createHash('sha256').update(tokenizer).digest('hex')]);
  });

  it('reports a cut archive as damaged instead of storing part of a file', async () => {
    const out = path.join(dir, 'cut', 'model.tar.gz');
    await packModel({ folder: MODEL, out });
    const bytes = await readFile(out);
    for (const format of ['tar.gz'] as const) {
      await expect(readAll(bytes.subarray(0, bytes.length / 2), format)).rejects.toSatisfy((e) => e instanceof ModelsError && e.code === 'archive');
    }
    const zip = path.join(dir, 'cut', 'model.zip');
    await packModel({ folder: MODEL, out: zip });
    const zipBytes = await readFile(zip);
    await expect(readAll(zipBytes.subarray(0, zipBytes.length / 2), 'zip')).rejects.toSatisfy((e) => e instanceof ModelsError && e.code === 'archive');
  });
});
