import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { generated, GENERATED_DIR, MAKE_MEDIA_SCRIPT } from './paths';

/** What tools/testmodel/make_media.py writes next to the media as `<media>.json`. */
export interface SpeechTruth {
  language: string;
  duration_s: number;
  text: string;
  segments: { start: number; end: number; text: string }[];
  words: { start: number; end: number; word: string }[];
}

export interface SpeechSpec {
  lang: 'en' | 'ru';
  sentences: number;
  seed: number;
  offset: number;
  format: 'mp4' | 'webm' | 'mkv' | 'wav' | 'mp3';
}

/** Name of the generated file for a spec; the spec's hash makes a changed spec regenerate. */
export function speechFile(spec: SpeechSpec): string {
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 8);
  return generated(`speech-${spec.lang}-${spec.seed}-${hash}.${spec.format}`);
}

export function readTruth(mediaPath: string): SpeechTruth {
  return JSON.parse(readFileSync(`${mediaPath}.json`, 'utf8')) as SpeechTruth;
}

/** Speech with known words and times, made by the project's own generator (espeak-ng + ffmpeg). */
export function makeSpeech(spec: SpeechSpec): string {
  const out = speechFile(spec);
  if (existsSync(out) && existsSync(`${out}.json`)) return out;
  if (!existsSync(MAKE_MEDIA_SCRIPT)) {
    throw new Error(`${MAKE_MEDIA_SCRIPT} is missing: it generates the speech media the e2e tests transcribe.`);
  }
  mkdirSync(GENERATED_DIR, { recursive: true });
  execFileSync(
    '/usr/bin/python3',
    [
      MAKE_MEDIA_SCRIPT,
      '--lang', spec.lang,
      '--sentences', String(spec.sentences),
      '--seed', String(spec.seed),
      '--offset', String(spec.offset),
      '--format', spec.format,
      '--out', out,
    ],
    { stdio: 'inherit' },
  );
  return out;
}

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

/** Deterministic bytes that are not any media format (xorshift32; the seed is arbitrary). */
function noiseBytes(length: number, seed = 0x9e3779b9): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** The project's own broken inputs, made with native ffmpeg. */
export const BROKEN = {
  empty: generated('empty.mp4'),
  random: generated('random-bytes.mp4'),
  truncated: generated('truncated.mp4'),
  noAudio: generated('no-audio.mp4'),
} as const;

export function makeBrokenFiles(): void {
  mkdirSync(GENERATED_DIR, { recursive: true });
  if (!existsSync(BROKEN.empty)) writeFileSync(BROKEN.empty, '');
  if (!existsSync(BROKEN.random)) writeFileSync(BROKEN.random, noiseBytes(64 * 1024));
  if (!existsSync(BROKEN.noAudio)) {
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=15', '-t', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', BROKEN.noAudio);
  }
  if (!existsSync(BROKEN.truncated)) {
    // An MP4 written the ordinary way keeps its index (moov) at the end; a download cut at 60 %
    // loses it, exactly like an interrupted transfer.
    const whole = generated('whole-for-truncation.mp4');
    ffmpeg(
      '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=15',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-t', '6', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', whole,
    );
    const bytes = readFileSync(whole);
    writeFileSync(BROKEN.truncated, bytes.subarray(0, Math.floor(statSync(whole).size * 0.6)));
  }
}

/** Native ffmpeg's decode with the app's own conversion: the reference for the in-browser decoder. */
export function nativePcm(file: string): Float32Array {
  const bytes = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'], {
    maxBuffer: 1024 * 1024 * 1024,
  });
  return bytesToFloat32(bytes);
}

/** Little-endian float32 samples from bytes at any offset (copied, so alignment never matters). */
export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  const aligned = new Uint8Array(bytes.byteLength - (bytes.byteLength % 4));
  aligned.set(bytes.subarray(0, aligned.byteLength));
  return new Float32Array(aligned.buffer);
}
