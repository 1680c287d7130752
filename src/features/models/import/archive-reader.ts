/**
 * Reads an archive as a stream, entry by entry, handing each file's bytes to a sink while they are
 * decoded: the archive is never in memory whole. Both libraries are loaded only when an archive is
 * opened (dynamic import), so the app's entry chunk does not carry them:
 * - zip (stored or deflated, zip64, data descriptors): fflate's streaming `Unzip`;
 * - tar (ustar, pax, GNU long names): modern-tar's `createTarDecoder`, a Web Streams decoder; a
 *   `.tar.gz` is gunzipped first by the browser's own `DecompressionStream('gzip')`.
 */
import { ModelsError } from '../errors';
import type { ArchiveFormat } from '../types';

/** Where one file's bytes go; `write` may be slow (IndexedDB), and the reader waits for it. */
export interface EntrySink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Called for each file entry (never for folders): a sink to receive it, or null to skip it. */
export type OnEntry = (path: string, size: number | null) => Promise<EntrySink | null>;

/**
 * fflate decodes synchronously inside `push`, so what one push produces waits in memory until the
 * sinks have taken it: pushing small slices bounds that (deflate expands at most ~1000×, model
 * weights about 1×).
 */
const ZIP_PUSH_BYTES = 32 * 1024;

function damaged(detail: string): ModelsError {
  return new ModelsError({ code: 'archive', detail });
}

/** The format from an archive's first bytes (at least 262 of them for tar), or null when none fits. */
export function sniffFormat(head: Uint8Array): ArchiveFormat | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  const magic = String.fromCharCode(...head.subarray(257, 262));
  return magic === 'ustar' ? 'tar' : null;
}

/** The format a file name promises (`.zip`, `.tar`, `.tar.gz` / `.tgz`, or a split part of one). */
export function formatFromName(name: string): ArchiveFormat | null {
  const base = name.toLowerCase().replace(/\.part\d+$/, '');
  if (base.endsWith('.zip')) return 'zip';
  if (base.endsWith('.tar.gz') || base.endsWith('.tgz')) return 'tar.gz';
  if (base.endsWith('.tar')) return 'tar';
  return null;
}

async function readZip(stream: ReadableStream<Uint8Array>, onEntry: OnEntry): Promise<void> {
  const { Unzip, UnzipInflate } = await import('fflate');
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  // What fflate reported during a push, run in order once the push returns (the sinks are async).
  const steps: (() => Promise<void>)[] = [];
  let failure: Error | null = null;
  let files = 0;
  unzip.onfile = (file) => {
    const isFolder = file.name.endsWith('/');
    let sink: EntrySink | null = null;
    if (!isFolder) {
      files++;
      steps.push(async () => void (sink = await onEntry(file.name, file.originalSize ?? null)));
    }
    file.ondata = (error, data, final) => {
      if (error) {
        failure ??= damaged(`${file.name}: ${error.message}`);
        return;
      }
      // Skipped entries are decoded too and dropped here: fflate keeps an entry that is never
      // started in memory, which a skipped large file must not be.
      if (isFolder) return;
      steps.push(async () => {
        if (data.length > 0) await sink?.write(data);
        if (final) await sink?.close();
      });
    };
    file.start();
  };
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const chunk = value ?? new Uint8Array(0);
      for (let at = 0; at < chunk.length || (done && at === 0); at += ZIP_PUSH_BYTES) {
        const slice = chunk.subarray(at, at + ZIP_PUSH_BYTES);
        try {
          unzip.push(slice, done && at + ZIP_PUSH_BYTES >= chunk.length);
        } catch (error) {
          throw damaged(error instanceof Error ? error.message : String(error));
        }
        if (failure) throw failure;
        for (let step = steps.shift(); step; step = steps.shift()) await step();
      }
      if (done) break;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (files === 0) throw damaged('no files found in the zip archive');
}

async function readTar(stream: ReadableStream<Uint8Array>, onEntry: OnEntry): Promise<void> {
  const { createTarDecoder } = await import('modern-tar');
  const entries = stream.pipeThrough(createTarDecoder({ strict: true })).getReader();
  let files = 0;
  try {
    for (;;) {
      const { done, value: entry } = await entries.read();
      if (done) break;
      const sink = (entry.header.type ?? 'file') === 'file' ? await onEntry(entry.header.name, entry.header.size) : null;
      if (entry.header.type === undefined || entry.header.type === 'file') files++;
      // The decoder goes on only once this body is read to its end. (Skipped bodies are read and
      // dropped rather than cancelled: in Chromium, cancelling an unread body stalled modern-tar 0.8.6.)
      const body = entry.body.getReader();
      for (let part = await body.read(); !part.done; part = await body.read()) await sink?.write(part.value);
      await sink?.close();
    }
  } catch (error) {
    if (error instanceof ModelsError) throw error;
    throw damaged(error instanceof Error ? error.message : String(error));
  } finally {
    entries.cancel().catch(() => undefined);
  }
  if (files === 0) throw damaged('no files found in the tar archive');
}

/** Reads every entry of `stream` (an archive in `format`), waiting for each sink as it goes. */
export function readArchive(stream: ReadableStream<Uint8Array>, format: ArchiveFormat, onEntry: OnEntry): Promise<void> {
  if (format === 'zip') return readZip(stream, onEntry);
  const tar = format === 'tar.gz' ? stream.pipeThrough(new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>) : stream;
  return readTar(tar, onEntry);
}
