// @ts-check
/**
 * A small zip writer for the pack tool: every local header carries the entry's CRC-32 and sizes
 * (no data descriptors), so a streaming reader (the app's, fflate's `Unzip`) never has to search
 * the data for where an entry ends. Large binaries are stored, small text files deflated. No
 * zip64: an entry or archive past 4 GiB is refused with a hint to pack as .tar.gz instead.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';

const LIMIT = 0xffffffff;
/** Text files under this size are deflated (read whole: configs and tokenizers are a few MB at most). */
const DEFLATE_MAX_BYTES = 64 * 1024 * 1024;

/** @param {string} path */
const isText = (path) => /\.(json|txt|md)$/.test(path);

/**
 * @param {string} abs
 * @returns {Promise<number>}
 */
async function fileCrc(abs) {
  let crc = 0;
  for await (const chunk of createReadStream(abs)) crc = crc32(chunk, crc);
  return crc;
}

/**
 * @param {{ name: Buffer, crc: number, compressed: number, size: number, method: number, offset?: number }} e
 * @param {'local' | 'central'} kind
 */
function header(e, kind) {
  const central = kind === 'central';
  const buffer = Buffer.alloc((central ? 46 : 30) + e.name.length);
  let at = 0;
  const u32 = (/** @type {number} */ v) => void (at = buffer.writeUInt32LE(v >>> 0, at));
  const u16 = (/** @type {number} */ v) => void (at = buffer.writeUInt16LE(v, at));
  u32(central ? 0x02014b50 : 0x04034b50);
  if (central) u16(20); // made by: version 2.0
  u16(20); // needed to extract: 2.0 (deflate)
  u16(0x0800); // flags: names are UTF-8
  u16(e.method);
  u16(0); // time
  u16(0x21); // date: 1980-01-01 (a fixed date: the same folder packs to the same bytes)
  u32(e.crc);
  u32(e.compressed);
  u32(e.size);
  u16(e.name.length);
  u16(0); // extra length
  if (central) {
    u16(0); // comment length
    u16(0); // disk
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(e.offset ?? 0);
  }
  e.name.copy(buffer, at);
  return buffer;
}

/**
 * Writes a zip of `files` (the manifest first) to `sink`, entry by entry.
 * @param {{ path: string, abs?: string, bytes?: Buffer, size: number }[]} files
 * @param {(chunk: Buffer) => Promise<void>} sink
 */
export async function writeZip(files, sink) {
  /** @type {{ name: Buffer, crc: number, compressed: number, size: number, method: number, offset: number }[]} */
  const entries = [];
  let offset = 0;
  const emit = async (/** @type {Buffer} */ chunk) => {
    await sink(chunk);
    offset += chunk.length;
  };
  for (const file of files) {
    if (file.size >= LIMIT || offset >= LIMIT) throw new Error(`${file.path}: zip without zip64 stops at 4 GiB; pack as .tar.gz instead`);
    const name = Buffer.from(file.path, 'utf8');
    const whole = file.bytes ?? (isText(file.path) && file.size < DEFLATE_MAX_BYTES && file.abs ? await readFile(file.abs) : null);
    if (whole) {
      const deflated = deflateRawSync(whole, { level: 9 });
      const entry = { name, crc: crc32(whole), compressed: deflated.length, size: whole.length, method: 8, offset };
      entries.push(entry);
      await emit(header(entry, 'local'));
      await emit(deflated);
      continue;
    }
    const abs = /** @type {string} */ (file.abs);
    const entry = { name, crc: await fileCrc(abs), compressed: file.size, size: file.size, method: 0, offset };
    entries.push(entry);
    await emit(header(entry, 'local'));
    for await (const chunk of createReadStream(abs)) await emit(/** @type {Buffer} */ (chunk));
  }
  const directoryStart = offset;
  for (const entry of entries) await emit(header(entry, 'central'));
  if (offset >= LIMIT) throw new Error('the archive passes 4 GiB; pack as .tar.gz instead');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(offset - directoryStart, 12);
  end.writeUInt32LE(directoryStart, 16);
  await emit(end);
}
