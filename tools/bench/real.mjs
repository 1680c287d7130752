// @ts-check
/**
 * The bench's `real` section: the real Whisper models of `npm run models:real` (tools/realmodels) on
 * ten minutes of real English speech from ../shared, nothing forced (each engine decodes as many
 * tokens as the speech needs): the app through its UI, whisper-web's configuration (the plain
 * transformers.js pipeline, encoder fp32 + decoder q4) and faster-whisper int8 on the CPU (the
 * configuration its README benchmarks), one run each.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MODELS } from '../realmodels/models.mjs';
import { linkRepo, q4Decoder } from './hub-root.mjs';

export const REAL_SECONDS = 600;
const SHARED_MEDIA = resolve('..', 'shared', 'media');
const REAL_CACHE = resolve('.cache', 'realmodels');
/** The bench's copy of the real models' Hub root: links to the converted files plus a q4 decoder. */
export const REAL_HUB_ROOT = resolve('.cache/bench/real-hub');
const MEDIA_DIR = resolve('.cache/bench/media');

/**
 * Real English speech, in this order until there are ten minutes: the LJ Speech concat (222 s),
 * the physics lecture (203 s), then the English clips of speech/en, longest first.
 * @returns {string[] | string} the files, or why they cannot be had
 */
function realSpeechSources() {
  const manifestPath = join(SHARED_MEDIA, 'manifest.json');
  if (!existsSync(manifestPath)) return `${manifestPath} not found (the project's shared/ folder)`;
  /** @type {{ path: string, language?: string, duration_s: number | null }[]} */
  const files = JSON.parse(readFileSync(manifestPath, 'utf8')).files;
  const english = files.filter((f) => f.language === 'en' && f.duration_s);
  const first = ['long/ljspeech_LJ001-0001_to_0032_concat.flac', 'long/physicsworks_audio.webm'];
  const rest = english
    .filter((f) => f.path.startsWith('speech/en/') && !/^speech\/en\/LJ001-/.test(f.path) && !/jfk/.test(f.path))
    .sort((a, b) => Number(b.duration_s) - Number(a.duration_s));
  const chosen = [];
  let total = 0;
  for (const f of [...first.map((p) => english.find((e) => e.path === p)).filter((f) => f !== undefined), ...rest]) {
    if (total >= REAL_SECONDS) break;
    chosen.push(join(SHARED_MEDIA, f.path));
    total += Number(f.duration_s);
  }
  return total >= REAL_SECONDS ? chosen : `only ${total.toFixed(0)} s of English speech in ${SHARED_MEDIA}`;
}

/**
 * The ten minutes as a 16 kHz mono WAV (the app's file, faster-whisper's input) and as raw f32le
 * (the baseline's input, as whisper-web gets PCM from the browser's AudioContext), made once.
 * @returns {{ wav: string, pcm: string } | string} the files, or why not
 */
export function realSpeech() {
  const wav = join(MEDIA_DIR, `real-speech-${REAL_SECONDS / 60}min.wav`);
  const pcm = join(MEDIA_DIR, `real-speech-${REAL_SECONDS / 60}min.f32`);
  if (existsSync(wav) && existsSync(pcm)) return { wav, pcm };
  const sources = realSpeechSources();
  if (typeof sources === 'string') return sources;
  mkdirSync(MEDIA_DIR, { recursive: true });
  const inputs = sources.flatMap((s) => ['-i', s]);
  const filter = `${sources.map((_, i) => `[${i}:a]aresample=16000,aformat=channel_layouts=mono[a${i}]`).join(';')};${sources.map((_, i) => `[a${i}]`).join('')}concat=n=${sources.length}:v=0:a=1[out]`;
  const partial = `${wav}.partial.wav`;
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-filter_complex', filter, '-map', '[out]', '-t', String(REAL_SECONDS), '-c:a', 'pcm_s16le', partial], { stdio: 'inherit' });
  renameSync(partial, wav);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', wav, '-f', 'f32le', `${pcm}.partial`], { stdio: 'inherit' });
  renameSync(`${pcm}.partial`, pcm);
  return { wav, pcm };
}

/**
 * The real models that `npm run models:real` has converted, each linked into REAL_HUB_ROOT with a q4
 * copy of its merged decoder (whisper-web's dtype; the converted repos ship fp32 and q8 only).
 * @returns {{ key: string, repo: string, source: string, ct2: string }[]}
 */
export function buildRealHubRoot() {
  rmSync(REAL_HUB_ROOT, { recursive: true, force: true });
  const ready = [];
  for (const model of MODELS) {
    const source = join(REAL_CACHE, 'hub', model.repo);
    const ct2 = join(REAL_CACHE, 'ct2', model.key);
    if (!existsSync(join(source, 'onnx', 'decoder_model_merged.onnx')) || !existsSync(join(ct2, 'model.bin'))) {
      console.log(`bench: real: ${model.repo} is not converted (run \`npm run models:real\`): skipped`);
      continue;
    }
    const q4 = q4Decoder(join(source, 'onnx', 'decoder_model_merged.onnx'), `real__${model.key}`);
    linkRepo(source, join(REAL_HUB_ROOT, model.repo), q4);
    ready.push({ key: model.key, repo: model.repo, source: model.source, ct2 });
  }
  return ready;
}

/**
 * faster-whisper int8 on the CPU in the realmodels venv (faster_whisper_run.py), one run.
 * @param {string} ct2 the CTranslate2 model folder
 * @param {string} wav
 * @returns {{ load_s: number, transcribe_s: number, audio_s: number, text: string, threads: number, peak_rss_bytes: number, faster_whisper: string, ctranslate2: string }}
 */
export function runFasterWhisper(ct2, wav) {
  const python = join(REAL_CACHE, 'venv', 'bin', 'python');
  if (!existsSync(python)) throw new Error(`${python} not found: run \`npm run models:real\` (it makes the venv)`);
  const out = execFileSync(python, ['tools/bench/faster_whisper_run.py', ct2, wav, '--language', 'en'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

/** Words in a transcript: a sanity check that a configuration really transcribed. @param {string} text */
export function wordCount(text) {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}
