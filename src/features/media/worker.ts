/// <reference lib="webworker" />
/**
 * Media worker: turns a video or audio File into 16 kHz mono PCM with ffmpeg.wasm, streaming it
 * out while ffmpeg still decodes.
 *
 * The ffmpeg core runs right here, not behind @ffmpeg/ffmpeg's own nested worker, because that is
 * what makes streaming possible: ffmpeg writes its output into a character device whose write
 * handler is ours, so every 4 s of audio leaves as a transferable chunk the moment it exists. No
 * output file grows in ffmpeg's memory, the input is read lazily through WORKERFS, and the page
 * starts transcribing on the first window instead of after the whole file. One synchronous
 * `exec` call blocks this worker, which is fine: messages posted meanwhile are delivered at once,
 * and cancelling terminates the worker.
 */
// Self-hosted core: bundled from node_modules by Vite, never fetched from a CDN.
import coreUrl from '@ffmpeg/core?url';
import wasmUrl from '@ffmpeg/core/wasm?url';
import { FfmpegLog } from './ffmpeg-log';
import { PcmChunker } from './pcm-chunker';
import { progressGate, PROGRESS_INTERVAL_MS } from '../../lib/throttle';
import {
  CHUNK_SAMPLES,
  isMediaRequest,
  MediaError,
  MUX_MAX_INPUT_BYTES,
  SUBTITLE_FORMAT,
  TARGET_SAMPLE_RATE,
  type DecodedInfo,
  type MediaErrorInfo,
  type MediaRequest,
  type MediaResponse,
  type MuxContainer,
  type ProbedInfo,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** The part of Emscripten's FS and of @ffmpeg/core's module this worker uses. */
interface CoreStream {
  seekable: boolean;
}
interface CoreFs {
  filesystems: Record<string, unknown>;
  mkdir(path: string): void;
  rmdir(path: string): void;
  mount(type: unknown, options: { blobs: { name: string; data: Blob }[] }, mountPoint: string): void;
  unmount(mountPoint: string): void;
  makedev(major: number, minor: number): number;
  registerDevice(
    dev: number,
    ops: {
      open?: (stream: CoreStream) => void;
      read?: () => number;
      write: (stream: CoreStream, buffer: Int8Array, offset: number, length: number) => number;
    },
  ): void;
  mkdev(path: string, dev: number): void;
  writeFile(path: string, data: string | Uint8Array): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
}
interface FfmpegCore {
  FS: CoreFs;
  ret: number;
  exec(...args: string[]): number;
  reset(): void;
  setTimeout(ms: number): void;
  setLogger(logger: (data: { type: string; message: string }) => void): void;
}
type CreateCore = (options: { mainScriptUrlOrBlob: string }) => Promise<FfmpegCore>;

const INPUT_DIR = '/input';
const OUTPUT_DEVICE = '/dev/pcm-out';

/** Where the device's bytes go during the current run. */
let sink: ((bytes: Uint8Array) => void) | null = null;
/** Receives ffmpeg's log lines during the current run. */
let logSink: ((message: string) => void) | null = null;
let core: Promise<FfmpegCore> | null = null;
/**
 * ffmpeg ends every run through exit(), which Emscripten implements by throwing, so the wasm stack
 * pointer is never unwound: each `exec` leaks a little stack, and after some hundred runs the core
 * traps with "memory access out of bounds" (ffmpegwasm/ffmpeg.wasm#820, #563; fixed upstream by
 * restoring the stack pointer, ffmpeg.wasm#943, not in @ffmpeg/core 0.12.10). A probe and a decode
 * are two runs per file, so a fresh core replaces this one well before that.
 */
const RUNS_PER_CORE = 16;
let runsOnCore = 0;

function loadCore(): Promise<FfmpegCore> {
  core ??= (async () => {
    const coreHref = new URL(coreUrl, self.location.href).href;
    const wasmHref = new URL(wasmUrl, self.location.href).href;
    const { default: create } = (await import(/* @vite-ignore */ coreHref)) as { default: CreateCore };
    // @ffmpeg/core finds its wasm through this URL's fragment (the same hack @ffmpeg/ffmpeg uses).
    const instance = await create({
      mainScriptUrlOrBlob: `${coreHref}#${btoa(JSON.stringify({ wasmURL: wasmHref, workerURL: '' }))}`,
    });
    instance.setLogger(({ message }) => logSink?.(message));
    const { FS } = instance;
    // Emscripten numbers its own devices from major 64 upwards (stdin, stdout…); stay clear of them.
    const dev = FS.makedev(240, 0);
    FS.registerDevice(dev, {
      open: (stream) => {
        stream.seekable = false;
      },
      read: () => 0,
      write: (_stream, buffer, offset, length) => {
        sink?.(new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length));
        return length;
      },
    });
    FS.mkdev(OUTPUT_DEVICE, dev);
    FS.mkdir(INPUT_DIR);
    return instance;
  })();
  return core;
}

function post(message: MediaResponse, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

/**
 * The name the input gets inside ffmpeg's file system. The user's name could contain ':' (read as
 * a protocol by ffmpeg) or other surprises; only its extension matters, as a hint for probing.
 */
function safeInputName(name: string): string {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return ext ? `media.${ext}` : 'media';
}

/** Runs ffmpeg on the mounted input; WORKERFS reads the File lazily, never copying it whole. */
async function withInput<T>(request: MediaRequest, run: (ff: FfmpegCore, inputPath: string) => T): Promise<T> {
  if (request.file.size === 0) throw new MediaError({ code: 'empty-file' });
  const ff = await loadCore();
  const inputName = safeInputName(request.name);
  ff.FS.mount(ff.FS.filesystems.WORKERFS, { blobs: [{ name: inputName, data: request.file }] }, INPUT_DIR);
  try {
    return run(ff, `${INPUT_DIR}/${inputName}`);
  } finally {
    sink = null;
    logSink = null;
    // The next run gets a fresh core once this one has run its share (the old one is garbage then).
    runsOnCore += 1;
    if (runsOnCore >= RUNS_PER_CORE) {
      core = null;
      runsOnCore = 0;
    }
    // Best effort: after a crash ffmpeg's state is gone anyway, and the client replaces this worker.
    try {
      ff.FS.unmount(INPUT_DIR);
    } catch {
      // already unmounted
    }
  }
}

/**
 * Opens the input without an output: ffmpeg prints the container's streams and stops ("no output
 * file"), so the answer comes after reading the header only, whatever the file's size.
 */
function probe(request: MediaRequest): Promise<ProbedInfo> {
  return withInput(request, (ff, inputPath) => {
    const log = new FfmpegLog();
    logSink = (message) => void log.push(message);
    ff.setTimeout(-1);
    ff.exec('-hide_banner', '-nostdin', '-i', inputPath);
    ff.reset();
    const stream = log.audioStreams[0];
    if (!stream) throw new MediaError(log.classifyFailure());
    return { durationS: log.durationS, stream, audioStreamCount: log.audioStreams.length };
  });
}

function decode(request: MediaRequest): Promise<DecodedInfo> {
  return withInput(request, (ff, inputPath) => decodeInput(request, ff, inputPath));
}

function decodeInput(request: MediaRequest, ff: FfmpegCore, inputPath: string): DecodedInfo {
  const log = new FfmpegLog();
  // Coalesced: the UI gets at most ~10 progress updates a second.
  const progressDue = progressGate(PROGRESS_INTERVAL_MS);
  logSink = (message) => {
    if (!log.push(message) || !progressDue()) return;
    post({ type: 'progress', id: request.id, processedS: log.timeS, durationS: log.durationS });
  };
  const chunker = new PcmChunker(CHUNK_SAMPLES, (samples, startSample) =>
    post({ type: 'pcm', id: request.id, startSample, samples }, [samples.buffer]),
  );
  sink = (bytes) => chunker.write(bytes);

  ff.setTimeout(-1);
  ff.exec(
    '-hide_banner',
    '-nostdin',
    '-i',
    inputPath,
    '-vn',
    // The first audio stream only, all of its channels mixed down to one.
    '-map',
    '0:a:0',
    '-ac',
    '1',
    '-ar',
    String(TARGET_SAMPLE_RATE),
    '-f',
    'f32le',
    // A device cannot be truncated, and opening it with O_TRUNC fails.
    '-truncate',
    '0',
    OUTPUT_DEVICE,
  );
  const exitCode = ff.ret;
  ff.reset();
  chunker.flush();
  if (exitCode !== 0) throw new MediaError(log.classifyFailure());

  const stream = log.mappedStream;
  if (!stream) throw new MediaError(log.classifyFailure());
  if (chunker.samples === 0) throw new MediaError({ code: 'truncated', detail: log.errorSummary() });

  const decodedS = chunker.samples / TARGET_SAMPLE_RATE;
  const durationS = log.durationS;
  // "Damaged and clearly shorter than announced": a cut download whose readable part we keep.
  const truncated =
    log.sawDamage && durationS !== null && decodedS < durationS - Math.max(0.5, durationS * 0.05);
  return {
    sampleRate: TARGET_SAMPLE_RATE,
    decodedS,
    durationS,
    stream,
    audioStreamCount: log.audioStreams.length,
    truncated,
  };
}

type MuxRequest = Extract<MediaRequest, { type: 'mux' }>;

const MUX_MIME: Record<MuxContainer, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
};

/**
 * Writes the input's video and audio streams unchanged (stream copy, no re-encode) with the
 * subtitles as one more track, tagged with its language. Earlier subtitle tracks are left out:
 * their codec may not fit the output container.
 */
function mux(request: MuxRequest): Promise<Blob> {
  if (request.file.size > MUX_MAX_INPUT_BYTES) return Promise.reject(new MediaError({ code: 'too-large-to-mux' }));
  return withInput(request, (ff, inputPath) => {
    const { text, codec } = SUBTITLE_FORMAT[request.container];
    const subtitlesPath = `/tmp/subtitles.${text}`;
    const outputPath = `/tmp/output.${request.container}`;
    const log = new FfmpegLog();
    const progressDue = progressGate(PROGRESS_INTERVAL_MS);
    logSink = (message) => {
      if (!log.push(message) || !progressDue()) return;
      post({ type: 'mux-progress', id: request.id, processedS: log.timeS, durationS: log.durationS });
    };
    ff.FS.writeFile(subtitlesPath, request.subtitles);
    try {
      ff.setTimeout(-1);
      ff.exec(
        '-hide_banner',
        '-nostdin',
        '-i', inputPath,
        '-i', subtitlesPath,
        '-map', '0:v?',
        '-map', '0:a?',
        '-map', '1:0',
        '-c', 'copy',
        '-c:s', codec,
        '-metadata:s:s:0', `language=${request.language}`,
        '-disposition:s:0', 'default',
        outputPath,
      );
      const exitCode = ff.ret;
      ff.reset();
      if (exitCode !== 0) throw new MediaError({ code: 'mux-failed', detail: log.errorSummary() });
      return new Blob([ff.FS.readFile(outputPath) as Uint8Array<ArrayBuffer>], { type: MUX_MIME[request.container] });
    } finally {
      for (const path of [subtitlesPath, outputPath]) {
        try {
          ff.FS.unlink(path);
        } catch {
          // never written
        }
      }
    }
  });
}

function describeCrash(error: unknown): MediaErrorInfo {
  const detail = error instanceof Error ? error.message : String(error);
  if (/OOM|out of memory|Cannot enlarge memory|allocation failed/i.test(detail)) {
    return { code: 'out-of-memory', detail };
  }
  return { code: 'decode-failed', detail };
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (!isMediaRequest(request)) return;
  const work =
    request.type === 'probe'
      ? probe(request).then((info) => post({ type: 'probed', id: request.id, info }))
      : request.type === 'mux'
        ? mux(request).then((file) => post({ type: 'muxed', id: request.id, file }))
        : decode(request).then((info) => post({ type: 'decoded', id: request.id, info }));
  work.catch((error: unknown) =>
    post({
      type: 'error',
      id: request.id,
      error: error instanceof MediaError ? error.info : describeCrash(error),
    }),
  );
});
