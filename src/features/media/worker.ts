/// <reference lib="webworker" />
/**
 * Media worker: turns a video or audio File into 16 kHz mono float32 PCM with ffmpeg.wasm.
 *
 * @ffmpeg/ffmpeg always runs ffmpeg in a worker of its own, so this worker holds an FFmpeg
 * instance whose worker is nested inside this one. That keeps all decoding, log parsing and
 * progress bookkeeping off the main thread, and gives the app one thing to terminate on cancel:
 * terminating this worker also ends the nested one.
 */
import { FFmpeg, FFFSType } from '@ffmpeg/ffmpeg';
// Self-hosted core: bundled from node_modules by Vite, never fetched from a CDN.
import coreUrl from '@ffmpeg/core?url';
import wasmUrl from '@ffmpeg/core/wasm?url';
import { FfmpegLog } from './ffmpeg-log';
import {
  isMediaRequest,
  TARGET_SAMPLE_RATE,
  type DecodedInfo,
  type MediaError,
  type MediaRequest,
  type MediaResponse,
} from './shared';

declare const self: DedicatedWorkerGlobalScope;

const INPUT_DIR = '/input';
const OUTPUT_FILE = '/output.pcm';
/** Progress is coalesced so the UI gets at most ~10 updates a second. */
const PROGRESS_INTERVAL_MS = 100;

let ffmpeg: Promise<FFmpeg> | null = null;

function loadFfmpeg(): Promise<FFmpeg> {
  ffmpeg ??= (async () => {
    const instance = new FFmpeg();
    await instance.load({
      coreURL: new URL(coreUrl, self.location.href).href,
      wasmURL: new URL(wasmUrl, self.location.href).href,
    });
    return instance;
  })();
  return ffmpeg;
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

class DecodeFailure extends Error {
  constructor(readonly error: MediaError) {
    super(error.code);
  }
}

async function decode(request: MediaRequest): Promise<{ pcm: Float32Array; info: DecodedInfo }> {
  if (request.file.size === 0) throw new DecodeFailure({ code: 'empty-file' });

  const ff = await loadFfmpeg();
  const log = new FfmpegLog();
  let lastPost = 0;
  const onLog = ({ message }: { message: string }) => {
    if (!log.push(message)) return;
    const now = performance.now();
    if (now - lastPost < PROGRESS_INTERVAL_MS) return;
    lastPost = now;
    post({ type: 'progress', id: request.id, processedS: log.timeS, durationS: log.durationS });
  };

  const inputName = safeInputName(request.name);
  await ff.createDir(INPUT_DIR);
  // WORKERFS reads the File lazily in ffmpeg's worker: the file is never copied into memory whole.
  await ff.mount(FFFSType.WORKERFS, { blobs: [{ name: inputName, data: request.file }] }, INPUT_DIR);
  ff.on('log', onLog);
  try {
    const exitCode = await ff.exec([
      '-hide_banner',
      '-nostdin',
      '-i',
      `${INPUT_DIR}/${inputName}`,
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
      OUTPUT_FILE,
    ]);
    if (exitCode !== 0) throw new DecodeFailure(log.classifyFailure());

    const bytes = await ff.readFile(OUTPUT_FILE);
    await ff.deleteFile(OUTPUT_FILE);
    if (!(bytes instanceof Uint8Array)) throw new DecodeFailure({ code: 'decode-failed' });
    const pcm = toFloat32(bytes);
    const stream = log.mappedStream;
    if (!stream) throw new DecodeFailure(log.classifyFailure());
    if (pcm.length === 0) throw new DecodeFailure({ code: 'truncated', detail: log.errorSummary() });

    const decodedS = pcm.length / TARGET_SAMPLE_RATE;
    const durationS = log.durationS;
    // "Damaged and clearly shorter than announced": a cut download whose readable part we keep.
    const truncated =
      log.sawDamage && durationS !== null && decodedS < durationS - Math.max(0.5, durationS * 0.05);
    return {
      pcm,
      info: {
        sampleRate: TARGET_SAMPLE_RATE,
        decodedS,
        durationS,
        stream,
        audioStreamCount: log.audioStreams.length,
        truncated,
      },
    };
  } finally {
    ff.off('log', onLog);
    // Best effort: after a crash ffmpeg's state is gone anyway, and the client replaces this worker.
    await ff.unmount(INPUT_DIR).catch(() => undefined);
    await ff.deleteDir(INPUT_DIR).catch(() => undefined);
  }
}

/** Views the bytes as float32 without a copy when their offset allows it (readFile gives offset 0). */
function toFloat32(bytes: Uint8Array): Float32Array {
  const usable = bytes.byteLength - (bytes.byteLength % 4);
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, usable / 4);
  return new Float32Array(bytes.slice(0, usable).buffer);
}

function describeCrash(error: unknown): MediaError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/OOM|out of memory|Cannot enlarge memory|allocation failed/i.test(detail)) {
    return { code: 'out-of-memory', detail };
  }
  return { code: 'decode-failed', detail };
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (!isMediaRequest(request)) return;
  decode(request).then(
    ({ pcm, info }) => post({ type: 'decoded', id: request.id, pcm, info }, [pcm.buffer]),
    (error: unknown) =>
      post({
        type: 'error',
        id: request.id,
        error: error instanceof DecodeFailure ? error.error : describeCrash(error),
      }),
  );
});
