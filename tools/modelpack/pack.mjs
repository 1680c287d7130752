// @ts-check
/**
 * Packs a model folder into an archive for a GitHub Release, an own server or a bucket, with
 * `model-manifest.json` inside (its first entry: the files with sizes and sha256s, the repo and
 * revision it was packed from) and beside it (the same plus the archive's parts and sha256s).
 * GitHub Releases take files up to 2 GB, so a larger archive is cut into parts
 * (`model.tar.gz.part1`, `.part2`, …) that the app downloads and joins; the manifest beside them
 * is then what the app is pointed at. See README.md ("Model sources").
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createTarPacker } from 'modern-tar';
import { writeZip } from './zip-writer.mjs';

export const MANIFEST_NAME = 'model-manifest.json';
/** Under GitHub's 2 GB per release file, however "GB" is read. */
export const DEFAULT_PART_BYTES = 2_000_000_000;

/** @typedef {'zip' | 'tar' | 'tar.gz'} Format */
/** @typedef {{ path: string, abs: string, size: number }} SourceFile */

/** @param {string} name @returns {Format | null} */
export function formatOf(name) {
  if (name.endsWith('.zip')) return 'zip';
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'tar.gz';
  if (name.endsWith('.tar')) return 'tar';
  return null;
}

/**
 * Every file below `folder` (hidden ones and the manifest aside), '/'-separated, sorted.
 * @param {string} folder
 * @returns {Promise<SourceFile[]>}
 */
export async function listFiles(folder, prefix = '') {
  /** @type {SourceFile[]} */
  const files = [];
  for (const entry of await readdir(path.join(folder, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(folder, relative)));
    else if (relative !== MANIFEST_NAME) {
      const abs = path.join(folder, relative);
      files.push({ path: relative, abs, size: (await stat(abs)).size });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** @param {string} abs */
export async function sha256File(abs) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(abs)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Writes consecutive bytes into `out.part1`, `out.part2`, … of at most `partBytes` each, hashing
 * each part and the whole; `finish` renames a lone part to `out` itself.
 */
class PartWriter {
  /** @param {string} out @param {number} partBytes */
  constructor(out, partBytes) {
    this.out = out;
    this.partBytes = partBytes;
    /** @type {{ name: string, size: number, sha256: string }[]} */
    this.parts = [];
    this.whole = createHash('sha256');
    this.size = 0;
    /** @type {{ stream: import('node:fs').WriteStream, hash: import('node:crypto').Hash, size: number } | null} */
    this.current = null;
  }

  /** @param {Uint8Array} chunk */
  async write(chunk) {
    this.whole.update(chunk);
    this.size += chunk.length;
    while (chunk.length > 0) {
      if (!this.current || this.current.size === this.partBytes) await this.nextPart();
      const current = /** @type {NonNullable<PartWriter['current']>} */ (this.current);
      const take = chunk.subarray(0, this.partBytes - current.size);
      current.hash.update(take);
      current.size += take.length;
      if (!current.stream.write(take)) await new Promise((resolve) => current.stream.once('drain', () => resolve(undefined)));
      chunk = chunk.subarray(take.length);
    }
  }

  async nextPart() {
    await this.closePart();
    const stream = createWriteStream(`${this.out}.part${this.parts.length + 1}`);
    this.current = { stream, hash: createHash('sha256'), size: 0 };
  }

  async closePart() {
    const current = this.current;
    if (!current) return;
    await new Promise((resolve, reject) => current.stream.end((/** @type {unknown} */ error) => (error ? reject(error) : resolve(undefined))));
    this.parts.push({ name: `${path.basename(this.out)}.part${this.parts.length + 1}`, size: current.size, sha256: current.hash.digest('hex') });
    this.current = null;
  }

  async finish() {
    await this.closePart();
    if (this.parts.length === 1) {
      await rename(`${this.out}.part1`, this.out);
      this.parts[0] = { ...this.parts[0], name: path.basename(this.out) };
    }
    return { parts: this.parts, size: this.size, sha256: this.whole.digest('hex') };
  }
}

/**
 * @param {Format} format
 * @param {{ path: string, abs?: string, bytes?: Buffer, size: number }[]} entries
 * @param {(chunk: Uint8Array) => Promise<void>} sink
 */
async function writeArchive(format, entries, sink) {
  if (format === 'zip') return writeZip(entries, sink);
  const { readable, controller } = createTarPacker();
  const output = format === 'tar.gz' ? readable.pipeThrough(new CompressionStream('gzip')) : readable;
  const drained = (async () => {
    const reader = output.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) await sink(part.value);
  })();
  for (const entry of entries) {
    // A fixed time: the same folder packs to the same bytes.
    const body = controller.add({ name: entry.path, size: entry.size, type: 'file', mode: 0o644, mtime: new Date(0) });
    const source = entry.bytes ? Readable.from([entry.bytes]) : createReadStream(/** @type {string} */ (entry.abs));
    await /** @type {ReadableStream<Uint8Array>} */ (Readable.toWeb(source)).pipeTo(body);
  }
  controller.finalize();
  await drained;
}

/**
 * @typedef {object} PackOptions
 * @property {string} folder the model folder (config.json, tokenizer, onnx/…)
 * @property {string} out the archive to write: .zip, .tar or .tar.gz
 * @property {number} [partBytes] split larger archives into parts of this size
 * @property {string} [repoId] the repo it was packed from (`owner/name`)
 * @property {string} [revision]
 * @property {string} [commit]
 * @property {string} [manifestOut] where the manifest beside goes (default: model-manifest.json beside `out`)
 */

/** @param {PackOptions} options */
export async function packModel({ folder, out, partBytes = DEFAULT_PART_BYTES, repoId, revision, commit, manifestOut }) {
  const format = formatOf(out);
  if (!format) throw new Error(`${out}: the archive name must end in .zip, .tar or .tar.gz`);
  const files = await listFiles(folder);
  if (!files.some((f) => f.path === 'config.json')) throw new Error(`${folder} has no config.json: is it a model folder?`);
  const described = [];
  for (const file of files) described.push({ path: file.path, size: file.size, sha256: await sha256File(file.abs) });
  const inside = {
    ...(repoId ? { repo_id: repoId } : {}),
    ...(revision ? { revision } : {}),
    ...(commit ? { commit } : {}),
    files: described,
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(inside, null, 2)}\n`);
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await rm(out, { force: true });
  const writer = new PartWriter(out, partBytes);
  await writeArchive(format, [{ path: MANIFEST_NAME, bytes: manifestBytes, size: manifestBytes.length }, ...files], (chunk) => writer.write(chunk));
  const archive = await writer.finish();
  const beside = { ...inside, archive: { format, size: archive.size, sha256: archive.sha256, parts: archive.parts } };
  const manifestPath = manifestOut ?? path.join(path.dirname(out), MANIFEST_NAME);
  await writeFile(manifestPath, `${JSON.stringify(beside, null, 2)}\n`);
  return { manifest: beside, manifestPath, partPaths: archive.parts.map((p) => path.join(path.dirname(out), p.name)) };
}
