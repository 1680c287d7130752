// @ts-check
/**
 * The bench's input media, made with native tools and cached in .cache/bench/media (never committed):
 * a loop of espeak-ng English sentences (tools/testmodel/make_media.py, so every 30 s window holds
 * speech and no silence detector can skip work) muxed into MP4s of the wanted lengths with a small
 * synthetic picture track, as a screen recording or phone video would carry one; plus the same
 * audio as raw 16 kHz mono float32 for the baseline pipeline, which takes PCM (whisper-web decodes
 * with the browser's AudioContext before its pipeline runs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export const MEDIA_DIR = '.cache/bench/media';

/** 320×240 at 10 fps, H.264 + AAC 44.1 kHz stereo: the demuxer must skip a real video stream. */
const VIDEO = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10'];
const CODECS = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-ar', '44100', '-ac', '2'];

function ensure(path, make) {
  if (existsSync(path)) return path;
  const partial = `${path}.partial${path.slice(path.lastIndexOf('.'))}`;
  make(partial);
  renameSync(partial, path);
  return path;
}

function speechLoop() {
  return ensure(join(MEDIA_DIR, 'speech-loop.wav'), (out) =>
    execFileSync('/usr/bin/python3', [
      'tools/testmodel/make_media.py', '--lang', 'en', '--sentences', '12', '--seed', '3',
      '--offset', '0.3', '--pause', '0.4', '--tail', '0.4', '--format', 'wav', '--out', out,
    ], { stdio: 'inherit' }),
  );
}

/** An MP4 of `minutes` minutes: the speech loop repeated, with the picture track. */
export function benchVideo(minutes) {
  mkdirSync(MEDIA_DIR, { recursive: true });
  const loop = speechLoop();
  return ensure(join(MEDIA_DIR, `speech-${minutes}min.mp4`), (out) =>
    execFileSync('ffmpeg', [
      '-v', 'error', '-y', '-stream_loop', '-1', '-i', loop, ...VIDEO, '-t', String(minutes * 60),
      '-map', '1:v', '-map', '0:a', ...CODECS, '-movflags', '+faststart', out,
    ], { stdio: 'inherit' }),
  );
}

/** The audio of benchVideo(minutes) as native ffmpeg decodes it: 16 kHz mono f32le. */
export function benchPcm(minutes) {
  const video = benchVideo(minutes);
  return ensure(join(MEDIA_DIR, `speech-${minutes}min.f32`), (out) =>
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', video, '-ac', '1', '-ar', '16000', '-f', 'f32le', out], { stdio: 'inherit' }),
  );
}
